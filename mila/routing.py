from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page


def route_to_child_by_slug(parent, request, path_components):
    """Serve the child whose slug in the current language is the next URL part, in one query.

    wagtail-modeltranslation's `route` compares the slug of every child in Python, which loads
    all of a listing's children (hundreds of profiles, thousands of papers) for each request.
    Listing pages install a `route` that calls this from their app's `ready()`, after
    wagtail-modeltranslation has patched every page model.
    """
    slug, remaining = path_components[0], path_components[1:]
    language = get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    children = Page.objects.child_of(parent)
    child = children.filter(**{f"slug_{language}": slug}).first() or (
        # A child without a slug in this language is reached by its default-language slug.
        children.filter(slug_en=slug)
        .filter(Q(**{f"slug_{language}__isnull": True}) | Q(**{f"slug_{language}": ""}))
        .first()
    )
    if child is None:
        raise Http404
    return child.specific.route(request, remaining)
