"""BibTeX in (bibtexparser, entry by entry, with line numbers) and out."""

import calendar
import multiprocessing
import re
import unicodedata
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache

import bibtexparser
import django
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

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
from .vocabulary import PublicationStatus, VenueType

ENTRY_START = re.compile(r"[ \t]*@[ \t]*([A-Za-z]+)[ \t]*([{(])")
ENTRY_KEY = re.compile(r"\s*([^\s,{}()=\"#%']+)\s*,")
MATH = re.compile(r"(\$[^$]*\$)")
NAME_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)
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
BATCH_SIZE = 200


@dataclass
class RawEntry:
    """One `@type{key, ...}` block of the file, before parsing."""

    entry_type: str
    key: str
    line: int
    text: str

    @property
    def label(self):
        return f"{self.key or '(no key)'} (line {self.line})"


@dataclass
class EntryError:
    key: str
    line: int
    reason: str

    def __str__(self):
        return _("Entry %(key)s at line %(line)s: %(reason)s") % {
            "key": self.key or _("(no key)"),
            "line": self.line,
            "reason": self.reason,
        }


BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.DOTALL)


def _closing_brace(text, start):
    """Index of the brace closing the one at `start`, or -1 when it is missing."""
    depth = 0
    for match in BRACE_OR_ESCAPE.finditer(text, start):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return match.start()
    return -1


def _lines(source):
    """Lines of a text, or of an open file, which is then read lazily (flat memory)."""
    return source.splitlines(keepends=True) if isinstance(source, str) else source


def split_entries(source):
    """Yield RawEntry / EntryError for each entry, and @string blocks as RawEntry('string').

    `source` is the text or an open text file; an entry starts with `@type{` at a line start.
    """
    header, block, block_line = None, [], 0
    for number, line in enumerate(_lines(source), start=1):
        match = ENTRY_START.match(line)
        if match:
            if header:
                yield from _entry(header, "".join(block), block_line)
            header, block, block_line = match, [line], number
        elif header:
            block.append(line)
    if header:
        yield from _entry(header, "".join(block), block_line)


def _entry(header, block, line):
    entry_type = header.group(1).lower()
    if entry_type in ("comment", "preamble"):
        return
    key_match = ENTRY_KEY.match(block, header.end())
    key = key_match.group(1) if key_match and entry_type != "string" else ""
    if header.group(2) == "{":
        closing = _closing_brace(block, header.end() - 1)
        if closing == -1:
            yield EntryError(key, line, _("a closing brace “}” is missing"))
            return
        block = block[: closing + 1]
    if entry_type != "string" and not key:
        yield EntryError("", line, _("the entry has no citation key"))
        return
    yield RawEntry(entry_type, key, line, block)


class UndefinedString(Exception):
    """A field uses an @string abbreviation that the file does not define."""


class UnreadableValue(Exception):
    """A field value is not `{...}`, `"..."`, a number or an abbreviation, joined by `#`."""


# BibTeX's predefined abbreviations: the months.
COMMON_STRINGS = {
    abbr.lower(): calendar.month_name[number]
    for number, abbr in enumerate(calendar.month_abbr)
    if abbr
}
VALUE_PIECE = re.compile(r"\s*(?:(\{)|(\")|(\d+)|([^\s\d\"#{}(),=%'][^\s\"#{}(),=%']*))")
CONCATENATION = re.compile(r"\s*#")


def _quoted_end(text, start):
    """Index of the quote closing the one at `start` (quotes inside braces do not count)."""
    depth = 0
    for index in range(start + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index
    return -1


def resolve_value(raw, strings):
    """A raw field value (`{A} # jmlr # "B"`) as text: enclosing braces or quotes removed,
    abbreviations replaced from `strings` (lower-case names) and pieces joined."""
    pieces, position = [], 0
    while True:
        match = VALUE_PIECE.match(raw, position)
        if not match:
            raise UnreadableValue(raw)
        if match.group(1) or match.group(2):
            opening = match.end() - 1
            closing = _closing_brace(raw, opening) if match.group(1) else _quoted_end(raw, opening)
            if closing == -1:
                raise UnreadableValue(raw)
            pieces.append(raw[opening + 1 : closing])
            position = closing + 1
        elif match.group(3):
            pieces.append(match.group(3))
            position = match.end()
        else:
            name = match.group(4)
            if name.lower() not in strings:
                raise UndefinedString(name)
            pieces.append(strings[name.lower()])
            position = match.end()
        joint = CONCATENATION.match(raw, position)
        if not joint:
            break
        position = joint.end()
    if raw[position:].strip():
        raise UnreadableValue(raw)
    return "".join(pieces)


@lru_cache(maxsize=16)
def _strings(macros):
    """The @string definitions of a file (their text) as {lower-case name: value}."""
    strings = dict(COMMON_STRINGS)
    for block in bibtexparser.parse_string(macros, parse_stack=[]).strings:
        try:
            strings[block.key.lower()] = resolve_value(block.value, strings)
        except (UndefinedString, UnreadableValue):
            continue
    return strings


def _fields(entry, strings):
    """bibtexparser 2's entry as the dict the rest of the import reads (as bibtexparser 1's)."""
    fields = {"ID": entry.key, "ENTRYTYPE": entry.entry_type.lower()}
    for field in entry.fields:
        fields[field.key.lower()] = resolve_value(field.value, strings)
    return fields


def _unreadable(entry):
    return EntryError(
        entry.key,
        entry.line,
        _(
            "it could not be read: check the commas between fields and the braces or "
            "quotes around each value"
        ),
    )


def parse_batch(entries, macros):
    """Parse raw entries with bibtexparser: {key: fields} and the errors of entries it rejected.

    bibtexparser 2 splits the text into entries and raw field values (fast, and lenient: a
    missing comma merges two fields into one value); `resolve_value` then reads each value
    strictly, so such an entry is reported rather than imported wrong.
    """
    strings = _strings(macros)
    library = bibtexparser.parse_string("\n".join(entry.text for entry in entries), parse_stack=[])
    parsed = {}
    for block in library.entries:
        parsed.setdefault(block.key, block)
    by_key, errors = {}, []
    for entry in entries:
        block = parsed.get(entry.key)
        if block is None:
            errors.append(_unreadable(entry))
            continue
        try:
            by_key[entry.key] = _fields(block, strings)
        except UnreadableValue:
            errors.append(_unreadable(entry))
        except UndefinedString as error:
            errors.append(
                EntryError(
                    entry.key,
                    entry.line,
                    _("it uses the abbreviation “%(name)s”, which no @string defines")
                    % {"name": error.args[0]},
                )
            )
    return by_key, errors


def convert_batch(entries, macros, language=None):
    """Parse raw entries and convert them: [(RawEntry, PublicationRecord | EntryError)].

    The expensive part of an import (bibtexparser is pure Python); it also runs in worker
    processes (see read_bibtex_in_parallel), hence `language` for the error messages.
    """
    with translation.override(language) if language else nullcontext():
        fields_by_key, errors = parse_batch(entries, macros)
        errors_by_key = {error.key: error for error in errors}
        batch = []
        for entry in entries:
            if entry.key in errors_by_key:
                batch.append((entry, errors_by_key[entry.key]))
                continue
            try:
                batch.append((entry, entry_to_record(fields_by_key[entry.key], entry)))
            except RecordError as error:
                batch.append((entry, EntryError(entry.key, entry.line, str(error))))
        return batch


def _plan_batches(source, batch_size, start, stop):
    """The cheap, sequential part: yield ("parse", entries, macros) or ("done", batch, None)."""
    macros = []
    seen_keys = {}
    pending = []
    position = -1
    for item in split_entries(source):
        if isinstance(item, RawEntry) and item.entry_type == "string":
            macros.append(item.text)
            continue
        position += 1
        if stop is not None and position >= stop:
            break
        if isinstance(item, EntryError):
            if position >= start:
                yield "done", [(RawEntry("", item.key, item.line, ""), item)], None
            continue
        first_line = seen_keys.setdefault(item.key, item.line)
        if position < start:
            continue
        if first_line != item.line:
            reason = _("the key is already used by the entry at line %(line)s") % {
                "line": first_line
            }
            yield "done", [(item, EntryError(item.key, item.line, reason))], None
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            yield "parse", pending, "\n".join(macros)
            pending = []
    if pending:
        yield "parse", pending, "\n".join(macros)


def read_bibtex(source, batch_size=BATCH_SIZE, start=0, stop=None):
    """Yield batches of (RawEntry, PublicationRecord | EntryError) in file order.

    Streams through the file so that memory stays flat: each batch is parsed, converted and
    handed over before the next one is read. `start` and `stop` select entries by position
    (@string definitions are not counted); entries before `start` are not parsed.
    """
    for kind, batch, macros in _plan_batches(source, batch_size, start, stop):
        yield convert_batch(batch, macros) if kind == "parse" else batch


def read_bibtex_in_parallel(source, workers, batch_size=BATCH_SIZE):
    """read_bibtex, with the parsing done by `workers` processes while the caller writes.

    For large files on several cores: parsing is about half of an import's time. The workers
    never touch the database; at most two batches per worker are in flight (flat memory).
    """
    language = translation.get_language()
    context = multiprocessing.get_context("spawn")
    in_flight = deque()
    # The initializer must not be in this module: importing it needs the app registry ready.
    with ProcessPoolExecutor(workers, mp_context=context, initializer=django.setup) as pool:
        try:
            for kind, batch, macros in _plan_batches(source, batch_size, 0, None):
                if kind == "parse":
                    batch = pool.submit(convert_batch, batch, macros, language)
                in_flight.append(batch)
                while len(in_flight) > 2 * workers:
                    yield _result(in_flight.popleft())
            while in_flight:
                yield _result(in_flight.popleft())
        finally:
            pool.shutdown(cancel_futures=True)


def _result(item):
    return item.result() if isinstance(item, Future) else item


ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
LETTERS = {
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}
# Escaped braces survive the removal of grouping braces under these private-use stand-ins.
PROTECTED = {"{": "\ue000", "}": "\ue001"}
# \'e  \'{e}  {\'e}  \c{c}  \c c  \'\i  \"{\i}
ACCENT = re.compile(
    r"\\(?:([`'^\"~=.])\s*|([uvHckrdb])(?:\s+|(?=\{)))"
    r"(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])(?![A-Za-z])\s?")
COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
ESCAPE = re.compile(r"\\([&%$#_{} ])")


def _accented(match):
    mark = ACCENTS[match.group(1) or match.group(2)]
    base = match.group(3) or match.group(4)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + mark)


def _latex_to_unicode(text):
    text = text.replace(r"\textbackslash{}", "\ue002").replace(r"\textbackslash", "\ue002")
    text = ACCENT.sub(_accented, text)
    text = LETTER.sub(lambda match: LETTERS[match.group(1)], text)
    # Formatting commands (\emph, \textbf, \url...) go; their argument stays.
    text = COMMAND.sub("", text)
    text = ESCAPE.sub(lambda match: PROTECTED.get(match.group(1), match.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("---", "—").replace("--", "–")
    return text.replace("\ue000", "{").replace("\ue001", "}").replace("\ue002", "\\")


def latex_text(value):
    """LaTeX accents and braces to Unicode (`{\\'e}` → é), leaving $math$ as it is."""
    value = clean_text(value)
    if "\\" not in value and "{" not in value and "~" not in value and "--" not in value:
        return value
    parts = MATH.split(value)
    for index in range(0, len(parts), 2):
        parts[index] = _latex_to_unicode(parts[index])
    return clean_text("".join(parts))


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


# Export


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
