"""The people directory's listing: name or topic search, facets, A–Z index and person cards."""

import string

from django import forms
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from mila.cards import cards_with_values
from mila.forms import ListingFilterForm
from mila.listing import Facet, Listing, topic_facet
from mila.models import Institution
from mila.text import fold

from .vocabulary import ACADEMIC, ACADEMIC_MEMBERSHIPS, MembershipType, initial_of

# The renditions of people/includes/person_card.html, fetched with the page of results.
CARD_PORTRAIT = Filter.expand_spec(["fill-{80x80,160x160}-c100", "format-{webp,jpeg}"])


class DirectoryFilterForm(ListingFilterForm):
    """The directory's filters besides its facets."""

    field_order = ["q", "topic", "membership", "institution", "chair", "accepting"]

    q = forms.CharField(label=_("Name or research topic"), max_length=100, required=False)
    chair = forms.BooleanField(label=_("Canada CIFAR AI Chairs only"), required=False)
    accepting = forms.BooleanField(label=_("Accepting new students"), required=False)


class MembershipFacet(Facet):
    """Membership types, and all academic members (core and associate) at once."""

    def form_field(self):
        field = super().form_field()
        academic = (ACADEMIC, _("Academic members (core and associate)"))
        field.choices = [field.choices[0], academic, *field.choices[1:]]
        return field

    def filter(self, people, value):
        if value == ACADEMIC:
            return people.filter(membership_type__in=ACADEMIC_MEMBERSHIPS)
        return super().filter(people, value)


class Directory(Listing):
    name = "directory"
    form_class = DirectoryFilterForm
    facets = (
        topic_facet(folded=False),
        MembershipFacet(
            "membership",
            _("Membership"),
            _("All members"),
            lookup="membership_type",
            choices=MembershipType.choices,
        ),
        Facet(
            "institution",
            _("Institution"),
            _("All institutions"),
            queryset=Institution.objects,
            value_field="short_name",
            folded=False,
        ),
    )
    ordering = ("sort_key", "pk")
    remember_count = True

    def filter_q(self, people, text):
        for word in text.split():
            topic_match = people.model.objects.filter(
                Q(research_topics__name_en__icontains=word)
                | Q(research_topics__name_fr__icontains=word)
            ).values("pk")
            people = people.filter(Q(sort_key__contains=fold(word)) | Q(pk__in=topic_match))
        return people

    def filter_chair(self, people, _checked):
        return people.filter(cifar_chair=True)

    def filter_accepting(self, people, _checked):
        return people.filter(accepting_students=True)

    def for_display(self, results):
        images = get_image_model().objects.prefetch_renditions(*CARD_PORTRAIT)
        return results.select_related("institution").prefetch_related(
            "research_topics", Prefetch("portrait", queryset=images)
        )

    def counted(self):
        """The facets, the number of chairs and of people accepting students, the A–Z links."""
        return super().counted() | {
            "chair": self.without("chair").filter(cifar_chair=True).count(),
            "accepting": self.without("accepting").filter(accepting_students=True).count(),
            "letters": self._letters(),
        }

    @property
    def letters(self):
        return self.counts["letters"]

    def _letters(self):
        """A–Z jump links: each letter points to the page of results where it starts."""
        first_page = {}
        for position, key in enumerate(self.results.values_list("sort_key", flat=True)):
            letter = key[:1].upper()
            first_page.setdefault(letter, position // self.per_page + 1)
        return [
            {"letter": letter, "page": first_page.get(letter)} for letter in string.ascii_uppercase
        ]

    def cards(self, request):
        """`[(letter, card HTML)]` for this page of people (mila/cards.py)."""
        rows = cards_with_values(
            "people/includes/person_card.html", self.page_obj, "person", ("sort_key",), request
        )
        return [(initial_of(values["sort_key"]), html) for values, html in rows]
