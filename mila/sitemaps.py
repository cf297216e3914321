"""The sitemap: an index, then one file per page type and language, computed from narrow rows.

`/sitemap.xml` is a sitemap index (robots.txt names it) listing `/sitemap-<type>-<lang>.xml`,
with `?p=N` files of about `PER_FILE` URLs for the big types (publications). Each file is one
query over `(url_path_en, url_path_fr, last published)` of the type's live public pages below the
site's root: a page's URL in a language is the language prefix plus its `url_path` in that
language relative to the root's, as Wagtail computes it, so no `Page` object is built. Every URL
carries its alternates in both languages and `x-default` (the default language). Files are
remembered until content changes (the page cache's generation), like pages.

Why not Django's i18n sitemap: it builds every `Page` object of the site (101,865 at 100,000
papers, 11.7 s and 420 MiB per worker) and stops at 2,000 URLs per file with nothing linking to
the next ones.
"""

import datetime
import logging
from html import escape
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, TextField, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from mila.cache import remembered

logger = logging.getLogger(__name__)

# The protocol's limit; a file holds about PER_FILE (see _sections).
MAX_URLS = 50_000
# Well under the protocol's 50,000 URLs and 50 MB per file: a paper's entry with its three
# alternates is about 660 bytes, 1.3 MB a file, built in about 25 ms.
PER_FILE = 2_000
SECTIONS_TIMEOUT = 10 * 60
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# What reverse() leaves unquoted in a path (django.urls.resolvers).
URL_SAFE = "!$&'()*+,;=/~:@"
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _pages(site):
    """Live pages below (and including) the site's root that anonymous visitors may see."""
    root = site.root_page
    return (
        Page.objects.live()
        .public()
        .filter(path__startswith=root.path, depth__gte=root.depth)
        .order_by()
    )


def _url_paths():
    # A page without a slug in a language is served at its default-language url_path there.
    default = f"url_path_{settings.LANGUAGE_CODE}"
    return {
        f"url_{code}": Coalesce(
            NullIf(F(f"url_path_{code}"), Value("")), F(default), output_field=TextField()
        )
        for code in LANGUAGES
    }


def _root_paths(site):
    root = Page.objects.filter(pk=site.root_page_id).values(**_url_paths()).get()
    return {code: root[f"url_{code}"] for code in LANGUAGES}


def _sections(site):
    """{type name: its content type and the tree path where each of its files starts}.

    A file is a range of tree paths, so a crawler's request for the 20th file of papers reads
    its rows from where it starts instead of skipping 95,000. Finding where the files start
    reads every page once (about 100 ms at 100,000 papers), so it is kept for SECTIONS_TIMEOUT
    rather than until the next publish: ranges cover every path whatever happened since (the
    first starts at "", the last has no end), so a page published meanwhile is in a file at
    once, and only the files' sizes drift until the next count. A page type's first page
    waits for it to get its own file.
    """
    key = f"sitemap-sections:{settings.RELEASE}:{site.pk}"
    try:
        sections = cache.get(key)
    except Exception:
        logger.exception("Cache unavailable; counting the sitemap's files")
        sections = None
    if sections is None:
        sections = _count_sections(site)
        try:
            cache.set(key, sections, SECTIONS_TIMEOUT)
        except Exception:
            logger.exception("Could not keep the sitemap's files")
    return sections


def _count_sections(site):
    sections = {}
    counts = _pages(site).values("content_type").annotate(count=Count("pk")).order_by()
    for row in counts:
        content_type = ContentType.objects.get_for_id(row["content_type"])
        starts = [""]
        if row["count"] > PER_FILE:
            numbered = (
                _pages(site)
                .filter(content_type=content_type)
                .annotate(number=Window(RowNumber(), order_by=F("path").asc()))
                .filter(number__in=range(1 + PER_FILE, row["count"] + 1, PER_FILE))
                .order_by("path")
            )
            starts += list(numbered.values_list("path", flat=True))
        sections[section_name(content_type)] = {"content_type": content_type.pk, "starts": starts}
    return sections


def section_name(content_type):
    return f"{content_type.app_label}-{content_type.model}"


def _prefixes(request):
    """Each language's absolute URL of the site root: `http://host/en/`."""
    prefixes = {}
    for code in LANGUAGES:
        with translation.override(code):
            prefixes[code] = request.build_absolute_uri(reverse("wagtail_serve", args=("",)))
    return prefixes


def _entries(request, site, section, number):
    """(URL in each language, last change) of the pages of a section's file, from one query."""
    roots = _root_paths(site)
    prefixes = _prefixes(request)
    starts = section["starts"]
    pages = _pages(site).filter(content_type=section["content_type"], path__gte=starts[number - 1])
    if number < len(starts):
        pages = pages.filter(path__lt=starts[number])
    rows = (
        pages.annotate(**_url_paths(), changed=Coalesce("last_published_at", "first_published_at"))
        .order_by("path")
        # rewrite(False): modeltranslation's values_list() would reorder the columns.
        .rewrite(False)
        .values_list(*[f"url_{code}" for code in LANGUAGES], "changed")
    )[:MAX_URLS]
    for *paths, changed in rows:
        # As reverse() quotes a path, without calling it for each of thousands of URLs.
        urls = {
            code: prefixes[code] + quote(path[len(roots[code]) :], safe=URL_SAFE)
            for code, path in zip(LANGUAGES, paths, strict=True)
        }
        yield urls, changed


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site


def _date(value):
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""


def _url_entry(urls, language, changed):
    """One <url>: thousands per file, so each URL is escaped once and nothing else is built."""
    urls = {code: escape(url) for code, url in urls.items()}
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>'
        for code, url in [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]
    )
    lastmod = f"<lastmod>{_date(changed)}</lastmod>" if changed else ""
    return f"<url><loc>{urls[language]}</loc>{lastmod}{links}</url>\n"


@require_GET
def index(request):
    """The sitemap index: every file of every page type, in each language."""
    site = _site(request)

    def build():
        entries = []
        for name, section in _sections(site).items():
            for language in LANGUAGES:
                location = request.build_absolute_uri(
                    reverse("sitemap_file", args=(f"{name}-{language}",))
                )
                for number in range(1, len(section["starts"]) + 1):
                    url = location if number == 1 else f"{location}?p={number}"
                    entries.append(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n")
        return f'{XML}<sitemapindex xmlns="{SITEMAP_NS}">\n{"".join(entries)}</sitemapindex>\n'

    return _xml(remembered(f"sitemap-index:{request.get_host()}", build))


@require_GET
def section(request, name):
    """One file: a page type's URLs in one language, `?p=N` for its Nth block of PER_FILE."""
    site = _site(request)
    type_name, _sep, language = name.rpartition("-")
    section = _sections(site).get(type_name)
    number = request.GET.get("p", "1")
    if section is None or language not in LANGUAGES or not (number.isascii() and number.isdigit()):
        raise Http404
    number = int(number)
    if not 1 <= number <= len(section["starts"]):
        raise Http404

    def build():
        entries = [
            _url_entry(urls, language, changed)
            for urls, changed in _entries(request, site, section, number)
        ]
        return (
            f'{XML}<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
            f"{''.join(entries)}</urlset>\n"
        )

    return _xml(remembered(f"sitemap:{request.get_host()}:{name}:{number}", build))


def _xml(content):
    return HttpResponse(content, content_type="application/xml; charset=utf-8")
