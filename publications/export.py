"""Publication pages as BibTeX: one entry each, or a .bib download of a list."""

import re

from django.http import HttpResponse, StreamingHttpResponse

from .vocabulary import VenueType

# $math$ is left as it is, in both directions (importing/latex.py reads it the same way).
MATH = re.compile(r"(\$[^$]*\$)")

BIBTEX_TYPES = {
    VenueType.CONFERENCE: ("inproceedings", "booktitle"),
    VenueType.WORKSHOP: ("inproceedings", "booktitle"),
    VenueType.JOURNAL: ("article", "journal"),
    VenueType.THESIS: ("phdthesis", "school"),
    VenueType.BOOK: ("book", "publisher"),
    VenueType.PREPRINT: ("misc", "howpublished"),
    VenueType.OTHER: ("misc", "howpublished"),
}
SPECIAL = re.compile(r"([&%#_{}])")


def bibtex_value(text):
    """A value safe inside `{...}`: specials and literal braces escaped, $math$ kept as is."""
    parts = MATH.split(str(text))
    for index in range(0, len(parts), 2):
        text = parts[index].replace("\\", "\ue000")
        text = SPECIAL.sub(r"\\\1", text).replace("\ue000", r"\textbackslash{}")
        parts[index] = text
    return "".join(parts).replace("–", "--").replace("—", "---")


def publication_to_bibtex(publication, key=None):
    entry_type, venue_field = BIBTEX_TYPES.get(publication.venue_type, ("misc", "howpublished"))
    names = [author.name for author in publication.author_list]
    if publication.authors_truncated:
        names.append("others")
    fields = [
        ("author", " and ".join(bibtex_value(name) for name in names)),
        ("title", bibtex_value(publication.original_title)),
    ]
    if publication.venue_name and not (
        entry_type == "book" and publication.venue_name == publication.publisher
    ):
        fields.append((venue_field, bibtex_value(publication.venue_name)))
    fields.append(("year", str(publication.year)))
    month = publication.month_name
    optional = [
        ("volume", publication.volume),
        ("number", publication.issue),
        ("pages", publication.pages),
        ("publisher", publication.publisher),
    ]
    fields.extend((name, bibtex_value(value)) for name, value in optional if value)
    # Identifiers and URLs are verbatim in BibTeX: no escaping (only braces would break them).
    verbatim = [
        ("doi", publication.doi),
        ("eprint", publication.arxiv_id),
        ("archivePrefix", "arXiv" if publication.arxiv_id else ""),
        ("url", publication.official_url or publication.openreview_url),
    ]
    fields.extend(
        (name, value.replace("{", "%7B").replace("}", "%7D")) for name, value in verbatim if value
    )
    if publication.abstract:
        fields.append(("abstract", bibtex_value(publication.abstract)))
    lines = [f"@{entry_type}{{{key or publication.citation_key},"]
    lines.extend(f"  {name} = {{{value}}}," for name, value in fields)
    if month:
        # An unquoted macro, as BibTeX styles expect.
        lines.append(f"  month = {month},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def iter_bibtex(publications):
    """BibTeX entries, one string each, with keys made unique within the file."""
    used = {}
    for publication in publications:
        key = publication.citation_key
        count = used.get(key, 0)
        used[key] = count + 1
        if count:
            key = f"{key}{chr(ord('a') + count - 1) if count <= 26 else count}"
        yield publication_to_bibtex(publication, key) + "\n"


def bibtex_response(publications, filename):
    """A .bib download; a queryset is streamed in chunks so a long list stays cheap."""
    if hasattr(publications, "iterator"):
        response = StreamingHttpResponse(
            iter_bibtex(publications.iterator(chunk_size=500)),
            content_type="application/x-bibtex; charset=utf-8",
        )
    else:
        response = HttpResponse(
            "".join(iter_bibtex(publications)), content_type="application/x-bibtex; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
