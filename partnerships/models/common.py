"""What projects and startups share: sectors, logos, years."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.search import index

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]
# The renditions of partnerships/includes/logo.html, fetched with the listing.
LOGO_FILTER = Filter.expand_spec(["max-{240x120,480x240}", "format-{webp,png}"])
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


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


def _logo_field():
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )


def _sector_field(related_name):
    # Required when a page is saved; SET_NULL so that deleting a sector never deletes pages.
    return models.ForeignKey(
        Sector,
        null=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=_("sector"),
    )


def _logos():
    return get_image_model().objects.prefetch_renditions(*LOGO_FILTER)
