"""Filtering and pagination of the publication index."""

import datetime
from functools import cached_property

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mila.cache import remembered
from mila.forms import ListingFilterForm, choice_filter
from mila.listing import Listing, topic_facet
from mila.models import ResearchTopic
from mila.signals import PUBLICATIONS
from mila.templatetags.mila_tags import field_lang
from people.models import PersonPage

from . import search_index
from .authorship import Authorship, with_authors
from .vocabulary import VenueType, author_key, title_key

MAX_WORDS = 8
# Counting the papers a common word matches ("learning") reads every abstract; past this many
# the list says "more than" and stops counting (the first pages come in date order at once).
SEARCH_COUNT_CAP = 1000


class AuthorField(forms.CharField):
    """An author's name, or the slug of a profile (the profiles' "filter them" links).

    A text field rather than a list of every author: the list page would grow with the
    directory (1,026 options, 55 KB at 1,000 people) and listing them read every authorship.
    A profile's slug gives the profile, shown by its name; any other text is a name.
    """

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        profile = PersonPage.objects.live().filter(slug_en=text).first()
        return profile or text


class PublicationFilterForm(ListingFilterForm):
    """The publication index's filters."""

    q = forms.CharField(label=_("Title, abstract, author or venue"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1000, max_value=2999, required=False)
    topic = topic_facet().form_field()
    author = AuthorField(label=_("Author"), max_length=100, required=False)
    venue_type = choice_filter(_("Type of venue"), _("All types"), choices=VenueType.choices)


def _abstract_has(publications, word):
    """Papers whose abstract has `word`: through the search index on PostgreSQL, where a
    rare word matches whole words and their beginnings; as text anywhere else."""
    if search_index.in_use():
        found = search_index.body_has(publications.model, word)
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


class PublicationListing(Listing):
    name = "publication"
    form_class = PublicationFilterForm
    lookups = {"topic": "research_topics"}
    ordering = ("-publication_date", "-pk")
    # Counting reads every matching paper (20 ms for the whole list of 20,000): the count of
    # each set of filters is remembered until content changes.
    remember_count = True
    # Counts and choices depend on the papers alone: a news item's publish keeps them
    # (publications/apps.py says when papers change). Counting and listing the years and topics
    # of 100,000 papers took 270 ms of the first view after any publish.
    depends_on = PUBLICATIONS
    all_labels = {"year": _("All years")}
    option_lang = {"topic": "name"}

    @property
    def count_cap(self):
        return SEARCH_COUNT_CAP if "q" in self.filters else None

    def filter_q(self, publications, text):
        return matches(publications, text)

    def filter_year(self, publications, year):
        return publications.filter(
            publication_date__gte=datetime.date(year, 1, 1),
            publication_date__lte=datetime.date(year, 12, 31),
        )

    def filter_author(self, publications, author):
        """A profile's papers, or the papers with an author whose name has every word given."""
        if isinstance(author, PersonPage):
            authorships = Authorship.objects.filter(person=author)
        else:
            authorships = Authorship.objects.all()
            for word in author.split()[:MAX_WORDS]:
                authorships = authorships.filter(name_key__contains=author_key(word))
        return publications.filter(pk__in=authorships.values("page_id"))

    @property
    def author_profile(self):
        """The profile the list is narrowed to, for its feeds; None for a name."""
        author = self.filters.get("author")
        return author if isinstance(author, PersonPage) else None

    def for_display(self, results):
        return with_authors(results)

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
        """The years and topics of the whole list (not of the current filters).

        Two queries over every publication: remembered until content changes.
        """

        def build():
            all_pks = self.all_pages.order_by().values("pk")
            years = self.all_pages.order_by().dates("publication_date", "year", order="DESC")
            topics = ResearchTopic.objects.filter(publications__in=all_pks).distinct()
            return {
                "years": [day.year for day in years],
                "topics": [
                    (topic.pk, topic.slug, topic.name, str(field_lang(topic, "name")))
                    for topic in topics.order_by("name_en")
                ],
            }

        if self.cache_key is None:
            return build()
        return remembered(
            f"publication-choices:{self.cache_key}", build, depends_on=self.depends_on
        )

    def options(self, name):
        """Years and topics of the whole list."""
        selected = self.filters.get(name)
        if name == "year":
            return [
                {"value": year, "label": year, "selected": year == selected}
                for year in self.choices["years"]
            ]
        if name == "topic":
            selected = getattr(selected, "pk", None)
            return [
                {"value": slug, "label": label, "lang": lang, "selected": pk == selected}
                for pk, slug, label, lang in self.choices["topics"]
            ]
        return super().options(name)
