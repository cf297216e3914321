"""The common shape of a paper, whichever way it arrives (BibTeX file or pipeline JSON)."""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from ..vocabulary import DatePrecision, PublicationStatus, VenueType, title_key

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_OLD = re.compile(r"^[a-z][a-z.\-]*(?:\.[A-Z]{2})?/\d{7}$")
ARXIV_IN_TEXT = re.compile(r"(?:arxiv[:\s/]*)(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
ORCID_PATTERN = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_url_validator = URLValidator(schemes=["http", "https"])


class RecordError(ValueError):
    """A paper that cannot be stored; the message says why, for the person who sent it."""


@dataclass
class AuthorRecord:
    name: str
    profile_slug: str = ""
    orcid: str = ""
    openreview_id: str = ""
    semantic_scholar_id: str = ""


@dataclass
class PublicationRecord:
    title: str
    publication_date: date
    date_precision: int
    source: str = ""
    authors: list = field(default_factory=list)
    authors_truncated: bool = False
    abstract: str = ""
    language: str = ""
    venue_name: str = ""
    venue_type: str = VenueType.OTHER
    status: str = PublicationStatus.PUBLISHED
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv_id: str = ""
    openreview_id: str = ""
    external_id: str = ""
    bibtex_key: str = ""
    pdf_url: str = ""
    code_url: str = ""
    official_url: str = ""
    topics: list = field(default_factory=list)

    # Fields copied to the page when the record has a value for them (empty values never erase).
    PAGE_FIELDS = (
        "abstract",
        "language",
        "venue_name",
        "venue_type",
        "status",
        "volume",
        "issue",
        "pages",
        "publisher",
        "doi",
        "arxiv_id",
        "openreview_id",
        "external_id",
        "bibtex_key",
        "pdf_url",
        "code_url",
        "official_url",
    )

    @property
    def year(self):
        return self.publication_date.year

    def identifiers(self):
        """Keys under which the same paper may already be known, most reliable first."""
        keys = []
        if self.external_id:
            keys.append(("external_id", self.external_id))
        if self.doi:
            keys.append(("doi", self.doi.lower()))
        if self.arxiv_id:
            keys.append(("arxiv", self.arxiv_id))
        keys.append(("title", f"{title_key(self.title)}|{self.year}"))
        return keys


def clean_text(value):
    """One line of text with single spaces (titles, names, venues)."""
    return " ".join(str(value or "").split())


def normalise_doi(value):
    doi = DOI_PREFIX.sub("", clean_text(value))
    return doi if DOI_PATTERN.match(doi) else ""


def normalise_arxiv_id(value):
    text = clean_text(value)
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
    match = re.search(r"arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:\.pdf)?/?$", text)
    if match:
        text = match.group(1)
    text = re.sub(r"v\d+$", "", text)
    return text if ARXIV_NEW.match(text) or ARXIV_OLD.match(text) else ""


def normalise_orcid(value):
    match = ORCID_PATTERN.search(clean_text(value).upper())
    return match.group(1) if match else ""


def valid_url(value, max_length=500):
    url = clean_text(value)
    if not url or len(url) > max_length:
        return ""
    try:
        _url_validator(url)
    except ValidationError:
        return ""
    return url


def openreview_id_from_url(url):
    parts = urlsplit(url)
    if parts.netloc.endswith("openreview.net"):
        return (parse_qs(parts.query).get("id") or [""])[0]
    return ""


def classify_url(record, url):
    """Fill DOI / arXiv / OpenReview / PDF / official page from a URL found in a source."""
    url = valid_url(url)
    if not url:
        return
    host = urlsplit(url).netloc.lower()
    if host.endswith("doi.org"):
        record.doi = record.doi or normalise_doi(url)
    elif host.endswith("arxiv.org"):
        record.arxiv_id = record.arxiv_id or normalise_arxiv_id(url)
    elif host.endswith("openreview.net") and openreview_id_from_url(url):
        record.openreview_id = record.openreview_id or openreview_id_from_url(url)
    elif urlsplit(url).path.lower().endswith(".pdf"):
        record.pdf_url = record.pdf_url or url
    elif host in ("github.com", "gitlab.com"):
        record.code_url = record.code_url or url
    else:
        record.official_url = record.official_url or url


def normalise_pages(value):
    pages = clean_text(value)
    return re.sub(r"\s*(?:-{1,3}|–|—)\s*", "–", pages)


def first_of_period(year, month=None, day=None):
    """(date, precision) for a year, year-month or full date; invalid parts lower the precision."""
    if not 1000 <= year <= 2999:
        raise RecordError(_("the year %(year)s is not plausible") % {"year": year})
    if month and 1 <= month <= 12:
        if day:
            try:
                return date(year, month, day), DatePrecision.DAY
            except ValueError:
                pass
        return date(year, month, 1), DatePrecision.MONTH
    return date(year, 1, 1), DatePrecision.YEAR
