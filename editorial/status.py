"""Which translated fields of a page are missing, or possibly out of date, in each language.

"Missing": some text in one language, none in the other. "Possibly out of date": both languages
have text, but a revision changed the field in one language after the last revision that changed
it in the other. Results are stored in EditorialStatus (see signals.py for when).
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


def _normalised(value, kind):
    if kind == STREAM and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list) and kind != STREAM:
        return [_normalised(item, kind) for item in value]
    return json.dumps(value, sort_keys=True, cls=DjangoJSONEncoder)


def changed_columns(model, before, after):
    """{"intro:en", ...}: the (field, language) pairs that differ between two contents."""
    changed = set()
    for field in translated_fields(model):
        for language in LANGUAGES:
            old = _normalised(field.raw(before, language), field.kind)
            new = _normalised(field.raw(after, language), field.kind)
            if old != new:
                changed.add(f"{field.name}:{language}")
    return changed


def _has_text(field, version, language):
    return any(not is_empty(value) for value in field.values(version, language))


def _outdated(field, version, changes, language):
    """The other language changed after this one was last changed, and both have text."""
    if not (_has_text(field, version, language) and _has_text(field, version, other(language))):
        return False
    mine = changes.get(f"{field.name}:{language}", "")
    theirs = changes.get(f"{field.name}:{other(language)}", "")
    return theirs > mine


def evaluate(version, changes):
    """{"missing_fr": [...], "outdated_fr": [...], ...} for a page (or a revision of it)."""
    result = {}
    fields = translated_fields(type(version))
    for language in LANGUAGES:
        missing = [field.name for field in fields if field.missing_in(version, language)]
        result[f"missing_{language}"] = missing
        result[f"outdated_{language}"] = [
            field.name
            for field in fields
            if field.name not in missing and _outdated(field, version, changes, language)
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
    for name, value in evaluate(version, status.field_changes).items():
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
    """Note which translated fields this revision changed, then refresh the page's status."""
    page = Page.objects.get(pk=revision.object_id).specific
    status = _status_of(page)
    previous = _page_revisions(page.pk).filter(pk__lt=revision.pk).order_by("-pk").first()
    # Before the first revision, the stored page is what the revision changed.
    before = previous.content if previous else page.serializable_data()
    when = revision.created_at.isoformat()
    for column in changed_columns(type(page), before, revision.content):
        status.field_changes[column] = when
    status.last_revision_id = revision.pk
    # The page does not point to this revision yet when the revision is saved.
    return refresh(page, status, version=revision.as_object(), edited_at=revision.created_at)


def rebuild(page):
    """Replay all of a page's revisions (for pages saved before this app was installed)."""
    page = page.specific
    status = _status_of(page)
    status.field_changes = {}
    before = None
    for revision in _page_revisions(page.pk).order_by("pk").iterator():
        if before is not None:
            when = revision.created_at.isoformat()
            for column in changed_columns(type(page), before, revision.content):
                status.field_changes[column] = when
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
