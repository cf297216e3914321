"""The publication pages and their index (listing, BibTeX export, feeds)."""

import calendar
import re

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.search import index

from mila.pages import BasePage, IndexPage, Routable, SearchKind
from mila.serializers import TermSerializer

from ..vocabulary import DatePrecision, PublicationStatus, VenueType, publication_slug, title_key


class PublicationIndexPage(Routable, IndexPage):
    """The list of publications: filters as GET parameters, newest first, BibTeX export."""

    subpage_types = ["publications.PublicationPage"]

    page_size = 20

    class Meta:
        verbose_name = _("publication index")

    @path("")
    def listing(self, request):
        from ..listing import PublicationListing

        listing = PublicationListing(
            self.children(), request.GET, self.page_size, cache_key=self.pk
        )
        return self.render(request, context_overrides={"listing": listing})

    @path("bibtex/")
    def bibtex_export(self, request):
        from ..export import bibtex_response
        from ..listing import PublicationListing

        listing = PublicationListing(
            self.children(), request.GET, self.page_size, cache_key=self.pk
        )
        return bibtex_response(listing.export_queryset(), "publications.bib")

    @path(_("feed/rss/"), name="rss_feed")
    def rss_feed(self, request):
        from ..feeds import PublicationRssFeed

        return PublicationRssFeed(self)(request)

    @path(_("feed/atom/"), name="atom_feed")
    def atom_feed(self, request):
        from ..feeds import PublicationAtomFeed

        return PublicationAtomFeed(self)(request)


class PublicationPage(Routable, BasePage):
    """One paper. Its title and abstract stay in their original language; the chrome is translated."""

    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(
        _("language of the title and abstract"),
        max_length=8,
        default="en",
        help_text=_("A language code such as “en” or “fr”, so screen readers pronounce it right."),
    )
    publication_date = models.DateField(
        _("publication date"),
        db_index=True,
        help_text=_("The first day of the year or month when only those are known."),
    )
    date_precision = models.PositiveSmallIntegerField(
        _("date precision"), choices=DatePrecision, default=DatePrecision.DAY
    )
    venue_name = models.CharField(_("venue"), max_length=300, blank=True)
    venue_type = models.CharField(
        _("venue type"), max_length=20, choices=VenueType, default=VenueType.OTHER, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PublicationStatus, default=PublicationStatus.PUBLISHED
    )
    volume = models.CharField(_("volume"), max_length=50, blank=True)
    issue = models.CharField(_("issue"), max_length=50, blank=True)
    pages = models.CharField(_("pages"), max_length=50, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True)
    arxiv_id = models.CharField(_("arXiv id"), max_length=50, blank=True, db_index=True)
    openreview_id = models.CharField(_("OpenReview id"), max_length=100, blank=True)
    external_id = models.CharField(
        _("external paper id"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The publication pipeline’s id for this paper; it updates the page it finds."),
    )
    bibtex_key = models.CharField(_("BibTeX key"), max_length=100, blank=True)
    pdf_url = models.URLField(_("PDF"), max_length=500, blank=True)
    code_url = models.URLField(_("code"), max_length=500, blank=True)
    official_url = models.URLField(_("official page"), max_length=500, blank=True)
    authors_truncated = models.BooleanField(
        _("more authors than listed"),
        default=False,
        help_text=_("The source listed only the first authors (“and others”); shown as “et al.”"),
    )
    research_topics = ParentalManyToManyField(
        "mila.ResearchTopic",
        blank=True,
        related_name="publications",
        verbose_name=_("research topics"),
    )
    title_key = models.CharField(max_length=500, editable=False, db_index=True, default="")

    content_panels = [
        TitleFieldPanel(
            "title_en", heading=_("Title (in its original language)"), targets=["slug_en"]
        ),
        InlinePanel("authors", heading=_("Authors"), label=_("Author")),
        FieldPanel("authors_truncated"),
        FieldPanel("abstract"),
        FieldPanel("language"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publication_date"), FieldPanel("date_precision")]),
                FieldRowPanel([FieldPanel("venue_name"), FieldPanel("venue_type")]),
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
                FieldPanel("publisher"),
            ],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("doi"),
                FieldPanel("arxiv_id"),
                FieldPanel("openreview_id"),
                FieldPanel("external_id"),
                FieldPanel("bibtex_key"),
            ],
            heading=_("Identifiers"),
        ),
        MultiFieldPanel(
            [FieldPanel("pdf_url"), FieldPanel("code_url"), FieldPanel("official_url")],
            heading=_("Links"),
        ),
        FieldPanel("research_topics"),
    ]

    # Indexing is deferred and done in bulk by the importers (see publications/importing/indexing.py).
    search_auto_update = False
    search_fields = BasePage.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("venue_name"),
        # One field for all the names: indexing five related rows per paper costs twice as much.
        index.SearchField("author_names"),
        index.FilterField("publication_date"),
        index.FilterField("venue_type"),
    ]
    api_fields = [
        APIField("authors"),
        APIField("authors_truncated"),
        APIField("abstract"),
        APIField("language"),
        APIField("publication_date"),
        APIField("date_precision"),
        APIField("venue_name"),
        APIField("venue_type"),
        APIField("status"),
        APIField("volume"),
        APIField("issue"),
        APIField("pages"),
        APIField("publisher"),
        APIField("doi"),
        APIField("arxiv_id"),
        APIField("openreview_id"),
        APIField("external_id"),
        APIField("pdf_url"),
        APIField("code_url"),
        APIField("official_url"),
        APIField("research_topics", serializer=TermSerializer(many=True)),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    # Searched by their own index (title and abstract are not translated): decision 011.
    search_kind = SearchKind("publications", _("Publications"), 20)
    has_search_documents = False
    og_type = "article"
    description_fields = ("search_description", "abstract")

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        permissions = [("import_publications", _("Can import publications from BibTeX"))]

    def full_clean(self, *args, **kwargs):
        # The title is not translated: the French page shows the original title too.
        original = self.title_en or self.title
        for language, _name in settings.LANGUAGES:
            setattr(self, f"title_{language}", original)
        self.title = original
        self.slug_en = self.slug_en or publication_slug(original)
        self.slug_fr = self.slug_fr or self.slug_en
        self.slug = self.slug or self.slug_en
        self.external_id = self.external_id or None
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title_en or self.title)
        super().save(*args, **kwargs)

    @property
    def original_title(self):
        return self.title_en or self.title

    @property
    def year(self):
        return self.publication_date.year

    @property
    def display_date(self):
        """The date as precisely as it is known, in the visitor's language."""
        from django.utils.formats import date_format

        if self.date_precision == DatePrecision.YEAR:
            return str(self.year)
        if self.date_precision == DatePrecision.MONTH:
            return date_format(self.publication_date, "YEAR_MONTH_FORMAT")
        return date_format(self.publication_date, "DATE_FORMAT")

    @property
    def iso_date(self):
        """2025, 2025-04 or 2025-04-24, for <time datetime> and JSON-LD."""
        formats = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m"}
        return self.publication_date.strftime(formats.get(self.date_precision, "%Y-%m-%d"))

    @property
    def month_name(self):
        if self.date_precision < DatePrecision.MONTH:
            return ""
        return calendar.month_abbr[self.publication_date.month].lower()

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def arxiv_url(self):
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def openreview_url(self):
        return f"https://openreview.net/forum?id={self.openreview_id}" if self.openreview_id else ""

    @property
    def pdf_link(self):
        """The PDF given for the paper, or arXiv's when there is only an arXiv id."""
        if self.pdf_url:
            return self.pdf_url
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def first_page(self):
        return re.split(r"\s*[-–—]+\s*", self.pages, maxsplit=1)[0] if self.pages else ""

    @property
    def last_page(self):
        parts = re.split(r"\s*[-–—]+\s*", self.pages, maxsplit=1) if self.pages else []
        return parts[1] if len(parts) == 2 else ""

    @cached_property
    def author_list(self):
        """Authors in order; uses prefetched rows when the listing prefetched them."""
        return list(self.authors.all())

    def author_names(self):
        return ", ".join(author.name for author in self.author_list)

    @property
    def abstract_excerpt(self):
        """The first words of a long abstract, or "" when the abstract is short enough to show."""
        words = self.abstract.split()
        if len(words) <= 45:
            return ""
        return " ".join(words[:35]) + "…"

    def get_context(self, request, *args, **kwargs):
        from ..citation import Citation

        context = super().get_context(request, *args, **kwargs)
        context["citation"] = Citation(self, request)
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("bibtex/")
    def bibtex_download(self, request):
        from ..export import bibtex_response

        return bibtex_response([self], f"{self.citation_key}.bib")

    @path("ris/")
    def ris_download(self, request):
        from ..citation import ris_response

        return ris_response(self)

    @property
    def citation_key(self):
        if self.bibtex_key:
            return self.bibtex_key
        authors = self.author_list
        family = slugify(authors[0].family_name) if authors else "anonymous"
        first_word = next((word for word in self.title_key.split() if len(word) > 3), "paper")
        return f"{family.replace('-', '')}{self.year}{first_word}"
