from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import urls
from .access import can_use_tools
from .fields import translated_fields
from .models import EditorialStatus
from .panels import dashboard_panels
from .reports import TranslationStatusReport

MISSING_FRENCH = "missing-fr"
page_permission_policy = PagePermissionPolicy()


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [
        path("editorial/", include((urls.urlpatterns, "editorial"), namespace="editorial")),
        path(
            "reports/translation-status/",
            TranslationStatusReport.as_view(),
            name="editorial_translation_report",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusReport.as_view(results_only=True),
            name="editorial_translation_report_results",
        ),
    ]


class ToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_tools(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return ToolsMenuItem(
        _("Translation status"),
        reverse("editorial_translation_report"),
        icon_name="globe",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if can_use_tools(request.user):
        panels.extend(dashboard_panels())


def _translation_label(page):
    status = EditorialStatus.objects.filter(page_id=page.pk).first()
    if status is None or not (status.needs_translation or status.french_outdated):
        return _("Translation")
    if status.french_missing:
        count = len(status.missing_fr)
        return ngettext(
            "Translation: %(count)s field missing in French",
            "Translation: %(count)s fields missing in French",
            count,
        ) % {"count": count}
    if status.english_missing:
        return _("Translation: missing in English")
    return _("Translation: French may be out of date")


@hooks.register("register_page_header_buttons")
def translation_header_buttons(page, user, view_name, next_url=None):
    if not can_use_tools(user) or page.is_root():
        return
    if view_name == "index":
        explore = reverse("wagtailadmin_explore", args=[page.pk])
        yield Button(
            _("Show pages missing French in this section"),
            f"{explore}?translation={MISSING_FRENCH}",
            icon_name="globe",
            priority=80,
        )
        return
    if translated_fields(page.specific_class) and page.permissions_for_user(user).can_edit():
        yield Button(
            _translation_label(page),
            reverse("editorial:translation", args=[page.pk]),
            icon_name="globe",
            priority=5,
        )


@hooks.register("register_page_listing_more_buttons")
def translation_listing_button(page, user, next_url=None):
    if can_use_tools(user) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Translation"),
            reverse("editorial:translation", args=[page.pk]),
            icon_name="globe",
            priority=45,
        )


@hooks.register("construct_explorer_page_queryset")
def filter_missing_french(parent_page, pages, request):
    """`?translation=missing-fr`: the pages of the whole section (not only this level) that
    miss French, with the annotations the explorer's listing expects."""
    if request.GET.get("translation") != MISSING_FRENCH:
        return pages
    explorable = page_permission_policy.explorable_instances(request.user)
    section = (
        Page.objects.descendant_of(parent_page)
        .filter(editorial_status__french_missing=True, pk__in=explorable.values("pk"))
        .prefetch_related("content_type", "sites_rooted_here")
        .defer_streamfields()
        .specific()
        .annotate_site_root_state()
        .annotate_approved_schedule()
        .order_by("path")
    )
    if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        section = section.prefetch_workflow_states()
    return section
