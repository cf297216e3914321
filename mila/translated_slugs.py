"""Slug uniqueness in each language, checked with one indexed query per language.

wagtail-modeltranslation checks that a page's slug is free among its siblings, in every
language, by loading every sibling (`patch_wagtailadmin._validate_slugs`), and Wagtail calls that
check from `full_clean()` in both `save_revision()` and `publish()`: publishing one paper read all
100,000 others twice (10.1 s). The check here asks the database instead: in a language, two
siblings clash when they have the same `url_path` in that language (modeltranslation builds it
from the parent's `url_path` and the slug, falling back to the default language as its check
does), and `url_path_<lang>` is indexed (mila/migrations/0002). Same errors, same fields.

It replaces modeltranslation's module-level function, which the `clean()` it installs on every
page model looks up at each call; `tests/site/test_upstream_replacements.py` fails when an upgrade
changes the function replaced. Upstream: wagtail-modeltranslation's `_validate_slugs` has always
loaded the siblings (github.com/infoportugal/wagtail-modeltranslation, patch_wagtailadmin.py).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_modeltranslation import patch_wagtailadmin

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _value(obj, field, language):
    return getattr(obj, f"{field}_{language}", None) or getattr(obj, f"{field}_{DEFAULT}", None)


def slug_errors(page):
    """{"slug_<lang>": message} for each language where a sibling has the same URL."""
    parent = page.get_parent()
    if parent is None:
        return {}  # the tree root's slug can be anything
    errors = {}
    for language in LANGUAGES:
        slug = _value(page, "slug", language) or page.slug
        parent_path = _value(parent, "url_path", language) or parent.url_path
        clash = (
            Page.objects.rewrite(False)
            .filter(**{f"url_path_{language}": f"{parent_path}{slug}/"})
            .filter(path__startswith=parent.path, depth=parent.depth + 1)
        )
        if page.pk is not None:
            clash = clash.exclude(pk=page.pk)
        if clash.exists():
            errors[f"slug_{language}"] = _("This slug is already in use")
    return errors


REPLACED = patch_wagtailadmin._validate_slugs


def install():
    patch_wagtailadmin._validate_slugs = slug_errors
