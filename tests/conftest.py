import os

import pytest
from django.core.cache import cache
from django.core.management import call_command


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
