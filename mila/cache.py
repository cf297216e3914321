"""Page cache: whole public pages for anonymous visitors, kept in the Django cache.

Every entry's key carries a site-wide *generation*; publishing, unpublishing, moving or deleting
a page, saving a snippet or setting, and finishing a publication import replace the generation,
so every cached page in both languages is dropped at once (the listings that show the page
included). Why a generation rather than a list of URLs: docs/decisions/007-page-cache.md.

A CDN or caching proxy in front (Wagtail's frontend cache, `WAGTAILFRONTENDCACHE`) is purged by
URL: the page and its ancestors in each language, plus the profiles of a paper's authors.
"""

import hashlib
import logging
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SAFE_METHODS = ("GET", "HEAD")
# Responses bigger than this (BibTeX exports of long lists) are not worth a cache slot.
MAX_BYTES = 2 * 1024 * 1024
MAX_QUERY_STRING = 512
# Content apps whose non-page models (snippets, settings, orderable rows) show on public pages.
CONTENT_APPS = {"mila", "pages", "people", "publications", "partnerships", "news", "events"}
# Rows that visitors or the import machinery write, not content: an import ends with
# `import_finished`, a partner enquiry changes no page.
NOT_CONTENT = {
    "publications.ingesttoken",
    "publications.importbatch",
    "partnerships.partnerenquiry",
}
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
EXTRA_CONTENT = {
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.searchpromotion",
}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def timeout():
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 300)


# A GET request reads the generation once, at its first use: its page key and the derived values
# it remembers then all belong to the generation current when it started (a purge meanwhile
# orphans what it stores). One cache round trip per request instead of one per value.
_UNREAD = object()
_request_generation = ContextVar("pagecache_generation", default=None)


def _request_started(sender, environ=None, scope=None, **kwargs):
    method = (environ or {}).get("REQUEST_METHOD") or (scope or {}).get("method")
    _request_generation.set(_UNREAD if method in SAFE_METHODS else None)


def _request_finished(sender, **kwargs):
    _request_generation.set(None)


def _read_generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh random value, never a counter: if the key is evicted, a restarted counter
        # could reach an old generation again and bring its stale pages back.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def generation():
    memo = _request_generation.get()
    if memo is None:
        return _read_generation()
    if memo is _UNREAD:
        memo = _read_generation()
        _request_generation.set(memo)
    return memo


def purge_all():
    """Drop every cached page, in every language, for every process sharing the cache."""
    if _request_generation.get() is not None:
        _request_generation.set(_UNREAD)
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A cache outage must not stop editors from publishing; pages already cached expire
        # after PAGE_CACHE_TIMEOUT.
        logger.exception("Could not purge the page cache")


def purge_after_change():
    # Now, and again after the commit: a page rendered between the two from rows not yet
    # committed is stored under the middle generation and never served.
    purge_all()
    transaction.on_commit(purge_all)


# Derived values: what many pages show and only content changes alter


_MISSING = object()


def remembered(key, build, request=None, keep=None):
    """`build()`, kept in the cache under the current generation when FRAGMENT_CACHE_ENABLED.

    For values derived from content that many page views repeat: the navigation, the home
    page's figures, a listing's filter choices. The same purges as the page cache drop them, so
    this needs the same shared cache (on by default with Redis, in development and in tests).
    A preview shows the draft, never a remembered value; a cache outage falls back to `build()`.
    `keep(value)`, where given, says whether a built value is worth storing (a page found at a
    URL is; a visitor's mistyped URL is not).
    """
    if not getattr(settings, "FRAGMENT_CACHE_ENABLED", False) or getattr(
        request, "is_preview", False
    ):
        return build()
    try:
        digest = hashlib.sha256(f"{translation.get_language()}:{key}".encode()).hexdigest()
        full_key = f"derived:{generation()}:{digest}"
        value = cache.get(full_key, _MISSING)
    except Exception:
        logger.exception("Cache unavailable; computing %s", key)
        return build()
    if value is _MISSING:
        value = build()
        if keep is not None and not keep(value):
            return value
        try:
            cache.set(full_key, value, settings.FRAGMENT_CACHE_TIMEOUT)
        except Exception:
            logger.exception("Could not remember %s", key)
    return value


def remembered_html(key, template_name, build_context, request=None):
    """A template rendered once per content change, for every visitor: a home page section.

    `build_context()` is called only when nothing is remembered. The key carries the host, as
    page links may be absolute on another site. The template must show nothing of the visitor
    (no form, no user): add to the key whatever it depends on besides content and language.
    """
    host = request.get_host() if request is not None else ""
    return remembered(
        f"html:{host}:{key}",
        lambda: render_to_string(template_name, build_context(), request=request),
        request,
    )


# Requests and responses


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def cacheable_request(request):
    """Anonymous GET/HEAD of a public URL: no session, no message, no credentials."""
    if not enabled() or request.method not in SAFE_METHODS:
        return False
    if not request.path.startswith(_language_prefixes()):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def cacheable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a CSRF token, a message, a new session: this response is someone's
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False  # a nonce must be new on every response
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    return len(response.content) <= MAX_BYTES


def page_key(request):
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation()}:{digest}"


def _store(key, response):
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    cache.set(key, (response.status_code, headers, response.content), timeout())


def _from_entry(entry, request):
    status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "HIT"
    return response


class PageCacheMiddleware:
    """Serve anonymous page views from the cache, before any middleware that reads the database.

    Placed before SessionMiddleware, so a hit never touches the session, the user or the
    database; its response step runs after them, so it sees every cookie they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = entry = None
        if cacheable_request(request):
            try:
                # The generation is read before rendering: a purge meanwhile orphans this entry.
                key = page_key(request)
                entry = cache.get(key)
            except DisallowedHost:
                key = None
            except Exception:
                logger.exception("Page cache unavailable; serving without it")
                key = None
        if entry is not None:
            return _from_entry(entry, request)
        response = self.get_response(request)
        if key is not None and cacheable_response(request, response):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_CDN_MAX_AGE
            )
            try:
                _store(key, response)
            except Exception:
                logger.exception("Could not store a page in the cache")
            response["X-Cache"] = "MISS"
        elif request.path.startswith(_language_prefixes()) and "Cache-Control" not in response:
            # Pages for a logged-in user, with a form or a message: never in a shared cache.
            patch_cache_control(response, private=True, no_cache=True)
        return response


# Purging


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


def _content_changed(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        # A draft or a lock writes only bookkeeping columns; any other save of a page (a
        # script, a bulk fix) may change what visitors see.
        if (
            update_fields is not None
            and {name.removesuffix("_en").removesuffix("_fr") for name in update_fields}
            <= DRAFT_BOOKKEEPING
        ):
            return
        purge_after_change()
        return
    label = sender._meta.label_lower
    if (sender._meta.app_label in CONTENT_APPS and label not in NOT_CONTENT) or (
        label in EXTRA_CONTENT or label in _media_labels()
    ):
        purge_after_change()


def _media_labels():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return {get_image_model()._meta.label_lower, get_document_model()._meta.label_lower}


def _import_finished(sender, imported=True, **kwargs):
    if not imported:
        return
    purge_after_change()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.models import Site

        from publications.models import PublicationIndexPage

        urls = set()
        for index in PublicationIndexPage.objects.live():
            urls |= affected_urls(index)
        for site in Site.objects.all():
            urls |= _page_urls(site.root_page.specific)
        transaction.on_commit(lambda: purge_frontend(urls))


def connect_signals():
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    from publications.importing import import_finished

    request_started.connect(_request_started, dispatch_uid="pagecache_request_started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache_request_finished")
    page_published.connect(_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
    pre_page_move.connect(_page_leaving, dispatch_uid="pagecache_pre_move")
    post_page_move.connect(_page_changed, dispatch_uid="pagecache_moved")
    pre_delete.connect(_page_leaving, sender=Page, dispatch_uid="pagecache_page_deleting")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="pagecache_page_deleted")
    post_save.connect(_content_changed, dispatch_uid="pagecache_content_saved")
    post_delete.connect(_content_changed, dispatch_uid="pagecache_content_deleted")
    import_finished.connect(_import_finished, dispatch_uid="pagecache_import_finished")
