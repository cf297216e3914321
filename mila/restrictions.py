"""Page view restrictions, read once per visitor request instead of once per listing.

Wagtail reads every `PageViewRestriction` each time a queryset calls `.public()` and again,
with the ancestors' alias ids, when it checks the page being served. A page with a menu, a
footer, latest news and featured items did that a dozen times per request. During a GET or HEAD
request the rows are read once, on first use (or from the remembered list), and both checks
answer from that list; a restriction saved or deleted during the request drops the list.
Outside a request (commands, tests, POSTs that may change restrictions) Wagtail's own queries
run unchanged.

Why Wagtail's functions are replaced, not wrapped: `PageQuerySet.public()` calls `private_q()`,
which reads every restriction row each time, and Wagtail offers no hook or setting to share one
read per request. The replacements are written against Wagtail 8.0.1's sources, whose digests
tests/site/test_upstream_replacements.py pins: it fails when a Wagtail upgrade changes them, so
the replacement is checked again (or removed) with the upgrade. Kept for its figure in
docs/decisions/007-page-cache.md: 0 to 4 queries less on every page view.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models import Q, Value
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from mila.cache import remembered

NOT_LOADED = object()
RESTRICTED, ALIAS = "restricted", "alias"
_restrictions = ContextVar("page_view_restrictions", default=None)

_wagtail_private_q = PageQuerySet.private_q
_wagtail_get_view_restrictions = Page.get_view_restrictions


def _start(sender, environ=None, scope=None, **kwargs):
    method = (environ or {}).get("REQUEST_METHOD") or (scope or {}).get("method")
    _restrictions.set(NOT_LOADED if method in ("GET", "HEAD") else None)


def _finish(sender, **kwargs):
    _restrictions.set(None)


def _forget(sender, **kwargs):
    if _restrictions.get() is not None:
        _restrictions.set(NOT_LOADED)


def current():
    """This request's restricted sections and alias pages, or None outside a GET request.

    One query, remembered until content changes (restrictions and pages are content): the
    (path, depth) of every page with a view restriction, and of every alias page (an alias is
    restricted by its source page's sections, which its path does not show).
    """
    sections = _restrictions.get()
    if sections is NOT_LOADED:
        sections = remembered("page-view-restrictions", _load)
        _restrictions.set(sections)
    return sections


def _load():
    restricted = PageViewRestriction.objects.order_by().values_list(
        "page__path", "page__depth", Value(RESTRICTED)
    )
    # rewrite(False): modeltranslation's values_list() reorders the columns (a set), which
    # breaks the UNION on PostgreSQL ("UNION types integer and character varying").
    aliases = (
        Page.objects.rewrite(False)
        .filter(alias_of__isnull=False)
        .order_by()
        .values_list("path", "depth", Value(ALIAS))
    )
    return list(restricted.union(aliases, all=True))


def private_q(queryset):
    """Wagtail's `PageQuerySet.private_q`: the pages inside a restricted section."""
    sections = current()
    if sections is None:
        return _wagtail_private_q(queryset)
    q = Q()
    for path, depth, kind in sections:
        if kind == RESTRICTED:
            q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def get_view_restrictions(page):
    """Wagtail's `Page.get_view_restrictions`, without a query for a page in no restricted section."""
    sections = current()
    if sections is not None and not any(
        page.path.startswith(path) for path, _depth, _kind in sections
    ):
        return PageViewRestriction.objects.none()
    # Inside a restricted section or an alias: Wagtail's check, which follows aliases.
    return _wagtail_get_view_restrictions(page)


def install():
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
    request_started.connect(_start, dispatch_uid="mila.restrictions.start")
    request_finished.connect(_finish, dispatch_uid="mila.restrictions.finish")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            _forget, sender=PageViewRestriction, dispatch_uid=f"mila.restrictions.{name}"
        )
