"""News: articles (announcements, awards, media coverage, research highlights) and their listing."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from mila.pages import BasePage, IndexPage, Routable, SearchKind
from pages.blocks import BodyBlock

from .vocabulary import NewsCategory


def fill_missing_slugs(page):
    """Give a page written in one language its default-language slug in the other.

    Children are found by their slug in the URL's language (mila.pages), so an article
    without a French slug gets the English one: /fr/nouvelles/<english-slug>/.
    """
    default = getattr(page, f"slug_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}", "")
    for code, _name in settings.LANGUAGES:
        if not getattr(page, f"slug_{code}", None):
            setattr(page, f"slug_{code}", default)


# Shown on an article read in a language it was not written in.
ONLY_IN_LANGUAGE = {
    "en": _("This article is available in English only."),
    "fr": _("This article is available in French only."),
}


class NewsPage(BasePage):
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date shown on the article; the listing and feeds are sorted by it."),
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=NewsCategory,
        default=NewsCategory.ANNOUNCEMENT,
    )
    lead = models.TextField(
        _("lead"),
        max_length=500,
        blank=True,
        help_text=_(
            "One or two sentences, shown in listings, feeds and at the top of the article."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
    )
    main_image_alt = models.CharField(
        _("alternative text of the main image"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    research_topics = ParentalManyToManyField(
        "mila.ResearchTopic", blank=True, related_name="news", verbose_name=_("research topics")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
        FieldPanel("lead"),
        FieldRowPanel([FieldPanel("main_image"), FieldPanel("main_image_alt")]),
        FieldPanel("body"),
        InlinePanel("related_people", label=_("People in this article")),
        FieldPanel("research_topics"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    search_kind = SearchKind("news", _("News"), 60)
    og_type = "article"
    description_fields = ("search_description", "lead")
    social_image_fields = ("main_image",)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def save(self, *args, **kwargs):
        fill_missing_slugs(self)
        super().save(*args, **kwargs)

    @property
    def written_in(self):
        """The languages the article's text (lead or body) was written in."""
        return [
            code
            for code, _name in settings.LANGUAGES
            if getattr(self, f"lead_{code}", "") or getattr(self, f"body_{code}", None)
        ]

    @property
    def content_language(self):
        """The language of the text shown now: the visitor's, or the one it was written in."""
        current = translation.get_language()
        written = self.written_in
        if not written or current in written:
            return current
        return written[0]

    @property
    def only_in_language_note(self):
        language = self.content_language
        return "" if language == translation.get_language() else ONLY_IN_LANGUAGE.get(language)

    @property
    def pub_datetime(self):
        """The article's date as an aware datetime (midnight in the site's time zone), for feeds."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time.min))

    def live_people(self):
        links = self.related_people.filter(person__live=True).select_related("person")
        return [link.person for link in links]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["people"] = self.live_people()
        context["topics"] = self.research_topics.all()
        context["index"] = self.get_parent().specific
        return context


class NewsPersonLink(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_people")
    person = models.ForeignKey(
        "people.PersonPage",
        on_delete=models.CASCADE,
        related_name="news_links",
        verbose_name=_("person"),
    )

    panels = [PageChooserPanel("person", "people.PersonPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("person in the article")
        verbose_name_plural = _("people in the article")


class NewsIndexPage(Routable, IndexPage):
    """The news listing (filters as GET parameters, newest first) and its RSS and Atom feeds."""

    subpage_types = ["news.NewsPage"]

    page_size = 12
    items_per_feed = 20

    class Meta:
        verbose_name = _("news listing")

    def children(self):
        return super().children().order_by("-date", "-first_published_at", "-pk")

    @path("")
    def listing(self, request):
        from .listing import NewsListing

        listing = NewsListing(self.children(), request.GET, self.page_size)
        return self.render(request, context_overrides={"listing": listing})

    @path("rss/")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)
