"""Derived values: what many pages show and only content changes alter, kept under the generation.

Only plain data goes in (numbers, strings, tuples, dicts and lists of them, rendered HTML),
never a model instance or a queryset: a pickled row outlives the class it was made from.
"""

import dataclasses
import datetime
import hashlib
import logging
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from . import scope

logger = logging.getLogger(__name__)

_MISSING = object()
PLAIN = (str, int, float, bool, type(None), bytes, datetime.date, datetime.time, Decimal, Promise)


def check_plain(value, key):
    """Refuse a model instance, a queryset or any other object: only plain data is kept.

    A pickled row outlives the class it was made from and carries whatever was loaded with it;
    raising here makes a caller that tries fail in the tests, not after a deploy.
    """
    if isinstance(value, PLAIN):
        return
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            check_plain(item, key)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            check_plain(getattr(value, item.name), key)
        return
    if isinstance(value, dict):
        for name, item in value.items():
            check_plain(name, key)
            check_plain(item, key)
        return
    raise TypeError(f"remembered({key!r}) may keep only plain data, not {type(value).__name__}")


def remembering():
    """Whether remembered values are read and stored now: enabled, and not a preview."""
    return getattr(settings, "FRAGMENT_CACHE_ENABLED", False) and not scope.previewing()


def remembered(key, build, request=None, keep=None, depends_on=None):
    """`build()`, kept in the cache under the current release and generation.

    For values derived from content that many page views repeat: the navigation, the home
    page's figures, a listing's filter choices. The same purges as the page cache drop them, so
    this needs the same shared cache (on by default with Redis, in development and in tests).
    A preview shows the draft, never a remembered value; a cache outage falls back to `build()`.
    `keep(value)`, where given, says whether a built value is worth storing. `request` is not
    needed (kept so callers may pass it): a preview is known from the request's scope.
    `depends_on` names the only content the value is derived from ("publications"): the value
    is then kept until that content changes (`scope.purge_content`), not until any publish.
    """
    if not remembering():
        return build()
    try:
        digest = hashlib.sha256(f"{translation.get_language()}:{key}".encode()).hexdigest()
        full_key = f"{scope.prefix('derived', depends_on)}:{digest}"
        value = cache.get(full_key, _MISSING)
    except Exception:
        logger.exception("Cache unavailable; computing %s", key)
        return build()
    if value is _MISSING:
        value = build()
        if keep is not None and not keep(value):
            return value
        check_plain(value, key)
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
    )
