"""Publication pages, the index and its filters, profiles, citation metadata."""

import datetime
import json
import re
from html import unescape

import bibtexparser
import pytest
from bibtexparser.middlewares import MonthIntMiddleware
from django.db import connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pages.models import StandardPage
from publications.importing.bibtex_read import read_bibtex
from publications.models import PublicationPage
from tests.factories import (
    ResearchTopicFactory,
    make_person,
    make_publication,
    make_publications,
    publication_record,
)

pytestmark = pytest.mark.django_db

INDEX = "/en/research/publications/"


@pytest.fixture(scope="module")
def crowd(django_db_setup, django_db_blocker):
    """5,000 extra publications, 300 of them by one person; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        person = make_person(given_name="Prolific", family_name="Writer")
        records = [
            publication_record(
                title=f"Crowd Paper {number:04d}",
                publication_date=datetime.date(1990 + number % 30, 1 + number % 12, 1),
                authors=[person, "Co Author", "Another Author"] if number < 300 else None,
            )
            for number in range(5000)
        ]
        make_publications(records)
        yield person
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """A handful of publications with known years, topics, authors and venue types."""
    with django_db_blocker.unblock(), transaction.atomic():
        topic = ResearchTopicFactory(name_en="Quantum Widgets", name_fr="Gadgets quantiques")
        author = make_person(given_name="Zoé", family_name="Filtrée")
        pages = {
            "a": make_publication(
                title="Filter Alpha",
                publication_date=datetime.date(2011, 3, 1),
                authors=[author],
                venue_type="journal",
                topics=["Quantum Widgets"],
            ),
            "b": make_publication(
                title="Filter Beta",
                publication_date=datetime.date(2011, 6, 1),
                authors=[author],
                venue_type="conference",
                topics=["Quantum Widgets"],
            ),
            "c": make_publication(
                title="Filter Gamma",
                publication_date=datetime.date(2012, 6, 1),
                authors=[author, "Xavière Quenneville"],
                venue_type="journal",
            ),
            "d": make_publication(
                title="Filter Delta & Friends: 50% {Better}",
                publication_date=datetime.date(2011, 9, 1),
                venue_type="journal",
                topics=["Quantum Widgets"],
            ),
        }
        yield {"topic": topic, "author": author, "pages": pages}
        transaction.set_rollback(True)


def titles_of(content):
    return re.findall(r'class="publication-summary__title"[^>]*><a [^>]*>([^<]+)</a>', content)


def titles(response):
    return titles_of(response.content.decode())


FULL_PAPER = {
    "title": "Calibrated Widgets for Robust Agents",
    "publication_date": datetime.date(2024, 7, 21),
    "date_precision": 3,
    "venue_name": "Proceedings of the 41st International Conference on Machine Learning",
    "venue_type": "conference",
    "volume": "235",
    "pages": "1234–1250",
    "publisher": "PMLR",
    "doi": "10.5555/widgets.2024.1234",
    "arxiv_id": "2407.99999",
    "pdf_url": "https://example.org/widgets.pdf",
    "code_url": "https://github.com/example/widgets",
    "abstract": "We calibrate widgets. It works <really> well & fast.",
    "topics": ["Reinforcement Learning"],
}


@pytest.fixture
def full_paper():
    tremblay = make_person(given_name="Ada", family_name="Lovelace-Test")
    return make_publication(authors=[tremblay, "Jonas K. Ødegaard"], **FULL_PAPER), tremblay


def test_index_in_both_languages(client):
    english = client.get(INDEX)
    french = client.get("/fr/recherche/publications/")
    assert english.status_code == french.status_code == 200
    assert "43 publications" in english.content.decode()
    assert "43 publications" in french.content.decode()
    assert "Filtrer les publications" in french.content.decode()
    # Newest first.
    shown = titles(english)
    assert shown[0] == "Neural Surrogates for Low-Carbon Freight Network Design"


def test_abstracts_are_truncated_with_a_show_more_that_works_without_js(client):
    content = client.get(INDEX).content.decode()
    assert '<details class="publication-summary__abstract">' in content
    assert "<summary>Show the full abstract" in content


def test_index_renders_in_a_bounded_number_of_queries(client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get(INDEX)
    assert response.status_code == 200
    assert (
        "5,043 publications" in response.content.decode()
        or "5043 publications" in response.content.decode()
    )
    with django_assert_max_num_queries(30):
        response = client.get(INDEX, {"page": 200, "q": "crowd", "year": "2000"})
    assert response.status_code == 200


def test_a_publication_page_renders_in_a_bounded_number_of_queries(
    client, crowd, django_assert_max_num_queries
):
    page = PublicationPage.objects.get(title="Crowd Paper 0001")
    with django_assert_max_num_queries(30):
        assert client.get(page.url).status_code == 200


def test_profile_lists_300_publications_newest_first_paginated(
    client, crowd, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        response = client.get(crowd.url)
    content = response.content.decode()
    assert "300 publications" in content
    assert "Page 1 of 30" in content
    shown = titles(response)
    assert len(shown) == 10
    dates = [PublicationPage.objects.get(title=title).publication_date for title in shown]
    assert dates == sorted(dates, reverse=True)
    assert 'href="/en/research/publications/?author=writer-prolific"' in content
    second = client.get(crowd.url, {"page": 2})
    assert "Page 2 of 30" in second.content.decode()


def test_filters_combine(client, sample):
    topic, author = sample["topic"], sample["author"]
    assert titles(client.get(INDEX, {"year": 2011, "topic": topic.slug})) == [
        "Filter Delta &amp; Friends: 50% {Better}",
        "Filter Beta",
        "Filter Alpha",
    ]
    assert titles(
        client.get(INDEX, {"year": 2011, "topic": topic.slug, "venue_type": "journal"})
    ) == [
        "Filter Delta &amp; Friends: 50% {Better}",
        "Filter Alpha",
    ]
    assert titles(
        client.get(INDEX, {"year": 2011, "author": author.slug_en, "venue_type": "journal"})
    ) == ["Filter Alpha"]
    # Words are ANDed; names match without accents ("filtree" finds Zoé Filtrée).
    assert titles(client.get(INDEX, {"q": "filtree", "year": 2012})) == ["Filter Gamma"]
    assert titles(client.get(INDEX, {"q": "filtree delta"})) == []
    assert titles(client.get(INDEX, {"q": "xaviere quenneville"})) == ["Filter Gamma"]


def test_the_author_filter_takes_a_name_or_a_profile(client, sample):
    author = sample["author"]
    # From a profile's "filter them" link: the profile's papers, its name in the field.
    by_profile = client.get(INDEX, {"author": author.slug_en}).content.decode()
    assert titles_of(by_profile) == ["Filter Gamma", "Filter Beta", "Filter Alpha"]
    assert 'name="author" id="id_author" value="Zoé Filtrée"' in by_profile
    # Typed: any author whose printed name has every word, accents and case aside.
    assert titles(client.get(INDEX, {"author": "zoe filtree"})) == [
        "Filter Gamma",
        "Filter Beta",
        "Filter Alpha",
    ]
    assert titles(client.get(INDEX, {"author": "Quenneville"})) == ["Filter Gamma"]
    assert titles(client.get(INDEX, {"author": "Nobody Here"})) == []


def test_the_filter_form_does_not_grow_with_the_directory(client, sample):
    def form_of(response):
        content = response.content.decode()
        return content[content.index('<form class="filters"') : content.index("</form>")]

    before = form_of(client.get(INDEX))
    for number in range(12):
        person = make_person(given_name="Many", family_name=f"Authors{number}")
        make_publication(title=f"Crowded {number}", authors=[person])
    after = form_of(client.get(INDEX))
    assert "Authors3" not in after
    assert len(after) == len(before)


def test_a_search_matching_very_many_papers_says_more_than_and_stops_counting(
    client, sample, monkeypatch
):
    monkeypatch.setattr("publications.listing.SEARCH_COUNT_CAP", 2)
    content = client.get(INDEX, {"q": "filter"}).content.decode()
    assert "More than 2 publications" in content
    assert "Download these publications as BibTeX" in content
    assert len(titles(client.get(INDEX, {"q": "filter"}))) == 2
    french = client.get("/fr/recherche/publications/", {"q": "filter"}).content.decode()
    assert "Plus de 2 publications" in french
    # Under the cap, and without a search, the count is exact.
    assert "1 publication" in client.get(INDEX, {"q": "filtree", "year": 2012}).content.decode()
    assert "More than" not in client.get(INDEX).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"page": "9999"},
        {"page": "-1"},
        {"topic": "nope", "author": "nobody", "venue_type": "spaceship"},
        {"q": "x" * 5000},
        {"q": "%_\\'\"<script>"},
        # Full-text query syntax is read as words, never as syntax.
        {"q": "a & b | !c <-> d:* 'x' (y"},
    ],
)
def test_bad_parameters_are_ignored_not_errors(client, params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    assert client.get(INDEX + "bibtex/", params).status_code == 200


def test_invalid_filter_does_not_discard_the_valid_ones(client, sample):
    shown = titles(client.get(INDEX, {"year": "abc", "author": sample["author"].slug_en}))
    assert shown == ["Filter Gamma", "Filter Beta", "Filter Alpha"]


def test_bibtex_export_of_a_filtered_list_parses_back_to_the_same_titles(client, sample):
    params = {"year": 2011, "topic": sample["topic"].slug}
    listed = {unescape(title) for title in titles(client.get(INDEX, params))}
    response = client.get(INDEX + "bibtex/", params)
    assert response["Content-Type"].startswith("application/x-bibtex")
    text = b"".join(response.streaming_content).decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    parsed = library.entries
    assert len(parsed) == 3
    # Our importer reads its own export back exactly, escapes included.
    imported = {record.title for batch in read_bibtex(text) for _entry, record in batch}
    assert imported == listed
    # Plain bibtexparser sees the same titles, with LaTeX escapes where BibTeX needs them.
    assert {entry["title"] for entry in parsed} == {
        "Filter Alpha",
        "Filter Beta",
        r"Filter Delta \& Friends: 50\% \{Better\}",
    }


def test_index_offers_bibtex_for_the_current_filter(client, sample):
    content = client.get(
        INDEX, {"year": 2011, "topic": sample["topic"].slug, "page": 1}
    ).content.decode()
    link = f'href="/en/research/publications/bibtex/?year=2011&amp;topic={sample["topic"].slug}"'
    assert link in content
    assert "Download these 3 publications as BibTeX" in content


def test_publication_page_shows_citation_authors_and_links(client, full_paper):
    page, person = full_paper
    content = client.get(page.url).content.decode()
    assert f'<a href="{person.url}">Ada Lovelace-Test</a>' in content
    assert (
        '<p class="citation__text" id="citation-text">Ada Lovelace-Test &amp; Jonas K. Ødegaard (2024). Calibrated Widgets for Robust Agents. Proceedings of the 41st International Conference on Machine Learning, 235, 1234–1250. PMLR. https://doi.org/10.5555/widgets.2024.1234</p>'
        in content
    )
    # The copy button needs JavaScript, so it starts hidden; the citation itself is always there.
    assert 'hidden data-copy-target="citation-text"' in content
    assert f'href="{page.url}bibtex/"' in content and f'href="{page.url}ris/"' in content
    assert '<a href="https://github.com/example/widgets" rel="noopener">Code</a>' in content
    assert "It works &lt;really&gt; well &amp; fast." in content


def test_google_scholar_meta_tags(client, full_paper):
    page, _person = full_paper
    content = client.get(page.url).content.decode()
    expected = [
        '<meta name="citation_title" content="Calibrated Widgets for Robust Agents">',
        '<meta name="citation_author" content="Ada Lovelace-Test">',
        '<meta name="citation_author" content="Jonas K. Ødegaard">',
        '<meta name="citation_publication_date" content="2024/07/21">',
        '<meta name="citation_conference_title" content="Proceedings of the 41st International Conference on Machine Learning">',
        '<meta name="citation_volume" content="235">',
        '<meta name="citation_firstpage" content="1234">',
        '<meta name="citation_lastpage" content="1250">',
        '<meta name="citation_pdf_url" content="https://example.org/widgets.pdf">',
        '<meta name="citation_doi" content="10.5555/widgets.2024.1234">',
        '<meta name="citation_arxiv_id" content="2407.99999">',
    ]
    for tag in expected:
        assert tag in content, tag
    authors = re.findall(r'<meta name="citation_author" content="([^"]+)">', content)
    assert authors == ["Ada Lovelace-Test", "Jonas K. Ødegaard"]


def test_journal_papers_use_the_journal_title_tag(client):
    page = PublicationPage.objects.get(bibtex_key="lapointe2021winterbus")
    content = client.get(page.url).content.decode()
    assert '<meta name="citation_journal_title" content="Transportation Science">' in content
    assert '<meta name="citation_publication_date" content="2021/11">' in content
    assert "citation_conference_title" not in content


def test_json_ld_scholarly_article(client, full_paper):
    page, person = full_paper
    content = client.get(page.url).content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = next(item for item in map(json.loads, scripts) if item.get("@type"))
    assert data["@type"] == "ScholarlyArticle"
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Calibrated Widgets for Robust Agents"
    assert data["datePublished"] == "2024-07-21"
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace-Test", "url": person.full_url},
        {"@type": "Person", "name": "Jonas K. Ødegaard"},
    ]
    assert data["isPartOf"]["name"].startswith("Proceedings of the 41st")
    assert {
        "@type": "PropertyValue",
        "propertyID": "DOI",
        "value": "10.5555/widgets.2024.1234",
    } in data["identifier"]
    assert "https://arxiv.org/abs/2407.99999" in data["sameAs"]
    # `<` in the abstract cannot close the script element.
    assert not any("<really>" in script for script in scripts)


def test_french_page_keeps_the_original_title_and_translates_the_chrome(client, full_paper):
    page, _person = full_paper
    response = client.get(f"/fr/recherche/publications/{page.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        '<h1 id="publication-title" lang="en">Calibrated Widgets for Robust Agents</h1>' in content
    )
    assert "Citer cette publication" in content
    assert (
        f'href="http://testserver/en/research/publications/{page.slug}/" hreflang="en"' in content
    )


def test_bibtex_and_ris_downloads(client, full_paper):
    page, _person = full_paper
    bibtex = client.get(page.url + "bibtex/")
    assert bibtex["Content-Disposition"].startswith(
        'attachment; filename="lovelacetest2024calibrated'
    )
    library = bibtexparser.parse_string(
        bibtex.content.decode(), append_middleware=[MonthIntMiddleware()]
    )
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.entry_type == "inproceedings"
    assert entry["month"] == 7
    assert entry["pages"] == "1234--1250"
    ris = client.get(page.url + "ris/").content.decode()
    assert ris.startswith(
        "TY  - CPAPER\r\nAU  - Lovelace-Test, Ada\r\nAU  - Ødegaard, Jonas K.\r\n"
    )
    assert "DA  - 2024/07/21/" in ris and "SP  - 1234\r\nEP  - 1250" in ris
    assert ris.rstrip().endswith("ER  -")


def test_unknown_publication_is_404(client):
    assert client.get(INDEX + "no-such-paper/").status_code == 404
    assert client.get(INDEX + "no-such-paper/bibtex/").status_code == 404


def test_latest_publications_tag_is_a_self_contained_section(rf=None):
    request = RequestFactory().get("/en/")
    html = Template("{% load publication_tags %}{% latest_publications 3 %}").render(
        Context({"request": request})
    )
    assert html.count('<li><article class="publication-summary">') == 3
    assert '<h2 id="latest-publications-heading">Latest publications</h2>' in html
    assert 'href="/en/research/publications/"' in html
    assert html.strip().startswith("<section") and html.strip().endswith("</section>")


def test_home_page_shows_the_latest_publications(client):
    content = client.get("/en/").content.decode()
    assert "Latest publications" in content
    assert "Neural Surrogates for Low-Carbon Freight Network Design" in content


@pytest.mark.parametrize("common", [False, True], ids=["rare word", "common word"])
def test_a_word_of_an_abstract_finds_the_paper_by_its_beginning(client, monkeypatch, common):
    """On PostgreSQL a rare word goes through the search index, a common one (in COMMON index
    entries or more) is read as text paper by paper; both find the same papers."""
    if common:
        monkeypatch.setattr("publications.search_index.COMMON", 1)
    make_publication(
        title="A Study of Quokkas",
        abstract="We fold marsupial proteins with transformers and measure the folding energy.",
    )
    make_publication(title="A Study of Wombats", abstract="Marsupial burrows, measured at night.")
    assert titles(client.get(INDEX, {"q": "transformer"})) == ["A Study of Quokkas"]
    assert titles(client.get(INDEX, {"q": "fold energy"})) == ["A Study of Quokkas"]
    assert titles(client.get(INDEX, {"q": "burrows quokkas"})) == []
    assert set(titles(client.get(INDEX, {"q": "marsupial"}))) == {
        "A Study of Wombats",
        "A Study of Quokkas",
    }


def test_site_search_finds_publications_by_title_author_and_abstract(client):
    make_publication(
        title="Zyzzyvas as a Benchmark",
        authors=["Quillon Marchbanks"],
        abstract="The xylophonic phenomenon explained.",
    )
    # The site search matches papers as the publication list does: part of a name is enough.
    for query in ("zyzzyvas", "marchbanks", "marchbank", "xylophonic"):
        content = client.get("/en/search/", {"q": query}).content.decode()
        assert "Zyzzyvas as a Benchmark" in content, query


def test_editing_in_the_admin_keeps_the_title_untranslated(client, admin_user):
    page = make_publication(title="Before the Edit")
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "Title (in its original language)" in edit.content.decode()


# What the list keeps between publishes


def _list_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX, params or {})
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def _aggregates(queries):
    """The queries over every paper: the count, the years, the topics."""
    return [sql for sql in queries if "COUNT(" in sql.upper() or "DISTINCT" in sql.upper()]


def test_another_pages_publish_keeps_the_lists_counts_and_choices(client, sample):
    _list_queries(client)
    assert _aggregates(_list_queries(client)[1]) == []
    about = StandardPage.objects.live().first()
    about.title_en = f"{about.title_en} (revised)"
    about.save_revision().publish()
    assert _aggregates(_list_queries(client)[1]) == []


def test_a_draft_of_a_paper_keeps_the_lists_counts_and_choices(client, sample):
    _list_queries(client)
    paper = sample["pages"]["a"]
    paper.title = "Filter Alpha, a draft title"
    paper.save_revision()
    content, queries = _list_queries(client)
    assert _aggregates(queries) == []
    assert "a draft title" not in content


def test_a_new_paper_is_counted_and_its_year_listed_at_once(client, sample):
    content, _queries = _list_queries(client)
    count = int(re.search(r"(\d[\d,]*) publications", content).group(1).replace(",", ""))
    assert '<option value="1987"' not in content
    paper = make_publication(title="A paper from 1987", publication_date=datetime.date(1987, 5, 1))
    # What an editor does (importers send mila.signals.import_finished, which does the same).
    paper.title = "A paper from 1987, revised"
    paper.save_revision().publish()
    content, _queries = _list_queries(client)
    assert f"{count + 1} publications" in content
    assert '<option value="1987"' in content


def test_a_renamed_topic_is_listed_under_its_new_name_at_once(client, sample):
    topic = sample["topic"]
    assert "Quantum Widgets" in _list_queries(client)[0]
    topic.name_en = "Quantum Gadgets"
    topic.save()
    content = _list_queries(client)[0]
    assert "Quantum Gadgets" in content
    assert "Quantum Widgets" not in content
