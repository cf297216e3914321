"""Purging: which changes drop the cached pages and values, and which URLs a CDN is told about.

Any change of content replaces the generation (mila.cache.scope), so every cached page in both
languages goes at once, with the listings that show the page. Why a generation rather than a
list of URLs: docs/decisions/007-page-cache.md.

What is content is derived, not listed per app: a row of any model of this project is content
unless its class says `is_content = False` (tokens, import batches, enquiries, editorial
bookkeeping); of the installed packages, Wagtail's sites, privacy rules, promoted results,
images and documents are. A new app or model therefore purges without being registered anywhere:
forgetting the flag costs cache hits, never a stale page.

A CDN or caching proxy in front (Wagtail's frontend cache, `WAGTAILFRONTENDCACHE`) is purged by
URL: the page and its ancestors in each language, plus the profiles of a paper's authors.
"""

import functools
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import translation

from mila.signals import content_changed, import_finished

from .scope import purge_after_change

logger = logging.getLogger(__name__)

DRAFT_BOOKKEEPING = {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}
# Models of installed packages whose rows visitors see (images and documents are added below).
PACKAGE_CONTENT = {
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.searchpromotion",
}


@functools.cache
def _is_project_app(app_label):
    from django.apps import apps

    try:
        path = Path(apps.get_app_config(app_label).path).resolve()
    except LookupError:  # Django's own bookkeeping (the migrations table)
        return False
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and "site-packages" not in path.parts


def is_content(model):
    """Whether saving or deleting a row of `model` can change what a visitor sees."""
    declared = getattr(model, "is_content", None)
    if isinstance(declared, bool):
        return declared
    if _is_project_app(model._meta.app_label):
        return True
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    label = model._meta.label_lower
    media = {get_image_model()._meta.label_lower, get_document_model()._meta.label_lower}
    return label in PACKAGE_CONTENT or label in media


def _page_urls(page):
    """The page's public URLs in every language, with its routable sub-paths (feeds...)."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_full_url()
            if url is None:
                continue
            for path in page.specific_deferred.get_cached_paths():
                urls.add(url + path.lstrip("/"))
    return urls


def affected_urls(page):
    """The page, the listings above it (index, section, home) and related profiles."""
    page = page.specific_deferred
    urls = set()
    for ancestor in page.get_ancestors(inclusive=True).filter(depth__gt=1).specific():
        urls |= _page_urls(ancestor)
    authorships = getattr(page, "authorships", None)
    if authorships is not None:
        for authorship in authorships.select_related("person").filter(person__live=True):
            urls |= _page_urls(authorship.person)
    return urls


def purge_frontend(urls):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or not urls:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(sorted(urls))
    except Exception:
        # A CDN outage must not stop a publish; s-maxage bounds how long it serves old pages.
        logger.exception("Frontend cache purge failed")


def _frontend_for_page(page):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        urls = affected_urls(page)
    except Exception:
        logger.exception("Could not list the URLs of page %s to purge", page.pk)
        return
    transaction.on_commit(lambda: purge_frontend(urls))


def _page_changed(sender, instance, **kwargs):
    purge_after_change()
    _frontend_for_page(instance)


def _page_leaving(sender, instance, **kwargs):
    # The old URLs, before a move or a deletion changes them.
    _frontend_for_page(instance)


def _page_deleted(sender, instance, **kwargs):
    purge_after_change()


def draft_only(update_fields):
    """Whether a page's save wrote only bookkeeping columns (a draft, a lock): any other save of
    a page (a publish, a script, a bulk fix) may change what visitors see."""
    return (
        update_fields is not None
        and {name.removesuffix("_en").removesuffix("_fr") for name in update_fields}
        <= DRAFT_BOOKKEEPING
    )


def _row_changed(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        if draft_only(update_fields):
            return
        purge_after_change()
        return
    if is_content(sender):
        purge_after_change()


def _import_finished(sender, imported=True, **kwargs):
    if imported:
        purge_after_change()


def _content_changed(sender, pages=(), **kwargs):
    purge_after_change()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.models import Site

        urls = set()
        for page in pages:
            urls |= affected_urls(page)
        for site in Site.objects.all():
            urls |= _page_urls(site.root_page.specific)
        transaction.on_commit(lambda: purge_frontend(urls))


def connect_signals():
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    page_published.connect(_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
    pre_page_move.connect(_page_leaving, dispatch_uid="pagecache_pre_move")
    post_page_move.connect(_page_changed, dispatch_uid="pagecache_moved")
    pre_delete.connect(_page_leaving, sender=Page, dispatch_uid="pagecache_page_deleting")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="pagecache_page_deleted")
    post_save.connect(_row_changed, dispatch_uid="pagecache_content_saved")
    post_delete.connect(_row_changed, dispatch_uid="pagecache_content_deleted")
    import_finished.connect(_import_finished, dispatch_uid="pagecache_import_finished")
    content_changed.connect(_content_changed, dispatch_uid="pagecache_content_changed")
