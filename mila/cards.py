"""Rendered cards (a person in the directory, a paper in a list), remembered until content changes.

One card shows on many URLs: every page and filter of a listing, the profiles of a paper's
authors, the home page. A page-cache miss for one URL therefore finds most of its cards rendered
already, by the views of other URLs; rendering 20 paper summaries or 24 person cards took 15–20 ms
of a listing's 50–80 ms. The cards of a listing are read in one cache round trip, under the page
cache's generation, so any publish drops them with the pages (docs/decisions/007-page-cache.md).
A preview renders its cards afresh, as `remembered` does.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from mila.cache import generation

logger = logging.getLogger(__name__)


def _render(template, context):
    return template.render(context)


def _keys(template_name, pks, options, request):
    host = request.get_host() if request is not None else ""
    signature = repr((template_name, translation.get_language(), host, sorted(options.items())))
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    return {pk: f"card:{generation()}:{digest}:{pk}" for pk in pks}


def _remembering(request):
    return getattr(settings, "FRAGMENT_CACHE_ENABLED", False) and not getattr(
        request, "is_preview", False
    )


def render_cards(template_name, objects, name, request=None, **options):
    """`[(obj, html)]`: `template_name` rendered with `{name: obj, **options}` for each object.

    The template must depend on nothing but the object, the options, the language and the site
    (no user, no query string): its HTML is shared by every visitor and URL.
    """
    objects = list(objects)
    template = get_template(template_name)

    def render(obj):
        return _render(template, {name: obj, "request": request, **options})

    if not _remembering(request):
        return [(obj, render(obj)) for obj in objects]
    try:
        keys = _keys(template_name, [obj.pk for obj in objects], options, request)
        found = cache.get_many(list(keys.values())) if keys else {}
    except Exception:
        logger.exception("Cache unavailable; rendering %s", template_name)
        return [(obj, render(obj)) for obj in objects]
    cards, rendered = [], {}
    for obj in objects:
        html = found.get(keys[obj.pk])
        if html is None:
            html = rendered[keys[obj.pk]] = render(obj)
        cards.append((obj, mark_safe(html)))  # noqa: S308 - our own template's output
    if rendered:
        try:
            cache.set_many(rendered, settings.FRAGMENT_CACHE_TIMEOUT)
        except Exception:
            logger.exception("Could not remember %d cards", len(rendered))
    return cards


def card_html(template_name, results, name, request=None, **options):
    """The cards of `results` (a queryset, or a paginator's page of one), HTML only."""
    rows = cards_with_values(template_name, results, name, (), request, **options)
    return [html for _values, html in rows]


def cards_with_values(template_name, results, name, fields, request=None, **options):
    """`[(values, html)]` for `results` (a queryset, or a paginator's page of one): each card
    with the `fields` of its row that the listing needs around it (a heading's letter).

    Reads those columns and the primary keys first (one narrow query), then the cards under
    them: when all are remembered, the rows, their relations and images are never loaded. Any
    card missing: the results are loaded and rendered as `render_cards` does.
    """
    queryset = getattr(results, "object_list", results)
    if _remembering(request) and hasattr(queryset, "values_list"):
        rows = list(queryset.values("pk", *fields))
        try:
            keys = _keys(template_name, [row["pk"] for row in rows], options, request)
            found = cache.get_many(list(keys.values())) if keys else {}
        except Exception:
            logger.exception("Cache unavailable; rendering %s", template_name)
        else:
            if len(found) == len(keys):
                return [
                    ({field: row[field] for field in fields}, mark_safe(found[keys[row["pk"]]]))  # noqa: S308 - see above
                    for row in rows
                ]
    return [
        ({field: getattr(obj, field) for field in fields}, html)
        for obj, html in render_cards(template_name, queryset, name, request, **options)
    ]
