"""The authors of a paper, as printed and linked to profiles; shared by the pages, lists and feeds.

Kept apart from models.py so that the listing and the feeds import it without importing the
pages that use them (no import cycle; tests/site/test_import_graph.py).
"""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from mila.serializers import PageLinkField

from .vocabulary import author_key


class Authorship(Orderable):
    """An author as printed on the paper, linked to a profile when we know who it is."""

    page = ParentalKey(
        "publications.PublicationPage", on_delete=models.CASCADE, related_name="authors"
    )
    name = models.CharField(_("name as printed"), max_length=200)
    person = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
        verbose_name=_("profile"),
    )
    name_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    # Identifiers sent by the pipeline, kept so `link_authors` can link them later.
    profile_slug = models.CharField(_("profile slug"), max_length=255, blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True)
    openreview_id = models.CharField(_("OpenReview id"), max_length=100, blank=True)
    semantic_scholar_id = models.CharField(
        _("Semantic Scholar author id"), max_length=20, blank=True
    )

    panels = [FieldPanel("name"), FieldPanel("person")]
    api_fields = [APIField("name"), APIField("person", serializer=PageLinkField())]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        indexes = [models.Index(fields=["person", "page"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = author_key(self.name)
        super().save(*args, **kwargs)

    @property
    def family_name(self):
        return self.name.split()[-1] if self.name.split() else ""

    @property
    def linked_person(self):
        """The profile to link to: only a live one."""
        return self.person if self.person_id and self.person.live else None


def with_authors(publications):
    """The listing's queryset with authors, their profiles and topics fetched in bulk."""
    from people.models import PersonPage

    people = PersonPage.objects.only("id", "live", "url_path", "url_path_en", "url_path_fr")
    authors = Authorship.objects.order_by("sort_order").prefetch_related(
        Prefetch("person", queryset=people)
    )
    return publications.prefetch_related(Prefetch("authors", queryset=authors), "research_topics")
