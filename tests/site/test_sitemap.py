"""The sitemap as a crawler reads it: robots.txt, the index, every file it lists."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from mila import sitemaps
from pages.models import StandardPage
from tests.factories import make_publication

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
MAX_URLS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 50 * 1024 * 1024


def _get(client, url):
    parts = urlsplit(url)
    response = client.get(parts.path, {"p": parts.query.removeprefix("p=")} if parts.query else {})
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return response.content


def sitemap_files(client):
    """The files the index lists, as robots.txt leads a crawler to it."""
    robots = client.get("/robots.txt").content.decode()
    index_url = re.search(r"^Sitemap: (\S+)$", robots, re.M).group(1)
    root = ET.fromstring(_get(client, index_url))
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    files = []
    for entry in root.findall("s:sitemap", NS):
        lastmod = entry.find("s:lastmod", NS)
        assert lastmod is None or W3C_DATETIME.match(lastmod.text)
        files.append(entry.find("s:loc", NS).text)
    assert len(files) == len(set(files))
    return files


def sitemap_urls(client):
    """Every <url> of every file: {loc: {hreflang: href}}; each loc must appear once."""
    urls = {}
    for file_url in sitemap_files(client):
        content = _get(client, file_url)
        assert len(content) < MAX_BYTES_PER_FILE
        root = ET.fromstring(content)
        assert root.tag == f"{{{NS['s']}}}urlset"
        entries = root.findall("s:url", NS)
        assert 0 < len(entries) <= MAX_URLS_PER_FILE
        for url in entries:
            # The sitemaps schema: loc first and required, lastmod a W3C datetime.
            children = [
                child.tag.split("}")[1] for child in url if child.tag.startswith(f"{{{NS['s']}}}")
            ]
            assert children[0] == "loc"
            assert set(children) <= {"loc", "lastmod", "changefreq", "priority"}
            loc = url.find("s:loc", NS).text
            assert loc.startswith("http://testserver/") and len(loc) < 2048
            lastmod = url.find("s:lastmod", NS)
            assert lastmod is None or W3C_DATETIME.match(lastmod.text), lastmod.text
            assert loc not in urls, f"{loc} is listed twice"
            urls[loc] = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", NS)
                if link.get("rel") == "alternate"
            }
    return urls


def live_public_urls():
    """Every live public page's URL in each language, as Wagtail computes it."""
    expected = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for language in ("en", "fr"):
            with translation.override(language):
                expected.append(f"http://testserver{page.get_url()}")
    return expected


def test_every_live_page_is_listed_exactly_once_per_language_with_reciprocal_hreflang(client):
    urls = sitemap_urls(client)
    expected = live_public_urls()
    assert Counter(expected) == Counter(list(urls))
    for loc, alternates in urls.items():
        assert set(alternates) == {"en", "fr", "x-default"}
        assert alternates[loc.split("/")[3]] == loc
        assert alternates["x-default"] == alternates["en"]
        # Reciprocity: the other language's entry points back here.
        assert urls[alternates["fr"]]["en"] == alternates["en"]
        assert urls[alternates["en"]]["fr"] == alternates["fr"]
    assert urls["http://testserver/en/about/"]["fr"] == "http://testserver/fr/a-propos/"


def test_one_file_per_page_type_and_language(client):
    files = sitemap_files(client)
    assert "http://testserver/sitemap-people-personpage-en.xml" in files
    assert "http://testserver/sitemap-people-personpage-fr.xml" in files
    assert "http://testserver/sitemap-publications-publicationpage-fr.xml" in files


def test_big_sections_are_split_into_numbered_files(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PER_FILE", 2)
    files = sitemap_files(client)
    people = [url for url in files if "/sitemap-people-personpage-en.xml" in url]
    assert len(people) > 2
    assert people[1].endswith("?p=2")
    urls = sitemap_urls(client)
    assert Counter(live_public_urls()) == Counter(list(urls))


def test_leaves_out_drafts_and_private_pages(client):
    home = Page.objects.get(depth=2)
    draft = StandardPage(title_en="Draft plans", slug_en="draft-plans", live=False)
    home.add_child(instance=draft)
    urls = sitemap_urls(client)
    assert not any("draft-plans" in loc for loc in urls)
    assert any(loc.endswith("/en/about/") for loc in urls)


def test_every_url_has_a_lastmod(client):
    for file_url in sitemap_files(client):
        urls = ET.fromstring(_get(client, file_url)).findall("s:url", NS)
        assert all(url.find("s:lastmod", NS) is not None for url in urls)


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-nothing-en.xml",
        "/sitemap-people-personpage-de.xml",
        "/sitemap-people-personpage-en.xml?p=0",
        "/sitemap-people-personpage-en.xml?p=x",
        "/sitemap-people-personpage-en.xml?p=999",
        "/sitemap-people-personpage-en.xml?p=%00",
        "/sitemap-wagtailcore-page-en.xml?p=99999999999999999999",
    ],
)
def test_unknown_files_and_pages_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_published_page_appears_in_the_sitemap_at_once(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    before = sitemap_urls(client)
    home = Page.objects.get(depth=2)
    page = StandardPage(title_en="New section", slug_en="new-section", slug_fr="nouvelle-section")
    home.add_child(instance=page)
    page.save_revision().publish()
    after = sitemap_urls(client)
    assert set(after) - set(before) == {
        "http://testserver/en/new-section/",
        "http://testserver/fr/nouvelle-section/",
    }


def _file_cost(client, path):
    """(SQL queries, page objects built) to serve a sitemap file with nothing remembered."""
    built = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance.pk)

    cache.clear()
    client.get("/sitemap.xml")  # the sections, kept apart from the files
    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
    finally:
        post_init.disconnect(count)
    return len(queries), len(built)


def test_a_file_costs_the_same_whatever_the_number_of_pages_in_it(client):
    path = "/sitemap-publications-publicationpage-en.xml"
    small = _file_cost(client, path)
    for number in range(20):
        make_publication(title=f"Sitemap paper {number}")
    large = _file_cost(client, path)
    assert large == small
    # One narrow query for the URLs; no page object is built for them.
    queries, built = large
    assert queries <= 8
    assert built <= 1  # at most the site's root, to find the site


def test_robots_txt_points_to_the_sitemap_index(client):
    content = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in content
    assert "Disallow: /admin/" in content
