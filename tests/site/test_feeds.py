"""RSS and Atom feeds of the latest publications: site-wide, per person, per topic, EN and FR."""

import datetime
import re

import feedparser
import pytest
from django.db import transaction
from django.utils import translation
from wagtail.models import PageViewRestriction

from publications.models import PublicationPage
from tests.factories import (
    ResearchTopicFactory,
    make_person,
    make_publication,
    make_publications,
    publication_record,
)

pytestmark = pytest.mark.django_db

RSS_EN = "/en/research/publications/feed/rss/"
ATOM_EN = "/en/research/publications/feed/atom/"
RSS_FR = "/fr/recherche/publications/flux/rss/"
ATOM_FR = "/fr/recherche/publications/flux/atom/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def papers(django_db_setup, django_db_blocker):
    """A person, a topic and papers dated after the demo's, plus a draft and a private one."""
    with django_db_blocker.unblock(), transaction.atomic():
        ResearchTopicFactory(name_en="Feed Topology", name_fr="Topologie des flux", slug="feeds")
        person = make_person(given_name="Ada", family_name="Feedwriter")
        later = {"publication_date": datetime.date(2031, 5, 1), "date_precision": 3}
        pages = {
            "by_person_old": make_publication(
                title="Old Paper by Ada",
                authors=[person],
                publication_date=datetime.date(2001, 1, 1),
            ),
            "by_person_new": make_publication(
                title="New Paper by Ada",
                authors=[person, "Grace Coauthor"],
                topics=["Feed Topology"],
                venue_name="NeurIPS",
                abstract=" ".join(f"word{number}" for number in range(200)),
                **later,
            ),
            "on_topic": make_publication(
                title="Topical Paper",
                topics=["Feed Topology"],
                publication_date=datetime.date(2031, 3, 1),
            ),
            "same_day_first": make_publication(
                title="Same Day One", publication_date=datetime.date(2031, 3, 1)
            ),
            "draft": make_publication(
                title="Draft Paper by Ada",
                authors=[person],
                topics=["Feed Topology"],
                publication_date=datetime.date(2032, 1, 1),
            ),
            "private": make_publication(
                title="Private Paper by Ada",
                authors=[person],
                topics=["Feed Topology"],
                publication_date=datetime.date(2032, 2, 1),
            ),
        }
        pages["draft"].unpublish()
        PageViewRestriction.objects.create(
            page=pages["private"], restriction_type=PageViewRestriction.LOGIN
        )
        yield {"person": person, **pages}
        transaction.set_rollback(True)


def parse(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_site_wide_rss_lists_the_newest_first(client, papers):
    response, feed = parse(client, RSS_EN)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.language == "en"
    assert feed.feed.title == "Latest publications | Mila – Quebec AI Institute"
    assert feed.feed.link == "http://testserver/en/research/publications/"
    # Newest first; on the same day the paper added last comes first.
    assert titles(feed)[:3] == ["New Paper by Ada", "Same Day One", "Topical Paper"]
    dates = [entry.published_parsed[:3] for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len(feed.entries) == min(50, PublicationPage.objects.live().public().count())
    assert "Draft Paper by Ada" not in titles(feed)
    assert "Private Paper by Ada" not in titles(feed)


def test_rss_item_fields(client, papers):
    _response, feed = parse(client, RSS_EN)
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{papers['by_person_new'].url}"
    assert entry.link.startswith("http://testserver/en/research/publications/")
    assert entry.published_parsed[:3] == (2031, 5, 1)
    assert entry.id == f"urn:uuid:{papers['by_person_new'].translation_key}"
    assert entry.author == "Ada Feedwriter, Grace Coauthor"
    assert [tag.term for tag in entry.tags] == ["Feed Topology"]
    summary = entry.summary
    assert summary.startswith("Ada Feedwriter, Grace Coauthor")
    assert "NeurIPS, May 1, 2031" in summary
    assert "word59" in summary and "word60" not in summary


def test_french_feeds_have_french_titles_and_links(client, papers):
    response, feed = parse(client, RSS_FR)
    assert feed.feed.language == "fr"
    assert (
        feed.feed.title
        == "Publications récentes | Mila – Institut québécois d’intelligence artificielle"
    )
    assert feed.feed.link == "http://testserver/fr/recherche/publications/"
    entry = feed.entries[0]
    assert entry.title == "New Paper by Ada"
    assert entry.link.startswith("http://testserver/fr/recherche/publications/")
    assert [tag.term for tag in entry.tags] == ["Topologie des flux"]
    assert "NeurIPS, 1 mai 2031" in entry.summary
    # The same paper keeps its id in both languages.
    assert entry.id == parse(client, RSS_EN)[1].entries[0].id

    _response, atom = parse(client, ATOM_FR)
    assert atom.version == "atom10"
    assert atom.feed.title.startswith("Publications récentes")
    assert all("/fr/recherche/publications/" in entry.link for entry in atom.entries)
    # The English route name does not exist in French, and the other way round.
    assert client.get("/fr/recherche/publications/feed/rss/").status_code == 404
    assert client.get("/en/research/publications/flux/rss/").status_code == 404


def test_person_feed_lists_only_their_papers(client, papers):
    person = papers["person"]
    response, feed = parse(client, ATOM_EN, author=person.slug_en)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.feed.title == "Publications by Ada Feedwriter | Mila – Quebec AI Institute"
    assert titles(feed) == ["New Paper by Ada", "Old Paper by Ada"]
    assert feed.entries[0].author == "Ada Feedwriter, Grace Coauthor"
    assert feed.feed.link == f"http://testserver/en/research/publications/?author={person.slug_en}"

    _response, french = parse(client, RSS_FR, author=person.slug_en)
    assert french.feed.title.startswith("Publications de Ada Feedwriter")
    assert titles(french) == ["New Paper by Ada", "Old Paper by Ada"]


def test_topic_feed_lists_only_that_topic(client, papers):
    _response, feed = parse(client, RSS_EN, topic="feeds")
    assert feed.feed.title == "Publications on Feed Topology | Mila – Quebec AI Institute"
    assert titles(feed) == ["New Paper by Ada", "Topical Paper"]
    assert all("Feed Topology" in [tag.term for tag in entry.tags] for entry in feed.entries)

    _response, both = parse(client, RSS_EN, topic="feeds", author=papers["person"].slug_en)
    assert titles(both) == ["New Paper by Ada"]
    _response, french = parse(client, ATOM_FR, topic="feeds")
    assert french.feed.title.startswith("Publications sur Topologie des flux")


def test_unknown_person_or_topic_is_not_found(client, papers):
    assert client.get(RSS_EN, {"topic": "no-such-topic"}).status_code == 404
    assert client.get(ATOM_EN, {"author": "nobody-at-all"}).status_code == 404


def test_listing_and_profile_advertise_their_feeds(client, papers):
    content = client.get("/en/research/publications/").content.decode()
    head = content.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Latest publications (RSS)" href="/en/research/publications/feed/rss/">'
    ) in head
    assert (
        'type="application/atom+xml"' in head
        and 'href="/en/research/publications/feed/atom/"' in head
    )
    assert re.search(
        r'<a href="/en/research/publications/feed/rss/" type="application/rss\+xml">'
        r'Subscribe \(RSS\)<span class="visually-hidden">: Latest publications \(RSS\)',
        content,
    )

    filtered = client.get("/en/research/publications/", {"topic": "feeds", "year": 2031})
    filtered = filtered.content.decode()
    assert (
        'title="Publications on Feed Topology (RSS)" href="/en/research/publications/feed/rss/?topic=feeds"'
        in filtered
    )

    french = client.get("/fr/recherche/publications/", {"topic": "feeds"}).content.decode()
    assert 'href="/fr/recherche/publications/flux/atom/?topic=feeds"' in french
    assert "S’abonner (RSS)" in french

    person = papers["person"]
    profile = client.get(f"/en/directory/{person.slug_en}/").content.decode()
    feed_url = f"/en/research/publications/feed/rss/?author={person.slug_en}"
    assert (
        f'title="Publications by Ada Feedwriter (RSS)" href="{feed_url}"'
        in profile.split("</head>")[0]
    )
    assert f'<a href="{feed_url}" type="application/rss+xml">Subscribe (RSS)' in profile


def test_feed_query_budget(client, papers, django_assert_max_num_queries):
    topics = [ResearchTopicFactory() for _ in range(3)]
    people = [make_person() for _ in range(3)]
    make_publications(
        publication_record(
            publication_date=datetime.date(2033, 1, 1) + datetime.timedelta(days=number),
            authors=[*people, "Someone Else", "Another Name"],
            topics=[topic.name_en for topic in topics],
        )
        for number in range(60)
    )
    client.get(RSS_EN)  # warm the site root cache, as any running site has
    for url, params in [(RSS_EN, {}), (ATOM_FR, {}), (RSS_EN, {"author": people[0].slug_en})]:
        with django_assert_max_num_queries(14):
            _response, feed = parse(client, url, **params)
        assert len(feed.entries) == 50
        assert len(feed.entries[0].tags) == 3


def test_a_paper_an_editor_publishes_is_in_the_feed_at_once(client, papers):
    """The feed is kept until the papers change: a paper an editor publishes shows at once."""
    _response, before = parse(client, RSS_EN)
    paper = make_publication(title="Published Just Now", publication_date=datetime.date.today())
    paper.save_revision().publish()
    _response, after = parse(client, RSS_EN)
    assert "Published Just Now" not in titles(before)
    assert "Published Just Now" in titles(after)
