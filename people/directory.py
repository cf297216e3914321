"""Filtering, facet counts, A–Z index and pagination of the people directory."""

import string
from functools import cached_property

from django.db.models import Count, Prefetch, Q
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from mila.cache import remembered
from mila.cards import cards_with_values
from mila.models import Institution, ResearchTopic
from mila.pagination import ListingPaginator, filters_key

from .filters import DirectoryFilterForm
from .vocabulary import ACADEMIC, ACADEMIC_MEMBERSHIPS, MembershipType, initial_of, name_key

# The renditions of people/includes/person_card.html, fetched with the page of results.
CARD_PORTRAIT = Filter.expand_spec(["fill-{80x80,160x160}-c100", "format-{webp,jpeg}"])


def apply_filters(people, filters):
    words = filters.get("q", "").split()
    for word in words:
        topic_match = people.model.objects.filter(
            Q(research_topics__name_en__icontains=word)
            | Q(research_topics__name_fr__icontains=word)
        ).values("pk")
        people = people.filter(Q(sort_key__contains=name_key(word)) | Q(pk__in=topic_match))
    if "topic" in filters:
        people = people.filter(research_topics=filters["topic"])
    if filters.get("membership") == ACADEMIC:
        people = people.filter(membership_type__in=ACADEMIC_MEMBERSHIPS)
    elif "membership" in filters:
        people = people.filter(membership_type=filters["membership"])
    if "institution" in filters:
        people = people.filter(institution=filters["institution"])
    if filters.get("chair"):
        people = people.filter(cifar_chair=True)
    if filters.get("accepting"):
        people = people.filter(accepting_students=True)
    return people


class Directory:
    def __init__(self, people, params, per_page, cache_key=None):
        self.all_people = people
        self.cache_key = cache_key
        self.form = DirectoryFilterForm(params)
        self.filters = self.form.filters()
        self.per_page = per_page
        self.results = apply_filters(people, self.filters).order_by("sort_key", "pk")
        images = get_image_model().objects.prefetch_renditions(*CARD_PORTRAIT)
        listing = self.results.select_related("institution").prefetch_related(
            "research_topics", Prefetch("portrait", queryset=images)
        )
        counted_as = None
        if cache_key is not None:
            counted_as = f"directory-count:{cache_key}:{filters_key(self.filters)}"
        self.page_obj = ListingPaginator(listing, per_page, remember_as=counted_as).get_page(
            params.get("page")
        )

    def cards(self, request):
        """`[(letter, card HTML)]` for this page of people (mila/cards.py)."""
        rows = cards_with_values(
            "people/includes/person_card.html", self.page_obj, "person", ("sort_key",), request
        )
        return [(initial_of(values["sort_key"]), html) for values, html in rows]

    @property
    def is_filtered(self):
        return bool(self.filters)

    def _without(self, facet):
        others = {name: value for name, value in self.filters.items() if name != facet}
        # No ordering: it would add the page path to the GROUP BY of the facet counts.
        return apply_filters(self.all_people, others).order_by()

    @cached_property
    def facets(self):
        """The filter choices with their counts and the A–Z links, remembered per filter set."""

        def build():
            return {
                "topic_options": self._topic_options(),
                "institution_options": self._institution_options(),
                "membership_options": self._membership_options(),
                "chair_count": self._without("chair").filter(cifar_chair=True).count(),
                "accepting_count": self._without("accepting")
                .filter(accepting_students=True)
                .count(),
                "letters": self._letters(),
            }

        if self.cache_key is None:
            return build()
        filters = sorted(
            (name, getattr(value, "pk", value)) for name, value in self.filters.items()
        )
        return remembered(f"directory:{self.cache_key}:{self.per_page}:{filters}", build)

    topic_options = property(lambda self: self.facets["topic_options"])
    institution_options = property(lambda self: self.facets["institution_options"])
    membership_options = property(lambda self: self.facets["membership_options"])
    chair_count = property(lambda self: self.facets["chair_count"])
    accepting_count = property(lambda self: self.facets["accepting_count"])
    letters = property(lambda self: self.facets["letters"])

    def _topic_options(self):
        counts = dict(
            self._without("topic")
            .values_list("research_topics")
            .annotate(count=Count("pk", distinct=True))
        )
        selected = self.filters.get("topic")
        return [
            {
                "value": topic.slug,
                "label": topic.name,
                "count": counts.get(topic.pk, 0),
                "selected": topic == selected,
            }
            for topic in ResearchTopic.objects.all()
        ]

    def _institution_options(self):
        counts = dict(
            self._without("institution").values_list("institution").annotate(count=Count("pk"))
        )
        selected = self.filters.get("institution")
        return [
            {
                "value": institution.short_name,
                "label": institution.name,
                "count": counts.get(institution.pk, 0),
                "selected": institution == selected,
            }
            for institution in Institution.objects.all()
        ]

    def _membership_options(self):
        counts = dict(
            self._without("membership").values_list("membership_type").annotate(count=Count("pk"))
        )
        selected = self.filters.get("membership")
        return [
            {
                "value": value,
                "label": str(label),
                "count": counts.get(value, 0),
                "selected": value == selected,
            }
            for value, label in MembershipType.choices
        ]

    def _letters(self):
        """A–Z jump links: each letter points to the page of results where it starts."""
        first_page = {}
        for position, key in enumerate(self.results.values_list("sort_key", flat=True)):
            letter = key[:1].upper()
            first_page.setdefault(letter, position // self.per_page + 1)
        return [
            {"letter": letter, "page": first_page.get(letter)} for letter in string.ascii_uppercase
        ]
