"""What search engines and link previews read: sitemap, robots, canonical, Open Graph, JSON-LD."""

import io
import json
import re
from collections import Counter

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page

from pages.models import ProgramPage, StandardPage
from people.models import PersonPage

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def json_ld(content):
    """Every JSON-LD object of a page, graphs flattened."""
    found = []
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
        data = json.loads(script)
        found.extend(data.get("@graph", [data]))
    return {item["@type"]: item for item in found}


def meta(content, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', content)
    return match and match.group(1)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# Canonical URL, description, Open Graph


def test_home_page_has_canonical_open_graph_and_organization(client):
    content = get(client, "/fr/")
    assert '<link rel="canonical" href="http://testserver/fr/">' in content
    assert meta(content, "og:url") == "http://testserver/fr/"
    assert meta(content, "og:locale") == "fr_CA"
    assert meta(content, "og:locale:alternate") == "en_CA"
    assert meta(content, "og:image") == "http://testserver/static/img/social-card.png"
    assert meta(content, "twitter:card") == "summary_large_image"
    organization = json_ld(content)["ResearchOrganization"]
    assert organization["name"] == "Mila – Institut québécois d’intelligence artificielle"
    assert organization["url"] == "http://testserver/fr/"
    assert organization["foundingDate"] == "1993"


def test_description_comes_from_the_search_description_or_the_intro(client):
    home = Page.objects.get(depth=2)
    page = StandardPage(
        title_en="Careers", slug_en="careers-test", intro_en="Join a team of 1,000 researchers."
    )
    home.add_child(instance=page)
    content = get(client, "/en/careers-test/")
    assert meta(content, "description") == "Join a team of 1,000 researchers."
    assert meta(content, "og:description") == "Join a team of 1,000 researchers."
    page.search_description_en = "Jobs and internships at Mila."
    page.save()
    content = get(client, "/en/careers-test/")
    assert meta(content, "description") == "Jobs and internships at Mila."


def portrait():
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 1200), "#336699").save(buffer, "PNG")
    return Image.objects.create(title="Portrait", file=ImageFile(buffer, name="portrait.png"))


def test_profile_shares_its_portrait_and_describes_the_person(client):
    person = PersonPage.objects.get(slug_en="precup-doina")
    person.portrait = portrait()
    person.orcid = "0000-0002-1825-0097"
    person.save()
    content = get(client, person.get_url())
    assert meta(content, "og:type") == "profile"
    image_url = meta(content, "og:image")
    assert image_url.startswith("http://testserver/media/images/portrait")
    # Cropped to the 1.91:1 of link previews (not enlarged beyond the original's 900 px).
    assert (meta(content, "og:image:width"), meta(content, "og:image:height")) == ("900", "474")
    data = json_ld(content)
    assert data["Person"]["name"] == "Doina Precup"
    assert data["Person"]["familyName"] == "Precup"
    assert "https://orcid.org/0000-0002-1825-0097" in data["Person"]["sameAs"]
    assert data["Person"]["affiliation"][0]["name"] == "Mila"
    assert data["Person"]["image"] == image_url
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
    assert crumbs[0]["name"] == "Home"
    assert crumbs[-1] == {
        "@type": "ListItem",
        "position": len(crumbs),
        "name": "Doina Precup",
        "item": f"http://testserver{person.get_url()}",
    }


def test_program_is_an_educational_program_in_the_page_language(client):
    program = ProgramPage.objects.get(slug_en="research-internships")
    content = get(client, "/fr/")
    with_french = get(client, _french_url(program))
    data = json_ld(with_french)["EducationalOccupationalProgram"]
    assert data["url"].startswith("http://testserver/fr/")
    assert data["provider"]["name"] == "Mila"
    assert data["name"]
    assert "ResearchOrganization" in json_ld(content)


def _french_url(page):
    from django.utils import translation

    with translation.override("fr"):
        return page.get_url()


def test_breadcrumbs_on_pages_below_the_home_page(client):
    content = get(client, "/en/about/")
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in content
    assert '<a href="/en/">Home</a>' in content
    assert '<span aria-current="page">About' in content
    crumbs = json_ld(content)["BreadcrumbList"]["itemListElement"]
    assert [crumb["item"] for crumb in crumbs] == [
        "http://testserver/en/",
        "http://testserver/en/about/",
    ]
    assert "BreadcrumbList" not in json_ld(get(client, "/en/"))


def test_every_language_version_has_its_own_canonical(client):
    counts = Counter()
    for url in ("/en/about/", "/fr/a-propos/"):
        content = get(client, url)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', content).group(1)
        counts[canonical] += 1
        assert canonical == f"http://testserver{url}"
    assert len(counts) == 2
