"""Filtering and pagination of the news listing."""

from functools import cached_property

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from mila.forms import ListingFilterForm
from mila.models import ResearchTopic

from .vocabulary import NewsCategory

# The renditions of news/includes/news_card.html, fetched with the page of results.
CARD_IMAGE_FILTER = Filter.expand_spec(["fill-{320x180,640x360}", "format-{webp,jpeg}"])


class NewsFilterForm(ListingFilterForm):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *NewsCategory.choices],
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Research topic"),
        queryset=ResearchTopic.objects.all(),
        to_field_name="slug",
        empty_label=_("All topics"),
        required=False,
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, data, years):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]


class NewsListing:
    def __init__(self, news, params, per_page):
        self.all_news = news
        years = [day.year for day in news.order_by().dates("date", "year", order="DESC")]
        self.form = NewsFilterForm(params, years)
        self.filters = self.form.filters()
        self.per_page = per_page
        self.page_number = params.get("page")

    @property
    def is_filtered(self):
        return bool(self.filters)

    @cached_property
    def results(self):
        news = self.all_news
        if "category" in self.filters:
            news = news.filter(category=self.filters["category"])
        if "topic" in self.filters:
            news = news.filter(research_topics=self.filters["topic"])
        if "year" in self.filters:
            news = news.filter(date__year=self.filters["year"])
        return news

    @cached_property
    def page_obj(self):
        images = get_image_model().objects.prefetch_renditions(*CARD_IMAGE_FILTER)
        results = self.results.prefetch_related(Prefetch("main_image", queryset=images))
        return Paginator(results, self.per_page).get_page(self.page_number)
