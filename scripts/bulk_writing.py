"""Pages and images written in bulk, and indexed for search together afterwards."""

import multiprocessing
import time
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.models import F
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from mila.tree import child_path, lock_for_new_children
from publications import search_index
from publications.importing.indexing import index_publications
from sitesearch.documents import documents_for, is_searchable
from sitesearch.models import SearchDocument


@contextmanager
def deferred_search_index(models):
    """Pages and images saved in this block are not indexed one by one (a task per save);
    `index_bulk` indexes them together afterwards."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def index_bulk(objects):
    """Wagtail's search index and the site search documents of pages and images just created."""
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    documents = [
        document
        for obj in objects
        if hasattr(obj, "depth") and is_searchable(obj)
        for document in documents_for(obj)
    ]
    with transaction.atomic():
        created = SearchDocument.objects.bulk_create(documents)
        by_model[SearchDocument] = created
        for backend in get_search_backends(with_auto_update=True):
            for model, instances in by_model.items():
                if backend.__class__.__name__ == "PostgresSearchBackend":
                    search_index.add_bulk(backend, model, instances)  # same rows, faster
                else:
                    backend.add_bulk(model, instances)


class PaperIndexer:
    """Indexes each committed batch of papers in a second process while the next one is
    written. Inside a transaction (a test), the second process could not see the papers, and
    SQLite takes one writer at a time: they are indexed in this process instead."""

    def __init__(self, verbosity):
        self.verbosity = verbosity
        self.process = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            connections.close_all()  # the child opens its own connection
            context = multiprocessing.get_context("fork")
            self.queue = context.Queue()
            self.process = context.Process(target=self._run, daemon=True)
            self.process.start()

    def add(self, ids):
        if self.process is None:
            index_publications(ids)
        else:
            self.queue.put(sorted(ids))

    def close(self):
        if self.process is None:
            return
        self.queue.put(None)
        self.process.join()
        if self.process.exitcode != 0:
            raise CommandError("Indexing the publications failed (see the error above).")

    def _run(self):
        try:
            while (ids := self.queue.get()) is not None:
                started = time.monotonic()
                with transaction.atomic():
                    index_publications(ids)
                if self.verbosity > 1:
                    print(f"  {len(ids)} papers indexed in {time.monotonic() - started:.1f} s")
        finally:
            connections.close_all()


def add_children(parent, pages):
    """What `parent.add_child(instance=page)` does for each page, without Wagtail's full_clean,
    which loads every sibling to check the slugs in each language (a tenth of a second per
    profile in a directory of hundreds). The slugs here are unique by construction."""
    if not pages:
        return
    with transaction.atomic():
        parent, step = lock_for_new_children(parent)
        locale_id = Locale.get_default().pk
        for offset, page in enumerate(pages, start=1):
            page.depth = parent.depth + 1
            page.path = child_path(parent, step + offset)
            page.numchild = 0
            page.title = page.draft_title = page.title_en
            page.locale_id = locale_id
            page.save(clean=False)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
