"""Hostile input, table-driven: every public form, the search box, every listing filter and the
ingestion API. Never a 500; a clear 4xx or a form error; nothing partial written."""

import json

import pytest
from django.apps import apps
from wagtail.models import Page

from partnerships.forms import OrganisationType, PartnershipInterest
from partnerships.models import PartnerContactPage, PartnerEnquiry
from publications.models import IngestToken, PublicationPage
from tests.site.page_types import missing

pytestmark = pytest.mark.django_db

HOSTILE = {
    "long": "x" * 20_000,
    "nul": "abc\x00def",
    "emoji": "🤖🧠🔥" * 10,
    "rtl": "\u202eمرحبا بالعالم\u202c",
    "sql": "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "template": "{{ settings.SECRET_KEY }}{% debug %}${7*7}",
    "html": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "huge_number": "9" * 40,
    "negative": "-1",
    "float": "1e309",
    "empty": "",
    "path": "../../etc/passwd",
}
# Every page type and its GET parameters (the names of its filter form's fields); every page
# also gets `page`. test_every_page_type_is_attacked checks that none is missing.
PARAMETERS = {
    "people.PeopleIndexPage": ["q", "topic", "membership", "institution", "chair", "accepting"],
    "publications.PublicationIndexPage": ["q", "year", "topic", "author", "venue_type"],
    "partnerships.PartnerProjectIndexPage": ["topic", "status", "sector"],
    "partnerships.StartupIndexPage": ["topic", "status", "sector"],
    "news.NewsIndexPage": ["category", "topic", "year"],
    "events.EventIndexPage": ["series", "audience", "year"],
    "pages.ProgramIndexPage": [],
    # Pages without filters; the profile paginates its papers with `page`.
    "people.PersonPage": [],
    "publications.PublicationPage": [],
    "partnerships.PartnerProjectPage": [],
    "partnerships.StartupPage": [],
    "partnerships.PartnerContactPage": [],  # its form: test_the_contact_form_refuses_or_stores_safely
    "news.NewsPage": [],
    "events.EventPage": [],
    "pages.ProgramPage": [],
    "pages.HomePage": [],
    "pages.StandardPage": [],
}
OK = {200, 301, 302, 400, 404}


def page_urls():
    urls = []
    for label, params in PARAMETERS.items():
        page = apps.get_model(label).objects.live().order_by("pk").first()
        assert page is not None, f"the demo has no {label}"
        urls.append((label, page.url, [*params, "page"]))
    return urls


def test_every_page_type_is_attacked():
    assert missing(PARAMETERS) == []


@pytest.mark.parametrize("name", HOSTILE)
def test_filters_and_pages_never_fail_on_any_page_type(client, name):
    value = HOSTILE[name]
    pages_before = Page.objects.count()
    for label, url, params in page_urls():
        for param in params:
            response = client.get(url, {param: value})
            assert response.status_code in OK, (label, param, response.status_code)
        # Every parameter at once, and each one twice.
        response = client.get(url, [(param, value) for param in params for _ in (1, 2)])
        assert response.status_code in OK, (label, "all", response.status_code)
        assert "<script>alert" not in response.content.decode()
    for search in ("/en/search/", "/fr/rechercher/"):
        response = client.get(search, {"q": value, "type": value, "page": value})
        assert response.status_code in OK
    assert Page.objects.count() == pages_before


@pytest.mark.parametrize("query", ["q=%ff%fe%00", "q=%C0%AF&page=%ff", "q=%", "page=1&page=%80"])
def test_invalid_utf8_in_query_strings(client, query):
    for label, url, _params in page_urls():
        response = client.get(url, QUERY_STRING=query)
        assert response.status_code in OK, (label, response.status_code)
    assert client.get("/en/search/", QUERY_STRING=query).status_code in OK


def contact_form(**changes):
    data = {
        "organisation": "Acme Robotics",
        "name": "Ada Example",
        "email": "ada@example.org",
        "organisation_type": OrganisationType.values[0],
        "interests": [PartnershipInterest.values[0]],
        "message": "We would like to work with your researchers.",
        "subject_line": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("field", ["organisation", "name", "email", "organisation_type", "message"])
@pytest.mark.parametrize("name", ["long", "nul", "html", "template", "huge_number", "empty"])
def test_the_contact_form_refuses_or_stores_safely(client, field, name):
    page = PartnerContactPage.objects.live().first()
    before = PartnerEnquiry.objects.count()
    response = client.post(page.url, contact_form(**{field: HOSTILE[name]}))
    assert response.status_code in OK
    content = response.content.decode()
    assert "<script>alert" not in content
    if 'class="error-summary"' in content:
        # Refused: the visitor is told which field, and nothing was stored.
        assert PartnerEnquiry.objects.count() == before
    else:
        # Accepted: stored exactly as sent, once.
        assert PartnerEnquiry.objects.count() == before + 1
        assert PartnerEnquiry.objects.latest("pk").form_data[field] == HOSTILE[name]


@pytest.fixture
def token():
    return IngestToken.create_token("hostile")[1]


def ingest(client, body, token, content_type="application/json"):
    return client.post(
        "/api/publications/ingest/", body, content_type=content_type, headers={"x-api-token": token}
    )


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00not utf-8",
        b"[" * 10_000 + b"]" * 10_000,
        b'{"not": "a list"}',
        b"[1, 2, 3]",
        json.dumps([{"title": HOSTILE["long"] * 10}]).encode(),
        json.dumps(
            [{"paper_id": "x", "title": "T", "releases": [{"venue": {"date": {"text": "9" * 40}}}]}]
        ).encode(),
        json.dumps([{"paper_id": HOSTILE["nul"], "title": HOSTILE["nul"]}]).encode(),
        json.dumps(
            [{"paper_id": "p", "title": "T", "authors": [{"display_name": HOSTILE["sql"]}] * 5000}]
        ).encode(),
        b"",
        b"null",
        b'"string"',
        b"1e309",
    ],
    ids=lambda body: repr(body[:20]),
)
def test_the_ingestion_api_answers_with_a_status_never_a_500(client, token, body):
    before = PublicationPage.objects.count()
    response = ingest(client, body, token)
    assert response.status_code in {200, 400, 413}
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert PublicationPage.objects.count() == before
    else:
        counts = response.json()
        created = PublicationPage.objects.count() - before
        assert created == counts["created"]


def test_the_ingestion_api_refuses_other_content_types(client, token):
    before = PublicationPage.objects.count()
    response = ingest(client, b"title=x", token, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500
    assert PublicationPage.objects.count() == before


def test_filter_options_escape_what_editors_typed():
    """Names in the filters' <option>s (people, institutions, topics) are text, never markup."""
    from mila.templatetags.mila_tags import select_options

    html = select_options(
        [
            {
                "value": 'x" onfocus="alert(1)',
                "label": HOSTILE["html"],
                "selected": True,
                "count": 2,
            },
            {"value": "plain", "label": "Élodie & co", "selected": False, "count": 0},
        ]
    )
    assert html == (
        '<option value="x&quot; onfocus=&quot;alert(1)" selected>&lt;script&gt;alert(&quot;x&quot;)'
        "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; (2)</option>"
        '<option value="plain">Élodie &amp; co (0)</option>'
    )
