"""How a publication is cited: text, Google Scholar meta tags, schema.org JSON-LD and RIS."""

from functools import cached_property

from django.http import HttpResponse
from django.utils.html import format_html_join

from mila.seo import json_ld_script

from .vocabulary import VenueType

RIS_TYPES = {
    VenueType.CONFERENCE: "CPAPER",
    VenueType.WORKSHOP: "CPAPER",
    VenueType.JOURNAL: "JOUR",
    VenueType.PREPRINT: "UNPB",
    VenueType.BOOK: "BOOK",
    VenueType.THESIS: "THES",
    VenueType.OTHER: "GEN",
}


def split_name(author):
    """(family, given) from the linked profile when there is one, else from the printed name."""
    person = author.linked_person
    if person:
        return person.family_name, person.given_name
    words = author.name.split()
    if len(words) < 2:
        return author.name, ""
    return words[-1], " ".join(words[:-1])


def join_names(names):
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


class Citation:
    def __init__(self, publication, request=None):
        self.publication = publication
        self.request = request

    @cached_property
    def authors(self):
        return self.publication.author_list

    def absolute(self, page):
        url = page.get_full_url(self.request)
        return url or ""

    @cached_property
    def text(self):
        """A plain-text reference (APA-like), the same in both languages."""
        p = self.publication
        names = [author.name for author in self.authors]
        if p.authors_truncated:
            names.append("et al.")
        parts = [f"{join_names(names)} ({p.year}). " if names else f"({p.year}). "]
        parts.append(p.original_title.rstrip(".") + ".")
        venue = p.venue_name
        if p.volume:
            venue = f"{venue}, {p.volume}" if venue else p.volume
        if p.issue:
            venue = f"{venue}({p.issue})"
        if p.pages:
            venue = f"{venue}, {p.pages}" if venue else p.pages
        if venue:
            parts.append(f" {venue}.")
        if p.publisher and p.publisher not in (p.venue_name or ""):
            parts.append(f" {p.publisher}.")
        link = p.doi_url or p.arxiv_url
        if link:
            parts.append(f" {link}")
        return "".join(parts)

    @cached_property
    def meta_tags(self):
        """Google Scholar's `citation_*` tags (Highwire Press names)."""
        p = self.publication
        tags = [("citation_title", p.original_title)]
        tags += [("citation_author", author.name) for author in self.authors]
        tags.append(("citation_publication_date", p.iso_date.replace("-", "/")))
        if p.venue_type in (VenueType.CONFERENCE, VenueType.WORKSHOP):
            tags.append(("citation_conference_title", p.venue_name))
        elif p.venue_type == VenueType.JOURNAL:
            tags.append(("citation_journal_title", p.venue_name))
        elif p.venue_type == VenueType.THESIS:
            tags.append(("citation_dissertation_institution", p.venue_name))
        tags += [
            ("citation_volume", p.volume),
            ("citation_issue", p.issue),
            ("citation_firstpage", p.first_page),
            ("citation_lastpage", p.last_page),
            ("citation_publisher", p.publisher),
            ("citation_pdf_url", p.pdf_link),
            ("citation_doi", p.doi),
            ("citation_arxiv_id", p.arxiv_id),
            ("citation_abstract_html_url", self.absolute(p)),
            ("citation_language", p.language),
        ]
        return [(name, value) for name, value in tags if value]

    def meta_html(self):
        return format_html_join(
            "\n", '<meta name="{}" content="{}">', ((name, value) for name, value in self.meta_tags)
        )

    @cached_property
    def json_ld(self):
        p = self.publication
        data = {
            "@context": "https://schema.org",
            "@type": "ScholarlyArticle",
            "headline": p.original_title[:110],
            "name": p.original_title,
            "url": self.absolute(p),
            "datePublished": p.iso_date,
            "inLanguage": p.language,
            "author": [self._person(author) for author in self.authors],
        }
        if p.abstract:
            data["abstract"] = p.abstract
        if p.venue_name:
            kind = "Periodical" if p.venue_type == VenueType.JOURNAL else "CreativeWork"
            data["isPartOf"] = {"@type": kind, "name": p.venue_name}
            if p.volume:
                data["isPartOf"]["volumeNumber"] = p.volume
        if p.publisher:
            data["publisher"] = {"@type": "Organization", "name": p.publisher}
        if p.pages:
            data["pagination"] = p.pages
        identifiers = [("DOI", p.doi), ("arXiv", p.arxiv_id), ("OpenReview", p.openreview_id)]
        data["identifier"] = [
            {"@type": "PropertyValue", "propertyID": name, "value": value}
            for name, value in identifiers
            if value
        ]
        same_as = [url for url in (p.doi_url, p.arxiv_url, p.openreview_url, p.official_url) if url]
        if same_as:
            data["sameAs"] = same_as
        topics = [topic.name for topic in p.research_topics.all()]
        if topics:
            data["keywords"] = ", ".join(topics)
        return data

    def _person(self, author):
        data = {"@type": "Person", "name": author.name}
        if author.linked_person:
            data["url"] = self.absolute(author.linked_person)
        return data

    def json_ld_script(self):
        return json_ld_script(self.json_ld)


def ris(publication):
    p = publication
    lines = [("TY", RIS_TYPES.get(p.venue_type, "GEN"))]
    for author in p.author_list:
        family, given = split_name(author)
        lines.append(("AU", f"{family}, {given}" if given else family))
    lines.append(("TI", p.original_title))
    if p.venue_name:
        lines.append(("JO" if p.venue_type == VenueType.JOURNAL else "T2", p.venue_name))
    lines.append(("PY", str(p.year)))
    date = p.iso_date.split("-")
    lines.append(("DA", "/".join(date + [""] * (3 - len(date))) + "/"))
    for tag, value in (
        ("VL", p.volume),
        ("IS", p.issue),
        ("SP", p.first_page or p.pages),
        ("EP", p.last_page),
        ("PB", p.publisher),
        ("DO", p.doi),
        ("UR", p.doi_url or p.official_url or p.arxiv_url),
        ("L1", p.pdf_link),
        ("AB", p.abstract),
    ):
        if value:
            lines.append((tag, value))
    for topic in p.research_topics.all():
        lines.append(("KW", topic.name))
    lines.append(("ER", ""))
    return (
        "\r\n".join(
            f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}"
            for tag, value in lines
        )
        + "\r\n"
    )


def ris_response(publication):
    response = HttpResponse(
        ris(publication), content_type="application/x-research-info-systems; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{publication.citation_key}.ris"'
    return response
