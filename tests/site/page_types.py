"""The project's page types: the one list the per-page-type suites are derived from or checked
against (accessibility, page weight, query budgets, hostile input, Communications' permissions).

A page type added to an app appears here by itself, so a suite that does not cover it fails.
"""

from mila.pages import page_types as kernel_page_types


def page_models():
    """Every page type of the site.

    Every concrete BasePage subclass (mila.pages.page_types), sorted by label.
    """
    return sorted(kernel_page_types(), key=lambda model: model._meta.label)


def page_types():
    """The labels of `page_models()`, e.g. "people.PersonPage", sorted."""
    return [model._meta.label for model in page_models()]


def missing(covered, excluded=None):
    """The page types neither in `covered` nor in `excluded` ({label: reason}), sorted."""
    return sorted(set(page_types()) - set(covered) - set(excluded or {}))
