"""Filtering and pagination of the publication index."""

import datetime
from functools import cached_property

from django import forms
from django.core.exceptions import MultipleObjectsReturned
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mila.cache import remembered
from mila.forms import ListingFilterForm
from mila.models import ResearchTopic
from mila.pagination import ListingPaginator, filters_key
from mila.templatetags.mila_tags import field_lang
from people.models import PersonPage

from . import postgres_index
from .authorship import Authorship, with_authors
from .vocabulary import VenueType, author_key, title_key

MAX_WORDS = 8
# Counting the papers a common word matches ("learning") reads every abstract; past this many
# the list says "more than" and stops counting (the first pages come in date order at once).
SEARCH_COUNT_CAP = 1000


class UniqueChoiceField(forms.ModelChoiceField):
    """A slug that matches two objects (two directories) is an invalid choice, not a 500."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except MultipleObjectsReturned as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class PublicationFilterForm(ListingFilterForm):
    """The publication index's filters."""

    q = forms.CharField(label=_("Title, abstract, author or venue"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1000, max_value=2999, required=False)
    topic = UniqueChoiceField(
        label=_("Research topic"),
        queryset=ResearchTopic.objects.all(),
        to_field_name="slug",
        required=False,
    )
    author = UniqueChoiceField(
        label=_("Author"),
        queryset=PersonPage.objects.live(),
        to_field_name="slug_en",
        required=False,
    )
    venue_type = forms.ChoiceField(
        label=_("Type of venue"), choices=[("", ""), *VenueType.choices], required=False
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


def _abstract_has(publications, word):
    """Papers whose abstract has `word`: through the search index on PostgreSQL, where a
    rare word matches whole words and their beginnings; as text anywhere else."""
    if postgres_index.in_use():
        found = postgres_index.body_has(publications.model, word)
        if found is not None:
            return found
    return Q(abstract__icontains=word)


def matches(publications, text):
    """The publications with every word of `text` in their title, abstract, authors or venue.

    Titles and author names match any part of a word, accents and case aside (their keys);
    abstracts match whole words or their beginnings where the search index allows it
    (`_abstract_has`).
    """
    for word in text.split()[:MAX_WORDS]:
        key = author_key(word)
        by_author = Authorship.objects.filter(name_key__contains=key).values("page_id")
        publications = publications.filter(
            Q(title_key__contains=title_key(word) or key)
            | _abstract_has(publications, word)
            | Q(venue_name__icontains=word)
            | Q(pk__in=by_author)
        )
    return publications


def apply_filters(publications, filters):
    if filters.get("q"):
        publications = matches(publications, filters["q"])
    if "year" in filters:
        year = filters["year"]
        publications = publications.filter(
            publication_date__gte=datetime.date(year, 1, 1),
            publication_date__lte=datetime.date(year, 12, 31),
        )
    if "topic" in filters:
        publications = publications.filter(research_topics=filters["topic"])
    if "author" in filters:
        publications = publications.filter(
            pk__in=Authorship.objects.filter(person=filters["author"]).values("page_id")
        )
    if "venue_type" in filters:
        publications = publications.filter(venue_type=filters["venue_type"])
    return publications


class PublicationListing:
    def __init__(self, publications, params, per_page, cache_key=None):
        self.all_publications = publications
        self.cache_key = cache_key
        self.params = params
        self.form = PublicationFilterForm(params)
        self.filters = self.form.filters()
        self.results = apply_filters(publications, self.filters).order_by(
            "-publication_date", "-pk"
        )
        # Counting reads every matching paper (20 ms for the whole list of 20,000): the count
        # of each set of filters is remembered until content changes.
        paginator = ListingPaginator(
            with_authors(self.results),
            per_page,
            cap=SEARCH_COUNT_CAP if "q" in self.filters else None,
            remember_as=None
            if cache_key is None
            else f"publication-count:{cache_key}:{filters_key(self.filters)}",
        )
        self.page_obj = paginator.get_page(params.get("page"))

    @property
    def is_filtered(self):
        return bool(self.filters)

    def export_queryset(self):
        return with_authors(self.results)

    @cached_property
    def export_query(self):
        """The current filters as a query string, for the BibTeX link (no page number)."""
        params = self.params.copy()
        params.pop("page", None)
        return params.urlencode()

    @cached_property
    def choices(self):
        """The years, topics and authors of the whole list (not of the current filters).

        Three queries over every publication: remembered until content changes.
        """

        def build():
            all_pks = self.all_publications.order_by().values("pk")
            years = self.all_publications.order_by().dates("publication_date", "year", order="DESC")
            topics = ResearchTopic.objects.filter(publications__in=all_pks).distinct()
            authored = Authorship.objects.filter(page__in=all_pks).values("person_id")
            people = (
                PersonPage.objects.live()
                .filter(pk__in=authored)
                .order_by("sort_key")
                .only("pk", "slug_en", "given_name", "family_name")
            )
            return {
                "years": [day.year for day in years],
                "topics": [
                    (topic.pk, topic.slug, topic.name, str(field_lang(topic, "name")))
                    for topic in topics.order_by("name_en")
                ],
                "authors": [
                    (person.pk, person.slug_en, f"{person.family_name}, {person.given_name}")
                    for person in people
                ],
            }

        if self.cache_key is None:
            return build()
        return remembered(f"publication-choices:{self.cache_key}", build)

    @property
    def year_options(self):
        selected = self.filters.get("year")
        return [
            {"value": year, "label": year, "selected": year == selected}
            for year in self.choices["years"]
        ]

    @property
    def topic_options(self):
        selected = getattr(self.filters.get("topic"), "pk", None)
        return [
            {"value": slug, "label": name, "lang": lang, "selected": pk == selected}
            for pk, slug, name, lang in self.choices["topics"]
        ]

    @property
    def author_options(self):
        """Profiles with at least one publication here, A–Z."""
        selected = getattr(self.filters.get("author"), "pk", None)
        return [
            {"value": slug, "label": label, "selected": pk == selected}
            for pk, slug, label in self.choices["authors"]
        ]

    @cached_property
    def venue_type_options(self):
        selected = self.filters.get("venue_type")
        return [
            {"value": value, "label": label, "selected": value == selected}
            for value, label in VenueType.choices
        ]
