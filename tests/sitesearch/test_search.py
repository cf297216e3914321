"""Site search: per-language documents, groups and counts, snippets, promotions, hostile input."""

import re

import pytest
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from pages.models import StandardPage
from sitesearch.models import SearchDocument

pytestmark = pytest.mark.django_db
EN, FR = "/en/search/", "/fr/rechercher/"


def home():
    return Page.objects.get(depth=2).specific


def publish_page(**fields):
    page = StandardPage(**fields)
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def bilingual_page():
    return publish_page(
        title_en="Pastry science",
        title_fr="Science de la pâtisserie",
        slug_en="pastry-science",
        slug_fr="science-patisserie",
        intro_en="How ovens learn to bake bread.",
        intro_fr="Comment les fours apprennent à cuire des croissants zorbulés.",
    )


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_french_term_is_found_on_the_french_search_and_not_the_english_one(
    client, bilingual_page
):
    french = text(client.get(FR, {"q": "zorbulés"}))
    assert 'href="/fr/science-patisserie/"' in french
    assert "Science de la pâtisserie" in french
    english = text(client.get(EN, {"q": "zorbulés"}))
    assert "pastry-science" not in english
    assert "patisserie" not in english
    # The English text is found from the English search, with its English URL.
    assert 'href="/en/pastry-science/"' in text(client.get(EN, {"q": "ovens"}))


def test_accents_and_case_do_not_matter(client, bilingual_page):
    assert 'href="/fr/science-patisserie/"' in text(client.get(FR, {"q": "ZORBULES"}))
    assert 'href="/fr/science-patisserie/"' in text(client.get(FR, {"q": "patisserie"}))


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Precup", "precup-doina"),
        ("precup", "precup-doina"),
        ("Pineau", "pineau-joelle"),
        ("joelle pineau", "pineau-joelle"),
    ],
)
def test_people_are_found_by_name_in_both_languages(client, query, slug):
    for url, language in ((EN, "en"), (FR, "fr")):
        content = text(client.get(url, {"q": query}))
        assert '<h2 id="group-people">' in content
        assert re.search(rf'href="/{language}/[a-z-]+/{slug}/"', content)


def test_results_are_grouped_by_type_with_counts_and_a_highlighted_snippet(client):
    content = text(client.get(EN, {"q": "reinforcement learning"}))
    assert '<h2 id="group-people">People <span class="count">' in content
    assert '<h2 id="group-publications">Publications <span class="count">' in content
    assert "<mark>reinforcement</mark> <mark>learning</mark>" in content
    assert 'href="?q=reinforcement+learning&amp;type=people"' in content


def test_publications_are_counted_up_to_a_limit_then_said_to_be_more(client, monkeypatch):
    monkeypatch.setattr("sitesearch.views.SEARCH_COUNT_CAP", 2)
    content = text(client.get(EN, {"q": "learning"}))
    assert '<h2 id="group-publications">Publications <span class="count">(more than 2)' in content
    assert "See more than 2 results in publications" in content
    assert re.search(r'role="status">More than \d+ results for “learning”', content)
    french = text(client.get(FR, {"q": "learning"}))
    assert re.search(r"Publications <span class=\"count\">\(plus de 2\)", french)
    # One page of them, newest first.
    listed = text(client.get(EN, {"q": "learning", "type": "publications"}))
    assert "(more than 2)" in listed
    assert len(re.findall(r"<h3><a href=", listed)) == 2


def test_a_type_shows_all_its_results_paginated(client):
    content = text(client.get(EN, {"q": "learning", "type": "publications"}))
    assert '<h2 id="group-' not in content
    assert "<h2>Publications</h2>" in content
    assert 'aria-current="page">Publications' in content


def test_unpublished_and_private_pages_are_not_found(client, bilingual_page):
    bilingual_page.unpublish()
    assert "pastry-science" not in text(client.get(EN, {"q": "ovens"}))
    assert not SearchDocument.objects.filter(page=bilingual_page).exists()
    private = publish_page(title="Members lounge", slug="members-lounge", intro="Secret ovens.")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert "members-lounge" not in text(client.get(EN, {"q": "ovens"}))


def test_edits_are_found_once_published(client, bilingual_page):
    revision_page = bilingual_page.specific
    revision_page.intro_en = "Sourdough starters explained."
    revision_page.save_revision()
    assert "pastry-science" not in text(client.get(EN, {"q": "sourdough"}))
    revision_page.get_latest_revision().publish()
    assert "pastry-science" in text(client.get(EN, {"q": "sourdough"}))


def test_editors_promoted_results_come_first(client, bilingual_page):
    query = Query.get("bread")
    SearchPromotion.objects.create(
        query=query, page=bilingual_page, description="Our baking research."
    )
    content = text(client.get(EN, {"q": "Bread"}))
    assert content.index("Recommended") < content.index("Pages <span")
    assert "Our baking research." in content


def test_promotions_are_remembered_until_an_editor_changes_them(client, bilingual_page):
    assert "Our baking research." not in text(client.get(EN, {"q": "bread"}))
    promotion = SearchPromotion.objects.create(
        query=Query.get("bread"), page=bilingual_page, description="Our baking research."
    )
    assert "Our baking research." in text(client.get(EN, {"q": "bread"}))
    promotion.delete()
    assert "Our baking research." not in text(client.get(EN, {"q": "bread"}))


def test_no_results_suggest_sections_to_browse(client):
    content = text(client.get(FR, {"q": "qwxzvy"}))
    assert "Aucune page ne correspond à votre recherche." in content
    assert "Vous pourriez aussi parcourir" in content
    assert 'href="/fr/' in content


def test_empty_search_offers_sections(client):
    content = text(client.get(EN))
    assert "Browse the site" in content
    assert "results for" not in content


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "'; DROP TABLE wagtailcore_page; --",
        '"unclosed quote',
        "a & b | !c <-> d:*",
        "😀🤖",
        "{% debug %}{{ request }}",
        "<script>alert(1)</script>",
        "مرحبا بالعالم",
        "nul\x00byte",
        "   ",
        "-",
        "*",
    ],
)
def test_hostile_queries_never_fail(client, query):
    for url in (EN, FR):
        response = client.get(url, {"q": query, "page": "-3", "type": "nonsense"})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_repeated_and_odd_parameters(client):
    assert (
        client.get(EN + "?q=a&q=b&page=99999999999999999999&type=people&type=x").status_code == 200
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm similarity")
def test_similar_spellings_on_postgresql(client):
    content = text(client.get(EN, {"q": "Pinaeu"}))
    assert "these results match similar spellings" in content
    assert "Joëlle Pineau" in content


def test_query_budget_for_a_results_page(client, django_assert_max_num_queries):
    client.get(EN, {"q": "learning"})
    with django_assert_max_num_queries(15):
        text(client.get(EN, {"q": "learning"}))
    with django_assert_max_num_queries(15):
        text(client.get(EN, {"q": "learning", "type": "people"}))
