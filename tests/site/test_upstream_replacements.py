"""What this project replaces in Wagtail and its add-ons, pinned to the code it was written for.

Each replacement has an upstream reason in its module's docstring. When an upgrade changes the
replaced code, the digest below changes and this test fails: read the new upstream code, check
that the replacement still gives the same answers (the behaviour tests beside each one), then
update the digest.
"""

import hashlib
import inspect

import pytest
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail_modeltranslation import patch_wagtailadmin

from mila import restrictions, routing, search_backend, translated_slugs

# Every replaced or relied-on upstream function, with the first 16 hex digits of the SHA-256 of
# its source in the versions pinned in pyproject.toml, and where the replacement lives.
REPLACED = [
    # Loads every sibling to check a slug (wagtail-modeltranslation): mila/translated_slugs.py.
    (translated_slugs.REPLACED, "10939e5b7b752aa7"),
    # Rewrites the whole search index per object indexed (modelsearch): mila/search_backend.py.
    (search_backend.REPLACED, "cabf10eb3caac5bb"),
    # Compares the slug of every child in Python (wagtail-modeltranslation): undone by
    # mila.pages.install_routes for every page type.
    (patch_wagtailadmin._new_route, "deccc0c8975a2a9e"),
    # Sub-routes, then super().route: what BasePage.route relies on (Wagtail).
    (RoutablePageMixin.route, "34175f2079a3b1a4"),
    # Reads every view restriction at each .public() and each page served (Wagtail):
    # mila/restrictions.py.
    (restrictions._wagtail_private_q, "eb30b1c0017f13c2"),
    (restrictions._wagtail_get_view_restrictions, "f41021bde7cdda11"),
    # Reads the sites table, then the root page, for every request (Wagtail): mila/routing.py.
    (routing._wagtail_find_site, "a6f5ba5a68b3a8dd"),
]


@pytest.mark.parametrize(
    ("function", "digest"), REPLACED, ids=lambda value: getattr(value, "__qualname__", value)
)
def test_the_replaced_code_is_the_one_this_project_was_written_against(function, digest):
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, (
        f"{function.__module__}.{function.__qualname__} changed upstream"
    )
