"""The read-only Wagtail API v2 at /api/v2/: languages, public pages only, no private data."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from people.models import PersonPage
from tests.factories import (
    InstitutionFactory,
    ResearchTopicFactory,
    UserFactory,
    make_page,
    make_person,
    make_publication,
    make_publications,
    publication_record,
)

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """A profile with a faculty account, a draft profile, a paper by both, a private page."""
    with django_db_blocker.unblock(), transaction.atomic():
        topic = ResearchTopicFactory(name_en="API Topic", name_fr="Thème de l’API", slug="api")
        institution = InstitutionFactory(name_en="API University", name_fr="Université de l’API")
        person = make_person(
            given_name="Ines",
            family_name="Apiwriter",
            topics=[topic],
            institution=institution,
            email="ines.apiwriter@example.org",
            account=UserFactory(email="ines.account@example.org"),
            position_title_en="Professor",
            position_title_fr="Professeure",
            orcid="0000-0002-1825-0097",
        )
        draft_person = make_person(given_name="Dana", family_name="Draftprofile")
        draft_person.unpublish()
        paper = make_publication(
            title="An API Paper",
            authors=[person, draft_person, "Someone Unlinked"],
            topics=["API Topic"],
            doi="10.1234/api.5678",
            publication_date=datetime.date(2024, 2, 1),
        )
        private = make_person(given_name="Priya", family_name="Privateprofile")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        yield {"person": person, "draft": draft_person, "paper": paper, "private": private}
        transaction.set_rollback(True)


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (response.status_code, response.content[:300])
    return response.json()


def about_page():
    return make_page(
        title_en="About the lab",
        title_fr="À propos du labo",
        slug_en="about-the-lab",
        slug_fr="a-propos-du-labo",
        intro_fr="Un labo de recherche.",
    )


def test_a_page_in_french_with_locale(client):
    page = about_page()
    english = get(client, f"{PAGES}{page.pk}/")
    assert english["title"] == "About the lab"
    assert english["meta"]["slug"] == "about-the-lab"
    assert english["meta"]["html_url"].endswith("/en/about-the-lab/")

    response = client.get(f"{PAGES}{page.pk}/", {"locale": "fr"})
    assert response["Content-Language"] == "fr"
    french = response.json()
    assert french["title"] == "À propos du labo"
    assert french["meta"]["slug"] == "a-propos-du-labo"
    assert french["meta"]["html_url"].endswith("/fr/a-propos-du-labo/")
    assert french["intro"] == "Un labo de recherche."


def test_accept_language_chooses_the_language_and_locale_wins(client):
    page = about_page()
    url = f"{PAGES}{page.pk}/"
    response = client.get(url, headers={"accept-language": "fr-CA,fr;q=0.9"})
    assert response.json()["title"] == "À propos du labo"
    assert "Accept-Language" in response["Vary"]
    response = client.get(url, {"locale": "en"}, headers={"accept-language": "fr"})
    assert response.json()["title"] == "About the lab"
    assert response["Content-Language"] == "en"


def test_listing_in_french_lists_every_page(client):
    about_page()
    english = get(client, PAGES)
    french = get(client, PAGES, locale="fr", type="pages.StandardPage", slug="a-propos-du-labo")
    assert french["meta"]["total_count"] == 1
    assert french["items"][0]["title"] == "À propos du labo"
    assert french["items"][0]["meta"]["html_url"].endswith("/fr/a-propos-du-labo/")
    assert get(client, PAGES, locale="fr")["meta"]["total_count"] == english["meta"]["total_count"]
    assert len(english["items"]) == 20  # Wagtail's default page size, WAGTAILAPI_LIMIT_MAX


def test_unknown_locale_is_a_bad_request(client):
    assert get(client, PAGES, status=400, locale="de")["message"] == "locale must be one of: en, fr"


def test_profile_fields_without_private_data(client, sample):
    person = sample["person"]
    data = get(client, f"{PAGES}{person.pk}/", locale="fr")
    assert data["meta"]["type"] == "people.PersonPage"
    assert (data["given_name"], data["family_name"]) == ("Ines", "Apiwriter")
    assert data["position_title"] == "Professeure"
    assert data["institution"]["name"] == "Université de l’API"
    assert data["research_topics"] == [
        {"id": person.research_topics.get().pk, "slug": "api", "name": "Thème de l’API"}
    ]
    assert data["orcid"] == "0000-0002-1825-0097"
    body = str(data)
    assert "example.org" not in body
    assert not {"email", "email_visibility", "account"} & set(data)
    for field in ("email", "account"):
        get(client, PAGES, status=400, type="people.PersonPage", fields=field)
        get(client, PAGES, status=400, type="people.PersonPage", **{field: "x"})


def test_publication_fields_link_only_live_profiles(client, sample):
    paper = sample["paper"]
    data = get(client, f"{PAGES}{paper.pk}/", locale="fr")
    assert data["title"] == "An API Paper"
    assert data["doi"] == "10.1234/api.5678"
    assert data["publication_date"] == "2024-02-01"
    assert data["research_topics"][0]["name"] == "Thème de l’API"
    authors = data["authors"]
    assert [author["name"] for author in authors] == [
        "Ines Apiwriter",
        "Dana Draftprofile",
        "Someone Unlinked",
    ]
    person = sample["person"]
    assert authors[0]["person"]["id"] == person.pk
    assert authors[0]["person"]["html_url"].endswith(f"/fr/repertoire/{person.slug_fr}/")
    # The draft profile is not named or linked.
    assert authors[1]["person"] is None
    assert authors[2]["person"] is None


def test_unpublished_and_private_pages_are_absent(client, sample):
    listed = get(client, PAGES, type="people.PersonPage")
    assert listed["meta"]["total_count"] == PersonPage.objects.live().public().count()
    for page, count in ((sample["person"], 1), (sample["draft"], 0), (sample["private"], 0)):
        found = get(client, PAGES, type="people.PersonPage", family_name=page.family_name)
        assert found["meta"]["total_count"] == count
    for page in (sample["draft"], sample["private"]):
        get(client, f"{PAGES}{page.pk}/", status=404)
        get(client, f"{PAGES}{page.pk}/", status=404, locale="fr")


def test_find_by_html_path_in_either_language(client, sample):
    person = sample["person"]
    for path in (f"/fr/repertoire/{person.slug_fr}/", f"/en/directory/{person.slug_en}/"):
        response = client.get(f"{PAGES}find/", {"html_path": path, "locale": "fr"})
        assert response.status_code == 302
        assert f"{PAGES}{person.pk}/?locale=fr" in response["Location"]
    private = sample["private"]
    response = client.get(f"{PAGES}find/", {"html_path": f"/en/directory/{private.slug_en}/"})
    assert response.status_code == 404


def test_the_api_is_read_only(client, sample):
    detail = f"{PAGES}{sample['person'].pk}/"
    for url in (PAGES, detail, "/api/v2/images/", "/api/v2/documents/"):
        assert client.post(url, {"title": "x"}).status_code == 405
        assert client.put(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 405
    assert client.patch(detail, {}, content_type="application/json").status_code == 405
    assert PersonPage.objects.get(pk=sample["person"].pk).title == "Ines Apiwriter"


def test_images_and_documents_endpoints(client):
    for endpoint in ("images", "documents"):
        data = get(client, f"/api/v2/{endpoint}/", locale="fr")
        assert data["meta"]["total_count"] == len(data["items"])


def test_listing_query_budget(client, sample, django_assert_max_num_queries):
    topics = [ResearchTopicFactory() for _ in range(3)]
    people = [make_person(topics=topics) for _ in range(30)]
    make_publications(
        publication_record(authors=[*people[:4], "Other Author"], topics=[topics[0].name_en])
        for _ in range(40)
    )
    get(client, PAGES)  # warm the site root cache, as any running site has
    for params in (
        {"type": "people.PersonPage", "fields": "*"},
        {"type": "publications.PublicationPage", "fields": "*", "locale": "fr"},
        {},
    ):
        with django_assert_max_num_queries(12):
            data = get(client, PAGES, **params)
        assert len(data["items"]) == 20
    assert len(people) == 30


# Cost that does not grow with the archive


def test_the_total_is_counted_once_per_content_change(client):
    url = f"{PAGES}?type=people.PersonPage&limit=2"
    first = get(client, url)
    with CaptureQueriesContext(connection) as captured:
        again = get(client, url)
    assert again["meta"]["total_count"] == first["meta"]["total_count"]
    assert not [query for query in captured if "COUNT(" in query["sql"].upper()]
    # A new profile is counted by the next request.
    make_person(given_name="Counted", family_name="Later").save_revision().publish()
    assert get(client, url)["meta"]["total_count"] == first["meta"]["total_count"] + 1


@pytest.mark.parametrize("offset", ["9223372036854775808", "1000001"])
def test_an_offset_beyond_any_archive_is_a_bad_request(client, offset):
    response = client.get(PAGES, {"offset": offset})
    assert response.status_code == 400
    assert "offset cannot be higher than" in response.json()["message"]
