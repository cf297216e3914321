"""One BibTeX entry's fields (as read by bibtex_read) as a PublicationRecord."""

import calendar
import re
from functools import lru_cache

from django.utils.translation import gettext as _

from ..models import PublicationStatus, VenueType
from .latex import latex_text
from .records import (
    AuthorRecord,
    PublicationRecord,
    RecordError,
    classify_url,
    clean_text,
    first_of_period,
    normalise_arxiv_id,
    normalise_doi,
    normalise_pages,
    valid_url,
)

MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
LANGUAGES = {"english": "en", "en": "en", "french": "fr", "français": "fr", "francais": "fr"}
PUBSTATE = {
    "accepted": PublicationStatus.ACCEPTED,
    "inpress": PublicationStatus.ACCEPTED,
    "forthcoming": PublicationStatus.ACCEPTED,
    "submitted": PublicationStatus.SUBMITTED,
    "prepublished": PublicationStatus.PREPRINT,
}


def _split_names(value):
    """Split an author list on top-level "and" (not inside braces: {Barnes and Noble})."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, flags=re.IGNORECASE):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


@lru_cache(maxsize=8192)
def printed_name(name):
    """A BibTeX name ("Tremblay, Amélie", "Bengio, Jr., Y.") as printed ("Amélie Tremblay")."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2:
        name = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        name = f"{parts[2]} {parts[0]} {parts[1]}"
    return latex_text(name)


def parse_authors(value):
    names = _split_names(clean_text(value))
    truncated = bool(names) and names[-1].lower() == "others"
    if truncated:
        names = names[:-1]
    return [AuthorRecord(name=printed_name(name)[:200]) for name in names if name], truncated


def _month(value):
    text = clean_text(value).lower().rstrip(".")
    if text.isdigit():
        return int(text)
    return MONTHS.get(text) or MONTHS.get(text[:3])


def _date(fields):
    year_text = clean_text(fields.get("year", ""))
    month = _month(fields["month"]) if fields.get("month") else None
    day = int(fields["day"]) if clean_text(fields.get("day", "")).isdigit() else None
    if not year_text and fields.get("date"):
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", clean_text(fields["date"]))
        if match:
            year_text = match.group(1)
            month = int(match.group(2)) if match.group(2) else None
            day = int(match.group(3)) if match.group(3) else None
    if not year_text:
        raise RecordError(_("the year is missing"))
    if not re.fullmatch(r"\d{4}", year_text):
        raise RecordError(_("the year “%(year)s” is not a four-digit year") % {"year": year_text})
    return first_of_period(int(year_text), month, day)


def _venue(entry_type, fields, record):
    booktitle = latex_text(fields.get("booktitle", ""))
    journal = latex_text(fields.get("journal", "") or fields.get("journaltitle", ""))
    if entry_type in ("inproceedings", "conference", "proceedings"):
        kind = VenueType.WORKSHOP if "workshop" in booktitle.lower() else VenueType.CONFERENCE
        return booktitle, kind
    if entry_type == "article":
        if re.search(r"\b(arxiv|corr|biorxiv|medrxiv)\b", journal, re.IGNORECASE):
            number = re.search(r"\d{4}\.\d{4,5}", journal)
            if number and not record.arxiv_id:
                record.arxiv_id = normalise_arxiv_id(number.group(0))
            return "arXiv" if "arxiv" in journal.lower() else journal, VenueType.PREPRINT
        return journal, VenueType.JOURNAL
    if entry_type in ("phdthesis", "mastersthesis", "thesis"):
        return latex_text(
            fields.get("school", "") or fields.get("institution", "")
        ), VenueType.THESIS
    if entry_type in ("book", "incollection", "inbook"):
        return booktitle or latex_text(fields.get("publisher", "")), VenueType.BOOK
    if record.arxiv_id:
        return "arXiv", VenueType.PREPRINT
    howpublished = latex_text(fields.get("howpublished", ""))
    if "arxiv" in howpublished.lower():
        return "arXiv", VenueType.PREPRINT
    return howpublished or booktitle or journal, VenueType.OTHER


def entry_to_record(fields, raw=None):
    """One parsed BibTeX entry (bibtexparser's dict) as a PublicationRecord."""
    fields = {name.lower(): value for name, value in fields.items()}
    entry_type = fields.get("entrytype", "misc").lower()
    title = latex_text(fields.get("title", ""))
    if not title:
        raise RecordError(_("the title is missing"))
    publication_date, precision = _date(fields)
    authors, truncated = parse_authors(fields.get("author", ""))
    record = PublicationRecord(
        title=title,
        publication_date=publication_date,
        date_precision=precision,
        source=raw.label if raw else fields.get("id", ""),
        authors=authors,
        authors_truncated=truncated,
        abstract=latex_text(fields.get("abstract", "")),
        language=LANGUAGES.get(clean_text(fields.get("language", "")).lower(), ""),
        volume=clean_text(fields.get("volume", "")),
        issue=clean_text(fields.get("number", "") or fields.get("issue", "")),
        pages=normalise_pages(fields.get("pages", "")),
        publisher=latex_text(fields.get("publisher", "")),
        doi=normalise_doi(fields.get("doi", "")),
        bibtex_key=fields.get("id", ""),
        pdf_url=valid_url(fields.get("pdf", "")),
        code_url=valid_url(fields.get("code", "") or fields.get("github", "")),
    )
    eprint_type = clean_text(fields.get("archiveprefix", "") or fields.get("eprinttype", ""))
    if fields.get("eprint") and eprint_type.lower() in ("arxiv", ""):
        record.arxiv_id = normalise_arxiv_id(fields["eprint"])
    record.arxiv_id = record.arxiv_id or normalise_arxiv_id(fields.get("arxiv", ""))
    for name in ("url", "howpublished", "note"):
        for url in re.findall(r"https?://[^\s{}\\]+", fields.get(name, "")):
            classify_url(record, url)
    record.venue_name, record.venue_type = _venue(entry_type, fields, record)
    status = PUBSTATE.get(clean_text(fields.get("pubstate", "")).lower())
    if status:
        record.status = status
    elif record.venue_type == VenueType.PREPRINT:
        record.status = PublicationStatus.PREPRINT
    if record.arxiv_id and not record.doi and record.venue_type == VenueType.OTHER:
        record.venue_type = VenueType.PREPRINT
    record.topics = [
        latex_text(word) for word in re.split(r"[,;]", fields.get("keywords", "")) if word.strip()
    ]
    return record
