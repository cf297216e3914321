"""Who an event is for and the series it belongs to: used by the event pages and their listing.

Kept apart from models.py so that the listing imports these without importing the pages that
use the listing (no import cycle; tests/site/test_import_graph.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    PARTNERS = "partners", _("Partners only")


class EventSeries(index.Indexed, models.Model):
    """A recurring series such as the weekly tea talks; each date is its own event page."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")

    def __str__(self):
        return self.name
