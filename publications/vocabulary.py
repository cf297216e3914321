"""Venue types, statuses, date precision and the keys of titles and author names.

Used by the publication pages, their listing and the import (BibTeX, pipeline records); kept
apart from models.py so that those import these without importing the pages that use them
(no import cycle; tests/site/test_import_graph.py).
"""

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.vocabulary import name_key


class VenueType(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    JOURNAL = "journal", _("Journal")
    WORKSHOP = "workshop", _("Workshop")
    PREPRINT = "preprint", _("Preprint")
    BOOK = "book", _("Book or chapter")
    THESIS = "thesis", _("Thesis")
    OTHER = "other", _("Other")


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    ACCEPTED = "accepted", _("Accepted")
    PREPRINT = "preprint", _("Preprint")
    SUBMITTED = "submitted", _("Submitted")
    POSTER = "poster", _("Poster")
    ORAL = "oral", _("Oral")
    SPOTLIGHT = "spotlight", _("Spotlight")


class DatePrecision(models.IntegerChoices):
    YEAR = 1, _("Year")
    MONTH = 2, _("Month")
    DAY = 3, _("Day")


def title_key(title):
    """Accent-, case- and punctuation-free form of a title, to find the same paper twice."""
    decomposed = unicodedata.normalize("NFKD", title or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.findall(r"\w+", plain))[:500]


def author_key(name):
    """An author's name for exact matching: no accents, no case, single spaces."""
    return " ".join(name_key(name or "").split())[:200]
