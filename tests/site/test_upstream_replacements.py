"""What this project replaces in Wagtail and its add-ons, pinned to the code it was written for.

Each replacement has an upstream reason in its module's docstring. When an upgrade changes the
replaced code, the digest below changes and this test fails: read the new upstream code, check
that the replacement still gives the same answers (the behaviour tests beside each one), then
update the digest.
"""

import hashlib
import inspect

import pytest

from mila import search_backend, translated_slugs

REPLACED = [
    # Slug uniqueness: loads every sibling (wagtail-modeltranslation).
    (translated_slugs.REPLACED, "10939e5b7b752aa7"),
    # Title norms: rewrites the whole search index per object indexed (modelsearch, PostgreSQL).
    (search_backend.REPLACED, "cabf10eb3caac5bb"),
]


@pytest.mark.parametrize(
    ("function", "digest"), REPLACED, ids=lambda value: getattr(value, "__qualname__", value)
)
def test_the_replaced_code_is_the_one_this_project_was_written_against(function, digest):
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == digest, (
        f"{function.__module__}.{function.__qualname__} changed upstream"
    )
