from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language
from wagtail.models import Page, Site

from mila.cache import remembered


def _language():
    language = get_language()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def find_by_url_path(site_root, path_components, request=None):
    """The page at this path below the site's root, by its url_path in the current language.

    Remembered until content changes (mila.cache.remembered): no query for a page already
    served in this generation; otherwise two (the page, then its specific type) whatever the
    depth, where walking the tree costs two per level. None when no page has that url_path: a
    sub-path of a routable page (a feed, a calendar) or a page reached by its English slug;
    walking the tree finds those.
    """
    field = f"url_path_{_language()}"
    root_path = getattr(site_root, field, None) or site_root.url_path
    url_path = f"{root_path}{'/'.join(path_components)}/"

    def find():
        page = Page.objects.filter(**{field: url_path}).first()
        return page.specific if page else None

    # Only pages found are kept: any visitor can ask for any number of URLs that lead nowhere.
    return remembered(
        f"page-at:{field}:{url_path}", find, request, keep=lambda page: page is not None
    )


_wagtail_find_site = Site._find_for_request


def find_site(request):
    """Wagtail's `Site._find_for_request`, with the root page's specific object, remembered.

    Wagtail reads the sites table whenever a request first needs its site, then the root page's
    specific row: two queries before routing starts. Installed in place of Wagtail's (`install`)
    so requests that need no site (/healthz, static files) still read nothing. Only a host
    ALLOWED_HOSTS accepts becomes a cache key; any other is looked up as Wagtail does.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return _wagtail_find_site(request)

    def find():
        site = _wagtail_find_site(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - stored with the site: routing starts there
        return site

    return remembered(f"site-for:{host}:{request.get_port()}", find, request)


def install():
    Site._find_for_request = staticmethod(find_site)
