"""Partner projects and their listing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from mila.listing import Facet, Listing, topic_facet
from mila.pages import BasePage, IndexPage, SearchKind
from mila.serializers import PageLinkField, TermSerializer

from .common import (
    RICH_TEXT,
    YEAR_VALIDATORS,
    ProjectStatus,
    Sector,
    _logo_field,
    _logos,
    _sector_field,
)


class PartnerProjectPage(BasePage):
    partner_name = models.CharField(_("partner organisation"), max_length=200)
    partner_logo = _logo_field()
    partner_website = models.URLField(_("partner website"), blank=True)
    sector = _sector_field("partner_projects")
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("One or two sentences, shown in listings and at the top of the page."),
    )
    challenge = RichTextField(_("challenge"), blank=True, features=RICH_TEXT)
    approach = RichTextField(_("approach"), blank=True, features=RICH_TEXT)
    outcome = RichTextField(_("outcome"), blank=True, features=RICH_TEXT)
    research_topics = ParentalManyToManyField(
        "mila.ResearchTopic",
        blank=True,
        related_name="partner_projects",
        verbose_name=_("research topics"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus, default=ProjectStatus.ONGOING
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("partner_name"),
                FieldPanel("partner_logo"),
                FieldPanel("partner_website"),
                FieldPanel("sector"),
            ],
            heading=_("Partner organisation"),
        ),
        FieldPanel("summary"),
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("outcome"),
        InlinePanel("members", label=_("People involved")),
        FieldPanel("research_topics", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")],
            heading=_("Dates and status"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("partner_name"),
        index.SearchField("summary"),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("outcome"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("partner_name"),
        APIField("partner_logo"),
        APIField("partner_website"),
        APIField("sector", serializer=TermSerializer()),
        APIField("summary"),
        APIField("challenge"),
        APIField("approach"),
        APIField("outcome"),
        APIField("research_topics", serializer=TermSerializer(many=True)),
        APIField("start_year"),
        APIField("end_year"),
        APIField("status"),
        APIField("members"),
    ]

    parent_page_types = ["partnerships.PartnerProjectIndexPage"]
    subpage_types = []

    search_kind = SearchKind("projects", _("Partner projects"), 30)
    description_fields = ("search_description", "summary")

    class Meta:
        verbose_name = _("partner project")
        verbose_name_plural = _("partner projects")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})

    @property
    def years(self):
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    def live_members(self):
        """People involved whose profile is published, in the editor's order."""
        return self.members.filter(person__live=True).select_related(
            "person", "person__institution"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = self.live_members()
        context["topics"] = self.research_topics.all()
        return context


class PartnerProjectMember(Orderable):
    project = ParentalKey(PartnerProjectPage, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.PersonPage",
        on_delete=models.CASCADE,
        related_name="partner_project_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role in the project"),
        max_length=120,
        blank=True,
        help_text=_("For example: project lead. Leave empty to show the person’s title."),
    )

    panels = [PageChooserPanel("person", "people.PersonPage"), FieldPanel("role")]
    api_fields = [APIField("person", serializer=PageLinkField()), APIField("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")

    def __str__(self):
        return self.person.full_name


class ProjectListing(Listing):
    facets = (
        Facet("sector", _("Sector"), _("All sectors"), queryset=Sector.objects),
        topic_facet(),
        Facet("status", _("Status"), _("All projects"), choices=ProjectStatus.choices),
    )
    ordering = (models.F("start_year").desc(nulls_last=True), "title", "pk")
    select_related = ("sector",)

    @property
    def prefetch_related(self):
        return ("research_topics", models.Prefetch("partner_logo", _logos()))


class PartnerProjectIndexPage(IndexPage):
    subpage_types = ["partnerships.PartnerProjectPage"]

    page_size = 12
    listing_class = ProjectListing

    class Meta:
        verbose_name = _("partner project listing")
