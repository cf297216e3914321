"""Rendered cards (a person in the directory, a paper in a list), remembered until content changes.

One card shows on many URLs: every page and filter of a listing, the profiles of a paper's
authors, the home page. A page-cache miss for one URL therefore finds most of its cards rendered
already, by the views of other URLs; rendering 20 paper summaries or 24 person cards took 15–20 ms
of a listing's 50–80 ms. The cards of a listing are read in one cache round trip, under the page
cache's generation, so any publish drops them with the pages (docs/decisions/007-page-cache.md).
Keys carry the release as well; a preview renders its cards afresh, as `remembered` does.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from mila.cache import scope
from mila.cache.remember import remembering

logger = logging.getLogger(__name__)


def _render(template, context):
    return template.render(context)


def _keys(template_name, pks, options, request):
    host = request.get_host() if request is not None else ""
    signature = repr((template_name, translation.get_language(), host, sorted(options.items())))
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    start = scope.prefix("card")
    return {pk: f"{start}:{digest}:{pk}" for pk in pks}


def _remembered(template_name, pks, options, request):
    """`(keys by pk, the cards found)`; `(None, {})` when the cache cannot be read."""
    try:
        keys = _keys(template_name, pks, options, request)
        return keys, (cache.get_many(list(keys.values())) if keys else {})
    except Exception:
        logger.exception("Cache unavailable; rendering %s", template_name)
        return None, {}


def card_html(template_name, results, name, request=None, **options):
    """The cards of `results` (a queryset, or a paginator's page of one), HTML only."""
    rows = cards_with_values(template_name, results, name, (), request, **options)
    return [html for _values, html in rows]


def cards_with_values(template_name, results, name, fields, request=None, **options):
    """`[(values, html)]` for `results` (a queryset, or a paginator's page of one): each card
    with the `fields` of its row that the listing needs around it (a heading's letter).

    `template_name` is rendered with `{name: obj, **options}`; it must depend on nothing but the
    object, the options, the language and the site (no user, no query string): its HTML is
    shared by every visitor and URL. The primary keys and `fields` are read first (one narrow
    query), then the cards under them: when all are remembered, the rows, their relations and
    images are never loaded. Otherwise the rows are loaded and the missing cards rendered.
    """
    queryset = getattr(results, "object_list", results)
    is_queryset = hasattr(queryset, "values")
    keys, found = None, {}
    if remembering() and is_queryset:
        rows = list(queryset.values("pk", *fields))
        keys, found = _remembered(template_name, [row["pk"] for row in rows], options, request)
        if keys is not None and len(found) == len(keys):
            return [
                ({field: row[field] for field in fields}, mark_safe(found[keys[row["pk"]]]))  # noqa: S308 - our own template's output
                for row in rows
            ]
    objects = list(queryset)
    if remembering() and not is_queryset:
        keys, found = _remembered(template_name, [obj.pk for obj in objects], options, request)
    template = get_template(template_name)
    cards, rendered = [], {}
    for obj in objects:
        key = keys.get(obj.pk) if keys else None
        html = found.get(key)
        if html is None:
            html = _render(template, {name: obj, "request": request, **options})
            if key:
                rendered[key] = html
        cards.append(({field: getattr(obj, field) for field in fields}, mark_safe(html)))  # noqa: S308 - our own template's output
    if rendered:
        try:
            cache.set_many(rendered, settings.FRAGMENT_CACHE_TIMEOUT)
        except Exception:
            logger.exception("Could not remember %d cards", len(rendered))
    return cards
