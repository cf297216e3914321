"""Which translated fields of a page are missing, or possibly out of date, in each language.

"Missing": some text in one language, none in the other. "Possibly out of date": both languages
have text, and the last revision that changed the field changed it in one language only, after
the two were in step. A field is in step again when a revision changes both languages, when the
out-of-date language is edited (the translation catches up), or when a language is written for
the first time. Results are stored in EditorialStatus (see signals.py for when).
"""

import contextlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.models import Page, Revision

from .fields import LANGUAGES, STREAM, is_empty, other, translated_fields
from .links import internal_links
from .models import EditorialStatus


def _decoded(value, kind):
    if kind == STREAM and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    return value


def _normalised(value, kind):
    value = _decoded(value, kind)
    if isinstance(value, list) and kind != STREAM:
        return [_normalised(item, kind) for item in value]
    return json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)


def _raw_has_text(field, content, language):
    value = _decoded(field.raw(content, language), field.kind)
    if field.relation is not None:
        return any(not is_empty(item) for item in value)
    return not is_empty(value)


def _next_state(stale, field, before, after, changed):
    """Which language (if any) may be out of date for `field` after this revision."""
    if not changed:
        return stale
    if len(changed) == len(LANGUAGES):
        return None
    (language,) = changed
    if stale == language or not _raw_has_text(field, before, language):
        return None  # the translation caught up, or was written for the first time
    return other(language) if _raw_has_text(field, after, other(language)) else None


def apply_revision(status, model, before, after, when):
    """Update the status's change times and out-of-step fields for one revision."""
    for field in translated_fields(model):
        changed = set()
        for language in LANGUAGES:
            old = _normalised(field.raw(before, language), field.kind)
            new = _normalised(field.raw(after, language), field.kind)
            if old != new:
                changed.add(language)
                status.field_changes[f"{field.name}:{language}"] = when
        stale = _next_state(status.out_of_step.get(field.name), field, before, after, changed)
        if stale:
            status.out_of_step[field.name] = stale
        else:
            status.out_of_step.pop(field.name, None)


def _has_text(field, version, language):
    return any(not is_empty(value) for value in field.values(version, language))


def evaluate(version, out_of_step):
    """{"missing_fr": [...], "outdated_fr": [...], ...} for a page (or a revision of it)."""
    result = {}
    fields = translated_fields(type(version))
    for language in LANGUAGES:
        missing = [field.name for field in fields if field.missing_in(version, language)]
        result[f"missing_{language}"] = missing
        result[f"outdated_{language}"] = [
            field.name
            for field in fields
            if field.name not in missing
            and out_of_step.get(field.name) == language
            and _has_text(field, version, language)
        ]
    return result


def latest_version(page):
    """The page as editors last saved it (its latest revision), else as stored."""
    page = page.specific
    if page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _status_of(page):
    return EditorialStatus.objects.filter(page_id=page.pk).first() or EditorialStatus(
        page_id=page.pk
    )


def refresh(page, status=None, version=None, edited_at=None):
    """Recompute and store the page's status from its latest version; returns the status."""
    page = page.specific
    status = status or _status_of(page)
    version = version or latest_version(page)
    for name, value in evaluate(version, status.out_of_step).items():
        setattr(status, name, value)
    status.french_missing = bool(status.missing_fr)
    status.english_missing = bool(status.missing_en)
    status.french_outdated = bool(status.outdated_fr)
    status.english_outdated = bool(status.outdated_en)
    status.internal_links = internal_links(version)
    status.has_internal_links = bool(status.internal_links)
    status.last_edited_at = edited_at or last_edited(page)
    status.save()
    return status


def _page_revisions(page_id):
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page_id)
    )


def record_revision(revision):
    """Note what this revision changed in each language, then refresh the page's status."""
    page = Page.objects.get(pk=revision.object_id).specific
    status = _status_of(page)
    previous = _page_revisions(page.pk).filter(pk__lt=revision.pk).order_by("-pk").first()
    # Before the first revision, the stored page is what the revision changed.
    before = previous.content if previous else page.serializable_data()
    apply_revision(status, type(page), before, revision.content, revision.created_at.isoformat())
    status.last_revision_id = revision.pk
    # The page does not point to this revision yet when the revision is saved.
    return refresh(page, status, version=revision.as_object(), edited_at=revision.created_at)


def rebuild(page):
    """Replay all of a page's revisions (for pages saved before this app was installed)."""
    page = page.specific
    status = _status_of(page)
    status.field_changes, status.out_of_step = {}, {}
    before = None
    for revision in _page_revisions(page.pk).order_by("pk").iterator():
        if before is not None:
            apply_revision(
                status, type(page), before, revision.content, revision.created_at.isoformat()
            )
        before = revision.content
        status.last_revision_id = revision.pk
    return refresh(page, status)


def last_edited(page):
    return (
        page.latest_revision_created_at
        or page.last_published_at
        or page.first_published_at
        or timezone.now()
    )
