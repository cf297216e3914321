"""Keep EditorialStatus current: on every saved page and every new page revision."""

import logging
import os

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, Revision

from mila.signals import import_finished

from .fields import translated_fields
from .models import ImportRun
from .status import record_revision, refresh

logger = logging.getLogger(__name__)


def _safely(function, *args):
    # The status is derived data (`manage.py refresh_editorial_status` rebuilds it): a problem
    # computing it must never stop an editor from saving their page.
    try:
        with transaction.atomic():
            function(*args)
    except Exception:
        logger.exception("Could not update the editorial status (%s%r)", function.__name__, args)


@receiver(post_save)
def page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not translated_fields(type(instance)):
        return
    update_fields = kwargs.get("update_fields")
    # Saves that only touch bookkeeping columns (locks, revision pointers) change no text.
    touches_text = any(name.endswith(("_en", "_fr")) for name in update_fields or ())
    if update_fields and not touches_text and not kwargs.get("created"):
        return
    _safely(refresh, instance)


@receiver(post_save, sender=Revision)
def revision_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    model = instance.content_type.model_class()
    if model is None or not issubclass(model, Page) or not translated_fields(model):
        return
    _safely(record_revision, instance)


MAX_ERRORS_KEPT = 20


def _storable(text, length):
    # Import errors quote what was sent: PostgreSQL refuses NUL characters, and UTF-8 lone
    # surrogates, which a hostile or broken export may contain.
    text = str(text or "").replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")[:length]


def _create_import_run(source, label, user, imported, counts, errors):
    ImportRun.objects.create(
        source=source,
        label=_storable(os.path.basename(str(label or "")), 255),
        user=user,
        imported=imported,
        created=counts.get("created", 0),
        updated=counts.get("updated", 0),
        unchanged=counts.get("unchanged", 0),
        skipped=counts.get("skipped", 0),
        error_count=len(errors),
        errors=[_storable(error, 500) for error in errors[:MAX_ERRORS_KEPT]],
    )


def record_import(sender, source, label, user, imported, counts, errors, **kwargs):
    _safely(_create_import_run, source, label, user, imported, counts, errors)


import_finished.connect(record_import, dispatch_uid="editorial.record_import")
