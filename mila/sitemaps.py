"""The sitemap: an index, then one file per page type and language, computed from narrow rows.

`/sitemap.xml` is a sitemap index (robots.txt names it) listing `/sitemap-<type>-<lang>.xml`,
with `?p=N` pages of at most `PER_FILE` URLs for the big types (publications). Each file is one
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
import math
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from mila.cache import remembered

# Well under the protocol's 50,000 URLs and 50 MB per file (a URL entry with its three
# alternates is about 400 bytes: 2 MB a file).
PER_FILE = 5_000
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
    """(type label, number of files, last change) of each page type with public pages."""
    rows = (
        _pages(site)
        .values("content_type")
        .annotate(
            count=Count("pk"), changed=Max(Coalesce("last_published_at", "first_published_at"))
        )
        .order_by("content_type")
    )
    return [
        {
            "type": section_name(ContentType.objects.get_for_id(row["content_type"])),
            "files": math.ceil(row["count"] / PER_FILE),
            "changed": row["changed"],
        }
        for row in rows
    ]


def section_name(content_type):
    return f"{content_type.app_label}-{content_type.model}"


def _content_type(name):
    app_label, _sep, model = name.partition("-")
    try:
        return ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        raise Http404 from None


def _prefixes(request):
    """Each language's absolute URL of the site root: `http://host/en/`."""
    prefixes = {}
    for code in LANGUAGES:
        with translation.override(code):
            prefixes[code] = request.build_absolute_uri(reverse("wagtail_serve", args=("",)))
    return prefixes


def _entries(request, site, content_type, number):
    """(URL in each language, last change) of one file's pages, from one query."""
    roots = _root_paths(site)
    prefixes = _prefixes(request)
    rows = (
        _pages(site)
        .filter(content_type=content_type)
        .annotate(**_url_paths(), changed=Coalesce("last_published_at", "first_published_at"))
        .order_by("path")
        # rewrite(False): modeltranslation's values_list() would reorder the columns.
        .rewrite(False)
        .values_list(*[f"url_{code}" for code in LANGUAGES], "changed")
    )[(number - 1) * PER_FILE : number * PER_FILE]
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
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _url_entry(urls, language, changed):
    alternates = [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]
    return "".join(
        [
            f"<url><loc>{escape(urls[language])}</loc>",
            f"<lastmod>{_date(changed)}</lastmod>" if changed else "",
            *(
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{escape(url)}"/>'
                for code, url in alternates
            ),
            "</url>\n",
        ]
    )


@require_GET
def index(request):
    """The sitemap index: every file of every page type, in each language."""
    site = _site(request)

    def build():
        entries = []
        for section in _sections(site):
            for language in LANGUAGES:
                location = request.build_absolute_uri(
                    reverse("sitemap_file", args=(f"{section['type']}-{language}",))
                )
                for number in range(1, section["files"] + 1):
                    url = location if number == 1 else f"{location}?p={number}"
                    lastmod = _date(section["changed"])
                    entries.append(
                        f"<sitemap><loc>{escape(url)}</loc>"
                        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
                        + "</sitemap>\n"
                    )
        return f'{XML}<sitemapindex xmlns="{SITEMAP_NS}">\n{"".join(entries)}</sitemapindex>\n'

    return _xml(remembered(f"sitemap-index:{request.get_host()}", build))


@require_GET
def section(request, name):
    """One file: a page type's URLs in one language, `?p=N` for its Nth block of PER_FILE."""
    site = _site(request)
    type_name, _sep, language = name.rpartition("-")
    if language not in LANGUAGES:
        raise Http404
    content_type = _content_type(type_name)
    number = request.GET.get("p", "1")
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= 10**6:
        raise Http404
    number = int(number)

    def build():
        entries = [
            _url_entry(urls, language, changed)
            for urls, changed in _entries(request, site, content_type, number)
        ]
        if not entries and number > 1:
            return None
        return (
            f'{XML}<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
            f"{''.join(entries)}</urlset>\n"
        )

    content = remembered(f"sitemap:{request.get_host()}:{name}:{number}", build)
    if content is None:
        raise Http404
    return _xml(content)


def _xml(content):
    return HttpResponse(content, content_type="application/xml; charset=utf-8")
