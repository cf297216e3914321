from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page


def _language():
    language = get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def find_by_url_path(site_root, path_components, request=None):
    """The page at this path below the site's root, by its url_path in the current language.

    Two queries (the page, then its specific type) whatever the depth, where walking the tree
    costs two per level. None when no page has that url_path: a sub-path of a routable page (a
    feed, a calendar) or a page reached by its English slug; walking the tree finds those.
    Not remembered: a cached page would be a pickled model instance (the two queries and the
    figures are in docs/decisions/007-page-cache.md).
    """
    field = f"url_path_{_language()}"
    root_path = getattr(site_root, field, None) or site_root.url_path
    url_path = f"{root_path}{'/'.join(path_components)}/"
    page = Page.objects.filter(**{field: url_path}).first()
    return page.specific if page else None


def route_to_child_by_slug(parent, request, path_components):
    """Serve the child whose slug in the current language is the next URL part, in one query.

    wagtail-modeltranslation's `route` compares the slug of every child in Python, which loads
    all of a listing's children (hundreds of profiles, thousands of papers) for each request.
    Listing pages install a `route` that calls this from their app's `ready()`, after
    wagtail-modeltranslation has patched every page model.
    """
    slug, remaining = path_components[0], path_components[1:]
    language = _language()
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
