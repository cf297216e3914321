import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo site (pages, profiles, publications, navigation)."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths; tests that create sites or pages must not see stale ones.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """Keep the demo content across tests that commit (live servers, other processes).

    Such a test is marked `django_db(transaction=True, serialized_rollback=True)`: it commits,
    so pytest-django empties the database after it, and `serialized_rollback` reloads a snapshot
    before each test. Django takes that snapshot right after the migrations, so it is taken
    again here, once the demo is loaded.

    Django keeps its snapshot on the connection object, but once Playwright runs, the test body
    may get another connection object for the same database (connections are context-local and
    Playwright switches greenlets), so the snapshot is set on the connection's class.
    """
    with django_db_blocker.unblock():
        for connection in connections.all():
            snapshot = connection.creation.serialize_db_to_string()
            type(connection)._test_serialized_contents = snapshot
            # Django also keeps the snapshot it took after the migrations on the connection
            # itself, which would hide the class attribute.
            connection._test_serialized_contents = snapshot
