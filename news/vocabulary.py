"""The kinds of news article: used by the news pages and their listing.

Kept apart from models.py so that the listing imports it without importing the pages that use
the listing (no import cycle; tests/site/test_import_graph.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsCategory(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    AWARD = "award", _("Award")
    MEDIA_COVERAGE = "media-coverage", _("Media coverage")
    RESEARCH_HIGHLIGHT = "research-highlight", _("Research highlight")
