"""The project's page types: the one list the per-page-type suites are derived from or checked
against (accessibility, page weight, query budgets, hostile input, Communications' permissions).

A page type added to an app appears here by itself, so a suite that does not cover it fails.
"""

from wagtail.models import get_page_models

from editorial.roles import project_app_configs


def page_models():
    """Every page model of the project's apps (Wagtail's own `Page` excluded).

    `get_page_models()` lists concrete models only. Once every page type derives from the
    kernel's abstract `BasePage`, the filter below becomes `issubclass(model, BasePage)`.
    """
    apps = {config.label for config in project_app_configs()}
    return sorted(
        (model for model in get_page_models() if model._meta.app_label in apps),
        key=lambda model: model._meta.label,
    )


def page_types():
    """The labels of `page_models()`, e.g. "people.PersonPage", sorted."""
    return [model._meta.label for model in page_models()]


def missing(covered, excluded=None):
    """The page types neither in `covered` nor in `excluded` ({label: reason}), sorted."""
    return sorted(set(page_types()) - set(covered) - set(excluded or {}))
