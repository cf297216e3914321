"""Whole public pages for anonymous visitors, served from the cache before the session is read."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import scope

logger = logging.getLogger(__name__)

# Responses bigger than this (BibTeX exports of long lists) are not worth a cache slot.
MAX_BYTES = 2 * 1024 * 1024
MAX_QUERY_STRING = 512


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def timeout():
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 300)


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def cacheable_request(request):
    """Anonymous GET/HEAD of a public URL: no session, no message, no credentials."""
    if not enabled() or request.method not in scope.SAFE_METHODS:
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
    if scope.previewing() or getattr(request, "is_preview", False):
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
    return f"{scope.prefix('pagecache')}:{digest}"


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
        if cacheable_request(request) and not scope.previewing():
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
