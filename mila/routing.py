from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language
from wagtail.models import Page, Site

from mila.cache import remembered


def _language():
    language = get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _specific(pk, content_type_id):
    """The page with this id, as its specific class, in one query."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model.objects.filter(pk=pk).first() if model is not None else None


def find_by_url_path(site_root, path_components, request=None):
    """The page at this path below the site's root, by its url_path in the current language.

    The page's id and type are remembered until content changes (plain data, never the page):
    one query for a page already found in this generation, two otherwise, whatever the depth,
    where walking the tree costs two per level. None when no page has that url_path: a
    sub-path of a routable page (a feed, a calendar) or a page reached by its English slug;
    walking the tree finds those.
    """
    field = f"url_path_{_language()}"
    root_path = getattr(site_root, field, None) or site_root.url_path
    url_path = f"{root_path}{'/'.join(path_components)}/"

    def find():
        found = Page.objects.filter(**{field: url_path}).values_list("pk", "content_type_id")
        return found.first()

    # Only pages found are kept: any visitor can ask for any number of URLs that lead nowhere.
    found = remembered(f"page-at:{field}:{url_path}", find, keep=lambda row: row is not None)
    return _specific(*found) if found else None


_wagtail_find_site = Site._find_for_request
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def find_site(request):
    """Wagtail's `Site._find_for_request`, with the root page's specific object.

    Wagtail reads the sites table whenever a request first needs its site, then the root page,
    then its specific row. Here the site's columns and the root page's type are remembered
    (plain data): the site is rebuilt without a query and its root page is read in one.
    Installed in place of Wagtail's (`install`), so requests that need no site (/healthz,
    static files) still read nothing; Wagtail has no setting or hook for this lookup, and the
    replaced function is pinned by the digest of its source
    (tests/site/test_upstream_replacements.py). Only a host ALLOWED_HOSTS accepts becomes a cache key;
    any other is looked up as Wagtail does.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return _wagtail_find_site(request)

    def find():
        site = _wagtail_find_site(request)
        if site is None:
            return None
        root_type = Page.objects.filter(pk=site.root_page_id).values_list("content_type_id")
        return {name: getattr(site, name) for name in SITE_FIELDS}, root_type.first()[0]

    found = remembered(f"site-for:{host}:{request.get_port()}", find)
    if found is None:
        return None
    columns, root_type = found
    site = Site(**columns)
    site._state.adding = False
    site._state.db = Site.objects.db
    root = _specific(columns["root_page_id"], root_type)
    if root is not None:
        site.root_page = root
    return site


def install():
    Site._find_for_request = staticmethod(find_site)
