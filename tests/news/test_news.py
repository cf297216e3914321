import datetime
import re

import feedparser
import pytest
from django.utils import translation

from mila.models import ResearchTopic
from news.models import NewsPage
from tests.factories import make_news, make_news_index

pytestmark = pytest.mark.django_db

TURING_EN = "/en/news/yoshua-bengio-receives-the-turing-award/"
TURING_FR = "/fr/nouvelles/yoshua-bengio-recoit-le-prix-turing/"
ENGLISH_ONLY = "machine-learning-for-healthcare"
FRENCH_ONLY = "mila-dans-les-medias-plus-grand-centre-universitaire"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def index():
    """A news listing of its own, so counts do not depend on the demo articles."""
    return make_news_index()


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_titles(content):
    return re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', content)


# Article pages


def test_article_in_english_and_french(client):
    english = text(client.get(TURING_EN))
    assert "<h1>Yoshua Bengio receives the A.M. Turing Award</h1>" in english
    assert '<time datetime="2019-03-27">March 27, 2019</time>' in english
    assert "Award" in english and "Nobel Prize of computing" in english
    assert '<a href="/en/directory/bengio-yoshua/">Yoshua Bengio</a>' in english
    assert '<a href="/en/news/?topic=deep-learning">Deep Learning</a>' in english
    assert "available in" not in english
    assert f'hreflang="fr" href="http://testserver{TURING_FR}"' in english

    french = text(client.get(TURING_FR))
    assert "<h1>Yoshua Bengio reçoit le prix A.M. Turing</h1>" in french
    assert '<time datetime="2019-03-27">27 mars 2019</time>' in french
    assert "Prix" in french and "Nobel de l’informatique" in french
    assert '<a href="/fr/repertoire/bengio-yoshua/">Yoshua Bengio</a>' in french


def test_english_only_article_in_french_says_so_and_is_marked_english(client):
    content = text(client.get(f"/fr/nouvelles/{ENGLISH_ONLY}/"))
    assert '<p class="notice" role="note">Cet article n’est offert qu’en anglais.</p>' in content
    assert '<div lang="en">' in content
    body = content.split('<div lang="en">')[1]
    assert "<h1>Machine learning against healthcare’s most pressing problems</h1>" in body
    assert "A significant number of Mila researchers work on health" in body
    # The interface around the article stays French.
    assert '<span lang="fr">Fait saillant de la recherche</span>' in body


def test_french_only_article_in_english_says_so(client):
    content = text(client.get(f"/en/news/{FRENCH_ONLY}/"))
    assert '<p class="notice" role="note">This article is available in French only.</p>' in content
    assert '<div lang="fr">' in content
    assert "Plus de 1 200 chercheuses et chercheurs" in content


def test_an_article_in_both_languages_has_no_note(client, index):
    item = make_news(index)
    content = text(client.get(item.url))
    assert "available in" not in content
    assert 'role="note"' not in content


def test_listing_marks_articles_in_the_other_language(client):
    content = text(client.get("/fr/nouvelles/"))
    card = content.split(f'href="/fr/nouvelles/{ENGLISH_ONLY}/"')[0].rsplit("<article", 1)[1]
    assert 'lang="en"' in card
    assert "Cet article n’est offert qu’en anglais." in content


def test_unpublished_article_is_not_listed_nor_served(client, index):
    draft = make_news(index, live=False, title_en="Not yet")
    assert "Not yet" not in text(client.get(index.url))
    assert client.get(f"{index.url}{draft.slug}/").status_code == 404


# Listing and filters


def test_listing_is_newest_first_with_filters(client, index):
    vision = ResearchTopic.objects.get(slug="computer-vision")
    make_news(index, title_en="Old award", category="award", date=datetime.date(2023, 6, 1))
    make_news(
        index,
        title_en="Vision highlight",
        category="research-highlight",
        date=datetime.date(2025, 2, 1),
        research_topics=[vision],
    )
    make_news(index, title_en="Newest", date=datetime.date(2025, 9, 1))
    content = text(client.get(index.url))
    assert card_titles(content) == ["Newest", "Vision highlight", "Old award"]
    assert "3 articles" in content
    assert card_titles(text(client.get(index.url, {"category": "award"}))) == ["Old award"]
    assert card_titles(text(client.get(index.url, {"topic": "computer-vision"}))) == [
        "Vision highlight"
    ]
    by_year = text(client.get(index.url, {"year": 2025}))
    assert card_titles(by_year) == ["Newest", "Vision highlight"]
    assert '<option value="2025" selected>2025</option>' in by_year
    assert '<option value="2024">' not in by_year
    empty = text(client.get(index.url, {"category": "award", "year": 2025}))
    assert "No article matches these filters." in empty
    # Unknown values are ignored, not errors.
    assert len(card_titles(text(client.get(index.url, {"topic": "nope", "year": "x"})))) == 3


def test_filter_form_is_labelled(client, index):
    content = text(client.get(index.url))
    for name in ("category", "topic", "year"):
        assert f'<label for="id_{name}">' in content
    assert f'<form class="filters" method="get" action="{index.url}"' in content


def test_listing_is_paginated(client, index):
    for day in range(1, 15):
        make_news(index, title_en=f"Item {day:02}", date=datetime.date(2025, 1, day))
    first = text(client.get(index.url))
    assert len(card_titles(first)) == 12
    second = text(client.get(index.url, {"page": 2}))
    assert card_titles(second) == ["Item 02", "Item 01"]


# Feeds


def test_rss_feed_per_language(client):
    response = client.get("/en/news/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.language == "en"
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == [
        "Machine learning against healthcare’s most pressing problems",
        "Mila dans les médias : le plus grand centre universitaire en apprentissage automatique",
    ]
    turing = feed.entries[titles.index("Yoshua Bengio receives the A.M. Turing Award")]
    assert turing.link == f"http://testserver{TURING_EN}"
    assert turing.published_parsed[:3] == (2019, 3, 27)
    assert turing.id.startswith("urn:uuid:")

    french = feedparser.parse(client.get("/fr/nouvelles/rss/").content)
    assert french.feed.language == "fr"
    assert "Yoshua Bengio reçoit le prix A.M. Turing" in [entry.title for entry in french.entries]
    # The same article keeps its id in both languages.
    french_ids = {entry.title: entry.id for entry in french.entries}
    assert french_ids["Yoshua Bengio reçoit le prix A.M. Turing"] == turing.id


def test_atom_feed(client):
    response = client.get("/fr/nouvelles/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert feed.feed.title == "Nouvelles | Mila – Institut québécois d’intelligence artificielle"
    entry = next(e for e in feed.entries if e.title == "Yoshua Bengio reçoit le prix A.M. Turing")
    assert entry.link == f"http://testserver{TURING_FR}"
    assert "Nobel de l’informatique" in entry.summary


def test_pages_advertise_their_feeds(client):
    content = text(client.get("/en/news/"))
    assert '<link rel="alternate" type="application/rss+xml"' in content
    assert 'href="/en/news/atom/"' in content


def test_feed_leaves_out_private_articles(client, index):
    from wagtail.models import PageViewRestriction

    hidden = make_news(index, title_en="Staff only")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    make_news(index, title_en="Everyone")
    feed = feedparser.parse(client.get(f"{index.url}rss/").content)
    assert [entry.title for entry in feed.entries] == ["Everyone"]
    assert card_titles(text(client.get(index.url))) == ["Everyone"]


# Home page and query budgets


def test_home_page_shows_latest_news(client):
    content = text(client.get("/en/"))
    section = content.split('id="latest-news-heading"')[1].split("</section>")[0]
    assert ">Latest news</h2>" in section
    assert card_titles(section)[0] == "Machine learning against healthcare’s most pressing problems"
    assert len(card_titles(section)) == 3
    assert '<a class="button button--secondary" href="/en/news/">All news</a>' in section
    assert "Dernières nouvelles" in text(client.get("/fr/"))


def test_home_page_queries_do_not_grow_with_news(client, index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/")
    with CaptureQueriesContext(connection) as before:
        text(client.get("/en/"))
    for number in range(30):
        make_news(index, title_en=f"Fresh {number}", date=datetime.date(2030, 1, 1))
    # The home page lists the first news listing of the tree; move this one first.
    index.move(index.get_parent(), pos="first-child")
    client.get("/en/")
    with CaptureQueriesContext(connection) as after:
        content = text(client.get("/en/"))
    assert "Fresh " in content
    assert len(after) == len(before)


def test_news_listing_and_feed_query_budget(client, index, django_assert_max_num_queries):
    topics = list(ResearchTopic.objects.all()[:3])
    for number in range(40):
        make_news(
            index,
            title_en=f"Story {number}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number * 9),
            research_topics=topics[: number % 3],
        )
    with django_assert_max_num_queries(20):
        text(client.get(index.url))
    with django_assert_max_num_queries(20):
        text(client.get(index.url, {"page": 3, "year": 2024}))
    with django_assert_max_num_queries(10):
        assert client.get(f"{index.url}rss/").status_code == 200
    assert NewsPage.objects.child_of(index).count() == 40
