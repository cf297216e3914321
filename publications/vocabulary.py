"""What a publication's fields can say, and the keys that find the same paper or author twice."""

import re
import unicodedata

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from mila.text import fold


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
    return " ".join(re.findall(r"\w+", fold(title or "")))[:500]


def author_key(name):
    """An author's name for exact matching: no accents, no case, single spaces."""
    return " ".join(fold(name or "").split())[:200]


def publication_slug(title):
    """A readable slug of at most 80 characters, cut at a word boundary."""
    slug = slugify(unicodedata.normalize("NFKD", title or "")) or "publication"
    if len(slug) > 80:
        slug = slug[:81].rsplit("-", 1)[0]
    return slug
