"""The news listing's filters: category, research topic and year."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from mila.forms import ListingFilterForm, choice_filter
from mila.listing import Listing, topic_facet

from .vocabulary import NewsCategory

# The renditions of news/includes/news_card.html, fetched with the page of results.
CARD_IMAGE_FILTER = Filter.expand_spec(["fill-{320x180,640x360}", "format-{webp,jpeg}"])


class NewsFilterForm(ListingFilterForm):
    category = choice_filter(_("Category"), _("All categories"), choices=NewsCategory.choices)
    topic = topic_facet().form_field()
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, data, years):
        super().__init__(data)
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]


class NewsListing(Listing):
    lookups = {"topic": "research_topics", "year": "date__year"}

    def make_form(self, params):
        news = self.all_pages.order_by().dates("date", "year", order="DESC")
        return NewsFilterForm(params, [day.year for day in news])

    def for_display(self, results):
        images = get_image_model().objects.prefetch_renditions(*CARD_IMAGE_FILTER)
        return results.prefetch_related(Prefetch("main_image", queryset=images))
