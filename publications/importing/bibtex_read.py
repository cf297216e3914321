"""BibTeX files read entry by entry (bibtexparser, with line numbers) into PublicationRecords.

A file is split into entries cheaply and in order; batches of entries are then parsed and
converted (bibtex_entry.py), in this process or in worker processes for large files.
"""

import calendar
import multiprocessing
import re
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache

import bibtexparser
import django
from django.utils import translation
from django.utils.translation import gettext as _

from .bibtex_entry import entry_to_record
from .records import RecordError

ENTRY_START = re.compile(r"[ \t]*@[ \t]*([A-Za-z]+)[ \t]*([{(])")
ENTRY_KEY = re.compile(r"\s*([^\s,{}()=\"#%']+)\s*,")
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
