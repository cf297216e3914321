"""Search indexing of publications: immediate for editors, in bulk for the importers.

`PublicationPage.search_auto_update` is off, so Wagtail's per-save handler is not connected;
these handlers do the same job, except inside `deferred_indexing()`, where saved pages are only
collected and indexed together at the end (one bulk insert instead of a task per page).
On PostgreSQL the bulk insert goes through `search_index.add_bulk` (same rows, less time).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from wagtail.search import index
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from .. import search_index

logger = logging.getLogger(__name__)
_pending = ContextVar("publications_pending_index", default=None)
CHUNK = 1000


@contextmanager
def deferred_indexing():
    """Within this block, saved publications are indexed in bulk when the block ends."""
    pending = set()
    token = _pending.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield pending
    finally:
        _pending.reset(token)
    index_publications(pending)


def index_publications(ids):
    from ..models import PublicationPage

    ids = sorted(ids)
    if not ids:
        return
    backends = list(get_search_backends(with_auto_update=True))
    for start in range(0, len(ids), CHUNK):
        pages = list(
            PublicationPage.objects.filter(pk__in=ids[start : start + CHUNK]).prefetch_related(
                "authors"
            )
        )
        for backend in backends:
            try:
                if backend.__class__.__name__ == "PostgresSearchBackend":
                    search_index.add_bulk(backend, PublicationPage, pages)
                else:
                    backend.add_bulk(PublicationPage, pages)
            except Exception:
                # Like Wagtail: an external search service being down must not lose the data.
                logger.exception("Could not index %d publications", len(pages))
                if not backend.catch_indexing_errors:
                    raise


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pending = _pending.get()
    if pending is not None:
        pending.add(instance.pk)
    else:
        index.insert_or_update_object(instance)


def _deleted(sender, instance, **kwargs):
    index.remove_object(instance)


def connect_signal_handlers():
    from ..models import PublicationPage

    post_save.connect(_saved, sender=PublicationPage, dispatch_uid="publications_index_save")
    post_delete.connect(_deleted, sender=PublicationPage, dispatch_uid="publications_index_delete")
