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


def _keys(template_name, objects, options, request):
    host = request.get_host() if request is not None else ""
    signature = repr((template_name, translation.get_language(), host, sorted(options.items())))
    digest = hashlib.sha256(signature.encode()).hexdigest()[:32]
    return {obj.pk: f"card:{generation()}:{digest}:{obj.pk}" for obj in objects}


def render_cards(template_name, objects, name, request=None, **options):
    """`[(obj, html)]`: `template_name` rendered with `{name: obj, **options}` for each object.

    The template must depend on nothing but the object, the options, the language and the site
    (no user, no query string): its HTML is shared by every visitor and URL.
    """
    objects = list(objects)
    template = get_template(template_name)

    def render(obj):
        return _render(template, {name: obj, "request": request, **options})

    if not getattr(settings, "FRAGMENT_CACHE_ENABLED", False) or getattr(
        request, "is_preview", False
    ):
        return [(obj, render(obj)) for obj in objects]
    try:
        keys = _keys(template_name, objects, options, request)
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
