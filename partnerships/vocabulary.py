"""Sectors and statuses of partner projects and startups: used by the pages and their filters.

Kept apart from models.py so that the filter forms import these without importing the pages
that use the forms (no import cycle; tests/site/test_import_graph.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Sector(index.Indexed, models.Model):
    """Economic sector of a partner or startup (energy, health...), used to filter listings."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class ProjectStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class StartupRelationship(models.TextChoices):
    SPIN_OFF = "spin-off", _("Spin-off")
    INCUBATED = "incubated", _("Incubated")
    SUPPORTED = "supported", _("Supported")


class StartupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACQUIRED = "acquired", _("Acquired")
    CLOSED = "closed", _("Closed")
