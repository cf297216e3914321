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

from people.models import PersonPage
from tests.site.page_types import page_models

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


# One page of every page type (the first live one of the demo), derived from the page models so
# a new type is weighed too; the heaviest choice where pages of a type differ much.
HEAVIEST = {"people.PersonPage": _busiest_profile}
PAGES = {
    model._meta.label: HEAVIEST.get(model._meta.label, lambda model=model: _url(model))
    for model in page_models()
}
PAGES |= {
    "home (fr)": lambda: "/fr/",
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
