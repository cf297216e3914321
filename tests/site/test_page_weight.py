"""Page weight (issue 9): each public page type's HTML plus the CSS and JavaScript it links stays
under 100 KB gzip-compressed (images excluded), as a visitor downloads it on a first visit."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count
from django.utils import translation

from events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from pages.models import ProgramIndexPage, ProgramPage, StandardPage
from partnerships.models import (
    PartnerProjectIndexPage,
    PartnerProjectPage,
    StartupIndexPage,
    StartupPage,
)
from people.models import PeopleIndexPage, PersonPage
from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
ASSET = re.compile(
    r"""<(?:link[^>]*\brel=["']?stylesheet["']?[^>]*\bhref|script[^>]*\bsrc)=["']([^"']+)["']""",
    re.IGNORECASE,
)


def _url(model, language="en"):
    page = model.objects.live().order_by("pk").first()
    assert page is not None, f"the demo has no {model.__name__}"
    with translation.override(language):
        return page.get_url()


def _busiest_profile():
    page = (
        PersonPage.objects.live()
        .annotate(papers=Count("authorships"))
        .order_by("-papers", "pk")
        .first()
    )
    with translation.override("en"):
        return page.get_url()


PAGES = {
    "home": lambda: "/en/",
    "home (fr)": lambda: "/fr/",
    "standard page": lambda: _url(StandardPage),
    "directory": lambda: _url(PeopleIndexPage),
    "profile with the most papers": _busiest_profile,
    "publication list": lambda: _url(PublicationIndexPage),
    "publication page": lambda: _url(PublicationPage),
    "partner project index": lambda: _url(PartnerProjectIndexPage),
    "partner project": lambda: _url(PartnerProjectPage),
    "startup index": lambda: _url(StartupIndexPage),
    "startup": lambda: _url(StartupPage),
    "program index": lambda: _url(ProgramIndexPage),
    "program": lambda: _url(ProgramPage),
    "news index": lambda: _url(NewsIndexPage),
    "news article": lambda: _url(NewsPage),
    "event index": lambda: _url(EventIndexPage),
    "event": lambda: _url(EventPage),
    "search": lambda: "/en/search/?q=learning",
}


def _asset(url):
    """A linked stylesheet or script, read through the staticfiles finders."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file of the site"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is linked but no finder has it"
    with open(found, "rb") as file:
        return file.read()


@pytest.mark.parametrize("name", PAGES)
def test_page_html_css_and_js_stay_under_100_kb_compressed(client, name):
    response = client.get(PAGES[name]())
    assert response.status_code == 200
    html = response.content
    assets = sorted(set(ASSET.findall(html.decode())))
    assert any(url.split("?")[0].endswith(".css") for url in assets), "no stylesheet linked"
    sizes = {"HTML": len(gzip.compress(html))}
    for url in assets:
        sizes[url] = len(gzip.compress(_asset(url)))
    total = sum(sizes.values())
    assert total < BUDGET, f"{name}: {total / 1024:.1f} KB compressed: {sizes}"
