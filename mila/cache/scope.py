"""What every cache key carries: the release, the content generation, and whether this is a preview.

The *release* (settings.RELEASE) changes with the code, so a deploy never reads the HTML or
values another release stored. The *generation* is a random value kept in the cache and replaced
by every content change (mila.cache.purge), which drops every page, card and remembered value
at once. A *preview* (Wagtail serves it through the middleware chain with a dummy request)
never reads or stores anything: `PreviewScopeMiddleware` says so for the whole request, so no
caller has to pass the request along.
"""

import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SAFE_METHODS = ("GET", "HEAD")

# A GET request reads the generation once, at its first use: its page key and the derived values
# it remembers then all belong to the generation current when it started (a purge meanwhile
# orphans what it stores). One cache round trip per request instead of one per value.
_UNREAD = object()
_request_generation = ContextVar("pagecache_generation", default=None)
_previewing = ContextVar("pagecache_previewing", default=False)


def _request_started(sender, environ=None, scope=None, **kwargs):
    method = (environ or {}).get("REQUEST_METHOD") or (scope or {}).get("method")
    _request_generation.set(_UNREAD if method in SAFE_METHODS else None)


def _request_finished(sender, **kwargs):
    _request_generation.set(None)


def connect_signals():
    request_started.connect(_request_started, dispatch_uid="pagecache_request_started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache_request_finished")


def _read_generation(key=GENERATION_KEY):
    value = cache.get(key)
    if value is None:
        # A fresh random value, never a counter: if the key is evicted, a restarted counter
        # could reach an old generation again and bring its stale pages back.
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def generation():
    memo = _request_generation.get()
    if memo is None:
        return _read_generation()
    if memo is _UNREAD:
        memo = _read_generation()
        _request_generation.set(memo)
    return memo


def prefix(kind, depends_on=None):
    """The start of every key of this kind: `kind:release:generation`.

    The generation is shared by every release, so a purge by a process of the old release
    during a rolling deploy drops the new release's entries too. With `depends_on`, the
    generation is that content's own (`purge_content`): a value derived from the papers only
    is not dropped by a news item's publish.
    """
    if depends_on is None:
        return f"{kind}:{settings.RELEASE}:{generation()}"
    return f"{kind}:{settings.RELEASE}:{depends_on}:{_read_generation(f'{GENERATION_KEY}:{depends_on}')}"


def purge_all():
    """Drop every cached page and value, in every language, for every process sharing the cache."""
    if _request_generation.get() is not None:
        _request_generation.set(_UNREAD)
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A cache outage must not stop editors from publishing; pages already cached expire
        # after PAGE_CACHE_TIMEOUT.
        logger.exception("Could not purge the page cache")


def purge_content(name):
    """Drop the values that depend on `name` only (`remembered(..., depends_on=name)`), now and
    after the commit; the app that owns that content says when it changed."""

    def replace():
        try:
            cache.set(f"{GENERATION_KEY}:{name}", uuid.uuid4().hex, timeout=None)
        except Exception:
            logger.exception("Could not purge the values derived from %s", name)

    replace()
    transaction.on_commit(replace)


def purge_after_change():
    # Now, and again after the commit: a page rendered between the two from rows not yet
    # committed is stored under the middle generation and never served.
    purge_all()
    transaction.on_commit(purge_all)


def previewing():
    """Whether this request serves a preview (a draft): then nothing is read or stored."""
    return _previewing.get()


@contextmanager
def preview():
    token = _previewing.set(True)
    try:
        yield
    finally:
        _previewing.reset(token)


class PreviewScopeMiddleware:
    """Marks a Wagtail preview for the cache, whatever view or tag ends up asking.

    Wagtail serves a preview through the middleware chain with a request flagged `is_dummy`
    ("to let middleware know that this is a dummy request", PreviewableMixin.make_preview_request),
    and marks it `is_preview` only once the page serves it; this middleware runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(request, "is_dummy", False):
            return self.get_response(request)
        with preview():
            return self.get_response(request)
