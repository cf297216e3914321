"""The publication pipeline's JSON papers (see shared/examples/paper-export.json) as records."""

import re
from datetime import UTC, datetime

from django.utils.translation import gettext as _

from ..models import DatePrecision, PublicationStatus, VenueType
from .records import (
    AuthorRecord,
    PublicationRecord,
    RecordError,
    classify_url,
    clean_text,
    first_of_period,
    normalise_arxiv_id,
    normalise_doi,
    normalise_orcid,
    normalise_pages,
    valid_url,
)

AUTHOR_LINKS = {
    "bio": "profile_slug",
    "orcid": "orcid",
    "openreview": "openreview_id",
    "semantic_scholar": "semantic_scholar_id",
}
STATUSES = {choice.value for choice in PublicationStatus}
VENUE_TYPES = {choice.value for choice in VenueType}
OPENREVIEW_VENUE = re.compile(
    r"^(?P<name>[\w-]+)\.cc/(?P<year>\d{4})/(?P<kind>[\w-]+)(?:/(?P<rest>.+))?$"
)
MAX_PAPER_ID_LENGTH = 64


def _text(value):
    """A string from a JSON scalar; anything else (null, list, object) is treated as missing."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str | int | float):
        return clean_text(value)
    return ""


def _list(value):
    return value if isinstance(value, list) else []


def _dict(value):
    return value if isinstance(value, dict) else {}


def venue_display_name(name):
    """“ICLR.cc/2025/Conference” (an OpenReview venue id) reads as “ICLR 2025”."""
    match = OPENREVIEW_VENUE.match(name)
    if not match:
        return name
    parts = [match["name"], match["year"]]
    if match["kind"].lower() != "conference":
        parts.append(match["kind"])
    if match["rest"]:
        parts.append(match["rest"].replace("/", " ").replace("_", " "))
    return " ".join(parts)


def release_date(release):
    """(date, precision) of a release, or None when it has no usable date."""
    when = _dict(_dict(release.get("venue")).get("date"))
    precision = when.get("precision")
    if not isinstance(precision, int) or isinstance(precision, bool) or precision < 1:
        return None
    precision = min(precision, DatePrecision.DAY)
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", _text(when.get("text")))
    if match:
        year, month, day = (int(part) if part else None for part in match.groups())
    elif isinstance(when.get("timestamp"), int | float) and not isinstance(when["timestamp"], bool):
        try:
            moment = datetime.fromtimestamp(when["timestamp"], tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        year, month, day = moment.year, moment.month, moment.day
    else:
        return None
    month = month if precision >= DatePrecision.MONTH else None
    day = day if precision >= DatePrecision.DAY else None
    try:
        return first_of_period(year, month, day)
    except RecordError:
        return None


def choose_release(releases):
    """The venue to show: peer-reviewed releases first, then the most precise (and latest) date."""
    dated = [(release, release_date(release)) for release in releases]
    dated = [(release, when) for release, when in dated if when]
    if not dated:
        return None, None
    reviewed = [(release, when) for release, when in dated if release.get("peer_reviewed") is True]
    release, when = max(reviewed or dated, key=lambda item: (item[1][1], item[1][0]))
    return release, when


def _authors(items):
    authors = []
    for position, item in enumerate(items, start=1):
        author = _dict(_dict(item).get("author"))
        name = _text(author.get("name"))
        if not name:
            raise RecordError(_("author %(position)s has no name") % {"position": position})
        record = AuthorRecord(name=name)
        for link in _list(author.get("links")):
            link = _dict(link)
            field = AUTHOR_LINKS.get(_text(link.get("type")))
            value = _text(link.get("link"))
            if field and value and not getattr(record, field):
                setattr(record, field, normalise_orcid(value) if field == "orcid" else value)
        authors.append(record)
    return authors


def _links(record, links):
    for link in links:
        link = _dict(link)
        kind = _text(link.get("type")).lower()
        value = _text(link.get("link"))
        url = _text(link.get("url"))
        if kind.startswith("arxiv"):
            record.arxiv_id = record.arxiv_id or normalise_arxiv_id(value or url)
        elif kind.startswith("openreview"):
            record.openreview_id = record.openreview_id or value[:100]
        elif kind.startswith("doi"):
            record.doi = record.doi or normalise_doi(value or url)
        elif kind == "pdf":
            record.pdf_url = record.pdf_url or valid_url(url or value)
        elif kind in ("code", "git", "github"):
            record.code_url = record.code_url or valid_url(url or value)
        elif url or value.startswith("http"):
            classify_url(record, url or value)


def paper_to_record(paper):
    """One exported paper as a PublicationRecord; RecordError says why it cannot be stored."""
    if not isinstance(paper, dict):
        raise RecordError(_("a paper must be a JSON object"))
    paper_id = _text(paper.get("paper_id"))
    if not paper_id:
        raise RecordError(_("paper_id is missing"))
    if len(paper_id) > MAX_PAPER_ID_LENGTH:
        raise RecordError(
            _("paper_id is longer than %(count)s characters") % {"count": MAX_PAPER_ID_LENGTH}
        )
    title = _text(paper.get("title"))
    if not title:
        raise RecordError(_("the title is missing"))
    release, when = choose_release([_dict(item) for item in _list(paper.get("releases"))])
    if release is None:
        raise RecordError(_("no release has a publication date"))
    venue = _dict(release.get("venue"))
    venue_name = venue_display_name(_text(venue.get("name")))
    venue_type = _text(venue.get("type")).lower()
    status = _text(release.get("status")).lower()
    peer_reviewed = release.get("peer_reviewed") is True
    if status not in STATUSES:
        status = PublicationStatus.PUBLISHED if peer_reviewed else PublicationStatus.PREPRINT
    volume = _text(venue.get("volume"))
    record = PublicationRecord(
        title=title,
        publication_date=when[0],
        date_precision=when[1],
        source=paper_id,
        authors=_authors(_list(paper.get("authors"))),
        abstract=str(paper.get("abstract") or "").strip()
        if isinstance(paper.get("abstract"), str)
        else "",
        venue_name=venue_name,
        venue_type=venue_type if venue_type in VENUE_TYPES else VenueType.OTHER,
        status=status,
        # OpenReview puts a label like "ICLR 2025" in `volume`; that is the venue, not a volume.
        volume=volume if volume and volume != venue_name and len(volume) <= 20 else "",
        pages=normalise_pages(_text(release.get("pages"))),
        publisher=_text(venue.get("publisher")),
        external_id=paper_id,
        topics=[
            _text(_dict(topic).get("name"))
            for topic in _list(paper.get("topics"))
            if _text(_dict(topic).get("name"))
        ],
    )
    _links(record, _list(paper.get("links")))
    if record.volume and not re.search(r"\d", record.volume):
        record.volume = ""
    return record
