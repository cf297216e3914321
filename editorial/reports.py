"""The "Translation status" report: pages with missing or possibly outdated translations."""

import datetime

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, get_page_content_types

from .access import require_tools
from .fields import field_labels
from .models import EditorialStatus

FLAGS = {
    ("fr", "missing"): "french_missing",
    ("fr", "outdated"): "french_outdated",
    ("en", "missing"): "english_missing",
    ("en", "outdated"): "english_outdated",
}
SECTION_DEPTH = 3  # root › home › section


def _page_type_choices():
    return sorted(
        (
            (content_type.pk, str(content_type.model_class()._meta.verbose_name).capitalize())
            for content_type in get_page_content_types(include_base_page_type=False)
            if content_type.model_class()
        ),
        key=lambda choice: choice[1],
    )


def _section_choices():
    return [
        (page.pk, page.get_admin_display_title())
        for page in Page.objects.filter(depth=SECTION_DEPTH).order_by("path")
    ]


class TranslationStatusFilterSet(WagtailFilterSet):
    page_type = django_filters.ChoiceFilter(
        label=_("Page type"), choices=_page_type_choices, method="filter_page_type"
    )
    section = django_filters.ChoiceFilter(
        label=_("Section"), choices=_section_choices, method="filter_section"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=[("fr", _("French")), ("en", _("English"))],
        method="filter_language",
        empty_label=_("Both"),
    )
    problem = django_filters.ChoiceFilter(
        label=_("Problem"),
        choices=[("missing", _("Missing")), ("outdated", _("May be out of date"))],
        method="filter_problem",
        empty_label=_("Any"),
    )

    class Meta:
        model = EditorialStatus
        fields = []

    def filter_page_type(self, queryset, name, value):
        return queryset.filter(page__content_type_id=value)

    def filter_section(self, queryset, name, value):
        section = Page.objects.filter(pk=value).first()
        if section is None:
            return queryset.none()
        return queryset.filter(page__path__startswith=section.path)

    def filter_language(self, queryset, name, value):
        # Combined with `problem` in `filter_queryset` below.
        return queryset

    def filter_problem(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        languages = [data["language"]] if data.get("language") else ["fr", "en"]
        problems = [data["problem"]] if data.get("problem") else ["missing", "outdated"]
        condition = Q()
        for language in languages:
            for problem in problems:
                condition |= Q(**{FLAGS[language, problem]: True})
        return queryset.filter(condition)


def _labels(status, attribute):
    labels = field_labels(status.page.specific_class)
    return ", ".join(str(capfirst(labels.get(name, name))) for name in getattr(status, attribute))


class TranslationStatusReport(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    filterset_class = TranslationStatusFilterSet
    index_url_name = "editorial_translation_report"
    index_results_url_name = "editorial_translation_report_results"
    default_ordering = "-last_edited_at"
    model = EditorialStatus
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    no_results_message = _("Every page is translated in both languages.")
    list_export = [
        "page.title",
        "page_url",
        "page_type",
        "section_title",
        "missing_fr_labels",
        "outdated_fr_labels",
        "missing_en_labels",
        "outdated_en_labels",
        "last_edited_at",
    ]
    export_headings = {
        "page.title": _("Page"),
        "page_url": _("Address"),
        "page_type": _("Type"),
        "section_title": _("Section"),
        "missing_fr_labels": _("Missing in French"),
        "outdated_fr_labels": _("French may be out of date"),
        "missing_en_labels": _("Missing in English"),
        "outdated_en_labels": _("English may be out of date"),
        "last_edited_at": _("Last edited"),
    }

    def dispatch(self, request, *args, **kwargs):
        require_tools(request)
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            TitleColumn(
                "page",
                label=_("Page"),
                accessor=lambda status: status.page.get_admin_display_title(),
                get_url=lambda status: reverse("editorial:translation", args=[status.page_id]),
            ),
            Column("page_type", label=_("Type")),
            Column("section_title", label=_("Section")),
            Column("missing_fr_labels", label=_("Missing in French")),
            Column("outdated_fr_labels", label=_("French may be out of date")),
            Column("missing_en_labels", label=_("Missing in English")),
            DateColumn("last_edited_at", label=_("Last edited"), sort_key="last_edited_at"),
        ]

    def get_filename(self):
        return f"translation-status-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = EditorialStatus.objects.filter(
            Q(french_missing=True)
            | Q(english_missing=True)
            | Q(french_outdated=True)
            | Q(english_outdated=True)
        ).select_related("page", "page__content_type")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        section_paths = {row.page.path[: Page.steplen * SECTION_DEPTH] for row in rows}
        sections = {
            page.path: page.get_admin_display_title()
            for page in Page.objects.filter(path__in=section_paths, depth=SECTION_DEPTH)
        }
        for row in rows:
            row.page_type = str(row.page.specific_class._meta.verbose_name).capitalize()
            row.section_title = sections.get(row.page.path[: Page.steplen * SECTION_DEPTH], "")
            row.page_url = row.page.full_url or ""
            for attribute in ("missing_fr", "outdated_fr", "missing_en", "outdated_en"):
                setattr(row, f"{attribute}_labels", _labels(row, attribute))
        return rows
