"""Startups born at or supported by the institute, and their listing."""

from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from mila.listing import Facet, Listing
from mila.pages import BasePage, IndexPage, PersonOrName, SearchKind
from mila.serializers import PageLinkField, TermSerializer

from .common import (
    RICH_TEXT,
    YEAR_VALIDATORS,
    Sector,
    StartupRelationship,
    StartupStatus,
    _logo_field,
    _logos,
    _sector_field,
)


class StartupPage(BasePage):
    """A startup born at or supported by the institute. The page title is its name."""

    logo = _logo_field()
    pitch = models.CharField(
        _("one-line pitch"), max_length=200, help_text=_("What the company does, in one line.")
    )
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    sector = _sector_field("startups")
    relationship = models.CharField(
        _("relationship to the institute"),
        max_length=20,
        choices=StartupRelationship,
        default=StartupRelationship.SPIN_OFF,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StartupStatus, default=StartupStatus.ACTIVE
    )
    website = models.URLField(_("website"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("logo"),
        FieldPanel("pitch"),
        FieldPanel("description"),
        InlinePanel("founders", label=_("Founders")),
        FieldRowPanel([FieldPanel("founded_year"), FieldPanel("sector")]),
        FieldRowPanel([FieldPanel("relationship"), FieldPanel("status")]),
        FieldPanel("website"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("logo"),
        APIField("pitch"),
        APIField("description"),
        APIField("founded_year"),
        APIField("sector", serializer=TermSerializer()),
        APIField("relationship"),
        APIField("status"),
        APIField("website"),
        APIField("founders"),
    ]

    parent_page_types = ["partnerships.StartupIndexPage"]
    subpage_types = []

    search_kind = SearchKind("startups", _("Startups"), 40)
    description_fields = ("search_description", "pitch")
    social_image_fields = ("logo",)

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")

    @property
    def website_label(self):
        host = urlsplit(self.website).netloc
        return host.removeprefix("www.") or self.website

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["founders"] = self.founders.select_related("person")
        return context


class StartupFounder(PersonOrName):
    """A founder: a link to their profile, or only their name when they have none here."""

    startup = ParentalKey(StartupPage, on_delete=models.CASCADE, related_name="founders")
    person = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founded_startups",
        verbose_name=_("profile"),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("For founders without a profile on this site."),
    )

    api_fields = [APIField("name"), APIField("person", serializer=PageLinkField())]
    missing_name_message = _("Choose a profile or type the founder’s name.")

    class Meta(PersonOrName.Meta):
        verbose_name = _("founder")
        verbose_name_plural = _("founders")


class StartupListing(Listing):
    facets = (
        Facet("sector", _("Sector"), _("All sectors"), queryset=Sector.objects),
        Facet("status", _("Status"), _("All startups"), choices=StartupStatus.choices),
    )
    ordering = ("title", "pk")
    select_related = ("sector",)

    @property
    def prefetch_related(self):
        return (models.Prefetch("logo", _logos()),)


class StartupIndexPage(IndexPage):
    subpage_types = ["partnerships.StartupPage"]

    page_size = 24
    listing_class = StartupListing

    class Meta:
        verbose_name = _("startup listing")
