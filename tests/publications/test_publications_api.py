"""The ingestion API the publication pipeline posts to, its tokens and author linking."""

import copy
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from publications.models import Authorship, IngestToken, PublicationPage
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db

URL = "/api/publications/ingest/"
# A copy of shared/examples/paper-export.json, the harvester's export format.
EXAMPLE = json.loads((Path(__file__).resolve().parents[1] / "data/paper-export.json").read_text())
SPARSE_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
NOTE_ID = "ffeeddccbbaa99887766554433221100"


@pytest.fixture
def token():
    return IngestToken.create_token("pipeline")[1]


def post(client, papers, token, raw=None):
    return client.post(
        URL,
        raw if raw is not None else json.dumps(papers),
        content_type="application/json",
        headers={"x-api-token": token},
    )


def paper(**changes):
    data = copy.deepcopy(EXAMPLE[1])
    data.update(changes)
    return data


def test_the_example_export_is_ingested(client, token):
    response = post(client, EXAMPLE, token)
    assert response.status_code == 200
    # The first paper is already on the site (demo BibTeX, same DOI): it is updated, not doubled.
    assert response.json() == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "rejected": 0,
        "rejections": [],
    }
    sparse = PublicationPage.objects.get(external_id=SPARSE_ID)
    assert sparse.bibtex_key == "tremblay2025sparse"
    # The peer-reviewed release with a day-precise date is the venue.
    assert (sparse.venue_name, sparse.venue_type, sparse.status) == (
        "ICLR 2025",
        "conference",
        "poster",
    )
    assert (sparse.publication_date.isoformat(), sparse.date_precision) == ("2025-04-24", 3)
    assert (sparse.arxiv_id, sparse.openreview_id) == ("2410.00001", "AbCdEf123")
    assert sparse.doi == "10.48550/arXiv.2410.00001"
    assert sorted(sparse.research_topics.values_list("slug", flat=True)) == [
        "reinforcement-learning",
        "reward-shaping",
    ]
    note = PublicationPage.objects.get(external_id=NOTE_ID)
    assert (
        note.live
        and note.url == "/en/research/publications/a-note-on-calibration-under-distribution-shift/"
    )
    assert (note.publication_date.isoformat(), note.date_precision) == ("2023-01-01", 1)
    assert (note.venue_type, note.pages) == ("other", "1–9")


def test_a_second_post_changes_nothing(client, token):
    post(client, EXAMPLE, token)
    response = post(client, EXAMPLE, token)
    assert response.json()["unchanged"] == 2
    assert response.json()["created"] == response.json()["updated"] == 0


def test_a_changed_paper_is_updated_in_place(client, token):
    post(client, EXAMPLE, token)
    changed = paper(title="A Note on Calibration Under Distribution Shift (Revised)")
    response = post(client, [changed], token)
    assert response.json()["updated"] == 1
    page = PublicationPage.objects.get(external_id=NOTE_ID)
    assert page.title == "A Note on Calibration Under Distribution Shift (Revised)"
    # The URL does not move when the title changes.
    assert page.slug == "a-note-on-calibration-under-distribution-shift"


def test_authors_are_linked_by_bio_slug_then_identifiers_then_exact_name(client, token):
    by_orcid = make_person(given_name="Orc", family_name="Idperson", orcid="0000-0002-9079-593X")
    by_name = make_person(given_name="Wei", family_name="Zhang")
    data = paper(
        authors=[
            *EXAMPLE[0]["authors"],
            {
                "author": {
                    "name": "O. Idperson",
                    "links": [{"type": "orcid", "link": "https://orcid.org/0000-0002-9079-593X"}],
                }
            },
            {"author": {"name": "Wéi  Zhang", "links": []}},
            {
                "author": {
                    "name": "Somebody Unknown",
                    "links": [{"type": "bio", "link": "no-such-profile"}],
                }
            },
        ]
    )
    post(client, [data], token)
    authors = list(PublicationPage.objects.get(external_id=NOTE_ID).authors.all())
    assert [a.name for a in authors] == [
        "Amélie Tremblay",
        "Jonas K. Ødegaard",
        "O. Idperson",
        "Wéi Zhang",
        "Somebody Unknown",
    ]
    assert authors[0].person.slug_en == "tremblay-amelie"
    assert authors[1].person is None
    assert authors[2].person == by_orcid
    assert authors[3].person == by_name
    assert authors[4].person is None


def test_linked_author_shows_on_the_profile(client, token):
    post(client, EXAMPLE, token)
    content = client.get("/en/directory/tremblay-amelie/").content.decode()
    assert "Sparse Reward Shaping for Long-Horizon Agents" in content


def test_bad_or_missing_token_is_401(client, token):
    assert post(client, EXAMPLE, "mila_pub_wrong").status_code == 401
    response = client.post(URL, json.dumps(EXAMPLE), content_type="application/json")
    assert response.status_code == 401
    assert "API token" in response.json()["error"]
    assert not PublicationPage.objects.filter(external_id=NOTE_ID).exists()


def test_revoked_token_is_401(client, token):
    IngestToken.objects.get(name="pipeline").revoke()
    assert post(client, EXAMPLE, token).status_code == 401


def test_malformed_json_is_400_and_writes_nothing(client, token):
    response = post(client, None, token, raw='[{"paper_id": "x", "title": ')
    assert response.status_code == 400
    assert response.json()["error"].startswith("The body is not valid JSON")
    response = post(client, {"paper_id": "x"}, token)
    assert response.status_code == 400
    assert response.json() == {"error": "The body must be a JSON list of papers."}
    response = post(client, None, token, raw=b"\xff\xfe[]")
    assert response.status_code == 400


def test_a_paper_without_a_title_is_rejected_and_the_others_stored(client, token):
    untitled = paper(paper_id="untitled0000", title="  ")
    response = post(client, [untitled, EXAMPLE[1]], token)
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 1
    assert body["rejected"] == 1
    assert body["rejections"] == [
        {"index": 0, "paper_id": "untitled0000", "reason": "the title is missing"}
    ]
    assert PublicationPage.objects.filter(external_id=NOTE_ID).exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"paper_id": None}, "paper_id is missing"),
        ({"paper_id": "x" * 65}, "paper_id is longer than 64 characters"),
        ({"title": ["not", "a", "string"]}, "the title is missing"),
        ({"releases": []}, "no release has a publication date"),
        ({"releases": "soon"}, "no release has a publication date"),
        ({"authors": [{"author": {"name": ""}}]}, "author 1 has no name"),
        ({"authors": [42]}, "author 1 has no name"),
    ],
)
def test_bad_papers_are_rejected_with_a_reason(client, token, changes, reason):
    response = post(client, [paper(**changes)], token)
    assert response.status_code == 200
    assert response.json()["rejections"][0]["reason"] == reason


@pytest.mark.parametrize(
    "body",
    [
        [None, 1, "x", []],
        [{"paper_id": {"a": 1}, "title": 3}],
        [paper(topics=[None, {"name": None}, "x"], links=[None, {"type": 3}], abstract=7)],
        [
            paper(
                releases=[
                    {"venue": {"date": {"precision": 3, "text": "2023-02-31", "timestamp": 1e20}}}
                ]
            )
        ],
        [paper(releases=[{"venue": {"date": {"precision": 2, "timestamp": 1e300}}}])],
        [
            paper(
                authors=[
                    {"author": {"name": "A" * 500, "links": [{"type": "orcid", "link": ["x"]}]}}
                ]
            )
        ],
        [paper(title="T" * 2000)],
        [
            paper(
                title="Nul\u0000 character",
                abstract="a\u0000b",
                topics=[{"name": "x\u0000y"}],
                authors=[{"author": {"name": "N\u0000ul", "links": []}}],
            )
        ],
    ],
)
def test_odd_input_never_gives_a_server_error(client, token, body):
    response = post(client, body, token)
    assert response.status_code == 200, response.content


def test_the_same_paper_twice_in_one_request_is_stored_once(client, token):
    response = post(client, [EXAMPLE[1], EXAMPLE[1]], token).json()
    assert (response["created"], response["rejected"]) == (1, 1)
    assert response["rejections"][0]["reason"] == f"same paper as {NOTE_ID}"


def test_get_is_not_allowed(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_large_request_is_accepted(client, token):
    papers = []
    for number in range(1200):
        item = paper(paper_id=f"large{number:06d}", title=f"Large Request Paper {number}")
        papers.append(item)
    response = post(client, papers, token)
    assert response.status_code == 200
    assert response.json()["created"] == 1200
    assert PublicationPage.objects.filter(title__startswith="Large Request Paper").count() == 1200


def test_create_api_token_prints_the_token_once_and_stores_its_hash():
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "harvester", stdout=out, stderr=err)
    plaintext = out.getvalue().strip()
    token = IngestToken.objects.get(name="harvester")
    assert plaintext.startswith("mila_pub_")
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in str(IngestToken.objects.filter(name="harvester").values())
    assert "cannot be shown again" in err.getvalue()
    assert IngestToken.authenticate(plaintext) == token


def test_communications_manage_tokens_in_the_admin(client, token):
    client.force_login(UserFactory(groups=["Communications"]))
    response = client.post("/admin/publications/tokens/new/", {"name": "from the admin"})
    content = response.content.decode()
    assert "Copy it now" in content
    plaintext = content.split('id="token-value" value="')[1].split('"')[0]
    assert IngestToken.authenticate(plaintext).name == "from the admin"

    created = IngestToken.objects.get(name="from the admin")
    client.post(f"/admin/publications/tokens/delete/{created.pk}/")
    created.refresh_from_db()
    assert created.revoked_at is not None
    assert post(client, EXAMPLE, plaintext).status_code == 401


def test_link_authors_links_profiles_added_later(client, token):
    post(
        client,
        [
            paper(
                authors=[
                    {
                        "author": {
                            "name": "Later Arrival",
                            "links": [{"type": "semantic_scholar", "link": "99999999"}],
                        }
                    }
                ]
            )
        ],
        token,
    )
    authorship = Authorship.objects.get(name="Later Arrival")
    assert authorship.person is None
    person = make_person(
        given_name="Laetitia", family_name="Arrival", semantic_scholar_id="99999999"
    )
    out = io.StringIO()
    call_command("link_authors", stdout=out)
    assert "1 authors linked to a profile." in out.getvalue()
    authorship.refresh_from_db()
    assert authorship.person == person


def test_the_publication_list_counts_a_paper_the_pipeline_sends_at_once(client, token):
    """The list's count is kept across other pages' publishes, not across an import."""
    index = "/en/research/publications/"

    def count():
        content = client.get(index).content.decode()
        return int(re.search(r"([\d,]+) publications?\s*</h2>", content).group(1).replace(",", ""))

    before = count()
    assert (
        post(
            client, [paper(paper_id="a-paper-sent-just-now", title="Sent just now")], token
        ).status_code
        == 200
    )
    assert count() == before + 1
