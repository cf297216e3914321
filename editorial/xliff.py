"""XLIFF 1.2 files of a page's (or a section's) translatable text, out to a translator and back.

Each page is one <file original="page-ID">; each translated field, inline child field or text
inside a StreamField is one <trans-unit>, with the English as <source> and the current French,
if any, as <target>. Rich text travels as escaped HTML (datatype="html"). Importing checks that
every <file> belongs to the page (or section) it is imported into and that rich text is intact,
then fills the French fields of a new draft revision. English is never written.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page

from .fields import RICH, SOURCE, STREAM, TARGET, is_empty, translated_fields
from .markup import MarkupError, check_rich_text
from .status import _normalised, latest_version
from .streams import map_text, raw_stream, text_leaves

NS = "urn:oasis:names:tc:xliff:document:1.2"
ET.register_namespace("", NS)
ORIGINAL = re.compile(r"^page-(\d+)$")
MAX_BYTES = 5 * 1024 * 1024


class XliffError(ValueError):
    """The file cannot be imported; the message says why, for the editor."""


def _q(tag):
    return f"{{{NS}}}{tag}"


def _child_key(obj, position):
    return str(obj.pk) if obj.pk else f"#{position}"


def segments(version):
    """[(unit id, kind, English text, French text or "", field label)] for one page version."""
    found = []
    for translated in translated_fields(type(version)):
        label = str(translated.label)
        if translated.kind == STREAM:
            block = translated.model_field.stream_block
            english = getattr(version, translated.column(SOURCE))
            french = {
                path: text
                for path, _kind, text in text_leaves(
                    block, raw_stream(getattr(version, translated.column(TARGET)))
                )
            }
            for path, kind, text in text_leaves(block, raw_stream(english)):
                found.append((f"{translated.name}/{path}", kind, text, french.get(path, ""), label))
            continue
        for position, (obj, english, french) in enumerate(translated.pairs(version)):
            if is_empty(english):
                continue
            unit = translated.name
            if translated.relation:
                unit = f"{translated.name}/{_child_key(obj, position)}"
            found.append(
                (
                    unit,
                    translated.kind,
                    str(english),
                    "" if is_empty(french) else str(french),
                    label,
                )
            )
    return found


def export_pages(pages):
    """The XLIFF document (bytes) for these pages, each in its latest version."""
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    for page in pages:
        version = latest_version(page)
        file_element = ET.SubElement(
            root,
            _q("file"),
            {
                "original": f"page-{page.pk}",
                "source-language": SOURCE,
                "target-language": TARGET,
                "datatype": "plaintext",
                "product-name": "Mila website",
            },
        )
        header = ET.SubElement(file_element, _q("header"))
        note = ET.SubElement(header, _q("note"))
        note.text = f"{version.title_en} ({page.url_path_en})"
        body = ET.SubElement(file_element, _q("body"))
        for unit, kind, english, french, label in segments(version):
            attributes = {"id": unit, "resname": unit}
            if kind == RICH:
                attributes["datatype"] = "html"
            element = ET.SubElement(body, _q("trans-unit"), attributes)
            ET.SubElement(element, _q("source")).text = english
            ET.SubElement(element, _q("target")).text = french
            ET.SubElement(element, _q("note")).text = label
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _inner_text(element):
    """The text of <source>/<target>, with any inline markup a tool unescaped put back as HTML."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        for node in child.iter():
            node.tag = node.tag.split("}")[-1]
        parts.append(ET.tostring(child, encoding="unicode"))
    return "".join(parts)


def read(data):
    """{page id: {unit id: (source, target)}} from an uploaded XLIFF file, or XliffError."""
    if len(data) > MAX_BYTES:
        raise XliffError(_("The file is larger than 5 MB."))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XliffError(_("The file declares a DOCTYPE or entities; XLIFF files do not."))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise XliffError(
            _("The file is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": error.position[0], "column": error.position[1]}
        ) from error
    if root.tag != _q("xliff"):
        raise XliffError(_("This is not an XLIFF 1.2 file."))
    pages = {}
    for file_element in root.findall(_q("file")):
        match = ORIGINAL.match(file_element.get("original", ""))
        if not match:
            raise XliffError(_("This file was not exported from this website."))
        language = (file_element.get("target-language") or "").lower()
        if not language.startswith(TARGET):
            raise XliffError(
                _("This file translates into “%(language)s”, not into French.")
                % {"language": language}
            )
        units = {}
        for unit in file_element.iter(_q("trans-unit")):
            units[unit.get("id", "")] = (
                _inner_text(unit.find(_q("source"))),
                _inner_text(unit.find(_q("target"))).strip(),
            )
        pages[int(match.group(1))] = units
    if not pages:
        raise XliffError(_("The file contains no page."))
    return pages


@dataclass
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass
class PagePlan:
    page: Page
    version: Page
    changes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def _preview_text(value):
    return Truncator(strip_tags(str(value or "")).strip()).chars(300)


def _plan_page(page, units):
    version = latest_version(page)
    plan = PagePlan(page=page, version=version)
    known = set()
    for translated in translated_fields(type(version)):
        label = str(translated.label)
        if translated.kind == STREAM:
            _plan_stream(plan, translated, units, known, label)
            continue
        objects = translated.objects(version)
        changed = False
        for position, obj in enumerate(objects):
            unit = translated.name
            if translated.relation:
                unit = f"{translated.name}/{_child_key(obj, position)}"
            known.add(unit)
            if unit not in units:
                continue
            source, target = units[unit]
            english = getattr(obj, translated.column(SOURCE))
            french = getattr(obj, translated.column(TARGET))
            if not target or target == (french or ""):
                continue
            if translated.kind == RICH:
                _check(source, target, label)
            _warn_if_english_changed(plan, source, english, label)
            setattr(obj, translated.column(TARGET), target)
            plan.changes.append(
                Change(translated.name, label, _preview_text(french), _preview_text(target))
            )
            changed = True
        if translated.relation and changed:
            setattr(version, translated.relation, objects)
    stale = sorted(set(units) - known)
    if stale:
        plan.warnings.append(
            _("%(count)s text(s) no longer match this page and were left out: %(units)s")
            % {"count": len(stale), "units": ", ".join(stale[:5])}
        )
    return plan


def _check(source, target, label):
    try:
        check_rich_text(source, target)
    except MarkupError as problem:
        raise XliffError(
            _("The French text of “%(field)s” has broken markup: %(problem)s.")
            % {"field": label, "problem": problem}
        ) from problem


def _warn_if_english_changed(plan, source, english, label):
    if source.strip() != str(english or "").strip():
        plan.warnings.append(
            _("The English of “%(field)s” changed since the file was exported.") % {"field": label}
        )


def _plan_stream(plan, translated, units, known, label):
    block = translated.model_field.stream_block
    english = raw_stream(getattr(plan.version, translated.column(SOURCE)))
    french = raw_stream(getattr(plan.version, translated.column(TARGET)))
    untranslated = []

    def translate(path, kind, text):
        unit = f"{translated.name}/{'/'.join(path)}"
        known.add(unit)
        source, target = units.get(unit, ("", ""))
        if not target:
            untranslated.append(unit)
            return text
        if kind == RICH:
            _check(source, target, label)
        return target

    translated_stream = map_text(block, english, translate)
    if not any(unit.startswith(f"{translated.name}/") for unit in units):
        return
    if untranslated:
        plan.warnings.append(
            _(
                "“%(field)s” is not fully translated in the file (%(count)s text(s) missing); "
                "it was left unchanged."
            )
            % {"field": label, "count": len(untranslated)}
        )
        return
    if _normalised(translated_stream, STREAM) == _normalised(french, STREAM):
        return
    setattr(plan.version, translated.column(TARGET), translated_stream)
    plan.changes.append(
        Change(
            translated.name,
            label,
            _stream_preview(block, french),
            _stream_preview(block, translated_stream),
        )
    )


def _stream_preview(block, raw):
    return _preview_text(" / ".join(text for _path, _kind, text in text_leaves(block, raw)))


def plan_import(root_page, data, include_descendants=False):
    """[PagePlan] for an uploaded file, or XliffError when it does not belong to `root_page`."""
    pages_units = read(data)
    allowed = Page.objects.filter(pk__in=pages_units)
    if include_descendants:
        allowed = allowed.descendant_of(root_page, inclusive=True)
    else:
        allowed = allowed.filter(pk=root_page.pk)
    found = {page.pk: page for page in allowed.specific()}
    foreign = [page_id for page_id in pages_units if page_id not in found]
    if foreign:
        other_page = Page.objects.filter(pk=foreign[0]).first()
        raise XliffError(
            _("This file is for the page “%(other)s”, not for “%(page)s”. Nothing was imported.")
            % {
                "other": other_page.get_admin_display_title() if other_page else f"#{foreign[0]}",
                "page": root_page.get_admin_display_title(),
            }
        )
    return [_plan_page(found[page_id], units) for page_id, units in pages_units.items()]


def apply_plans(plans, user):
    """Save each page with changes as a new draft revision; returns the number of fields."""
    count = 0
    for plan in plans:
        if plan.changes:
            plan.version.save_revision(user=user, log_action=True)
            count += len(plan.changes)
    return count
