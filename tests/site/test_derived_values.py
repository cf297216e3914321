"""What makes pages cheap must never show a visitor something stale or private.

View restrictions are read once per request (mila/restrictions.py); the navigation, filter
choices and home figures are remembered until content changes (mila.cache.remembered).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from mila.models import NavigationSettings
from pages.models import StandardPage
from tests.factories import ResearchTopicFactory, directory, make_person

pytestmark = pytest.mark.django_db


def _home():
    return Page.objects.get(depth=2)


def test_a_members_only_profile_is_hidden_from_the_directory_and_asks_for_a_login(client):
    person = make_person(given_name="Privée", family_name="Zeta")
    assert "Zeta" in client.get("/en/directory/?q=zeta").content.decode()
    PageViewRestriction.objects.create(page=person, restriction_type=PageViewRestriction.LOGIN)

    assert "Zeta" not in client.get("/en/directory/?q=zeta").content.decode()
    response = client.get(f"/en/directory/{person.slug_en}/")
    assert response.status_code == 302
    assert "login/?next=" in response["Location"]


def test_an_alias_of_a_members_only_page_asks_for_a_login_too(client):
    members = StandardPage(title_en="Members corner", slug_en="members-corner")
    _home().add_child(instance=members)
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    members.create_alias(parent=_home(), update_slug="members-copy")

    assert client.get("/en/members-copy/").status_code == 302
    assert client.get("/en/members-corner/").status_code == 302
    assert client.get("/en/about/").status_code == 200


def test_restricted_sections_elsewhere_cost_no_extra_query(client):
    client.get("/en/directory/")
    with CaptureQueriesContext(connection) as without:
        client.get("/en/directory/")
    for number in range(3):
        page = StandardPage(title_en=f"Private {number}", slug_en=f"private-{number}")
        _home().add_child(instance=page)
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.get("/en/directory/")
    with CaptureQueriesContext(connection) as with_three:
        client.get("/en/directory/")
    assert len(with_three) == len(without)


def test_a_renamed_menu_entry_shows_on_the_next_view(client):
    link = NavigationSettings.objects.get().main_links.get(page__slug_en="about")
    assert f'<a href="/en/about/">{link.text}</a>' in client.get("/en/").content.decode()
    link.label_en = "Who we are"
    link.save()

    content = client.get("/en/directory/").content.decode()
    assert '<a href="/en/about/">Who we are</a>' in content


def test_directory_topic_counts_follow_a_newly_published_profile(client):
    topic = ResearchTopicFactory(name_en="Quantum fungi")
    url = f"/en/directory/?topic={topic.slug}"
    assert "No one matches these filters." in client.get(url).content.decode()
    assert "Quantum fungi (0)" in client.get("/en/directory/").content.decode()

    person = make_person(parent=directory(), topics=[topic], family_name="Mycelia")
    person.save_revision().publish()

    assert "Mycelia" in client.get(url).content.decode()
    assert "Quantum fungi (1)" in client.get("/en/directory/").content.decode()


def test_a_page_view_reads_the_generation_once_and_the_next_one_sees_a_publish(client, monkeypatch):
    """The home page remembers several values; one cache read of the generation serves them all,
    and a publish between two views still reaches the second one."""
    from mila.cache import scope

    reads = []
    read = scope._read_generation
    monkeypatch.setattr(scope, "_read_generation", lambda: reads.append(1) or read())
    client.get("/en/")
    assert len(reads) == 1

    about = StandardPage.objects.live().get(slug_en="about")
    about.title_en = "About the institute, renamed"
    about.save_revision().publish()
    reads.clear()
    assert "About the institute, renamed" in client.get("/en/").content.decode()
    assert len(reads) == 1


def test_cards_rendered_for_one_listing_serve_the_next_until_a_publish(client, monkeypatch):
    """Person cards and paper summaries are remembered (mila/cards.py): another URL showing the
    same cards renders none of them again, and a published edit shows at once in both languages."""
    from mila import cards

    person = make_person(given_name="Carte", family_name="Zzyzx", position_title_en="Lecturer")
    rendered = []
    render = cards._render
    monkeypatch.setattr(cards, "_render", lambda *args: rendered.append(1) or render(*args))

    assert "Lecturer" in client.get("/en/directory/?q=zzyzx").content.decode()
    client.get("/en/research/publications/")
    assert len(rendered) > 1
    rendered.clear()
    assert "Lecturer" in client.get("/en/directory/?q=zzyzx&page=1").content.decode()
    client.get("/en/research/publications/?page=1")
    assert rendered == []

    person.position_title_en = "Associate Professor"
    person.position_title_fr = "Professeure agrégée"
    person.save_revision().publish()
    assert "Associate Professor" in client.get("/en/directory/?q=zzyzx").content.decode()
    assert "Professeure agrégée" in client.get("/fr/repertoire/?q=zzyzx").content.decode()


def test_a_remembered_paper_summary_follows_a_published_edit(client):
    from tests.factories import make_publication

    # Dated today: the newest paper, so the home page's latest papers show it too.
    paper = make_publication(title="Remembered Zqx Summary", publication_date=datetime.date.today())
    listing = "/en/research/publications/?q=zqx"
    assert "Remembered Zqx Summary" in client.get(listing).content.decode()
    assert "Remembered Zqx Summary" in client.get("/en/").content.decode()

    paper.title = "Edited Zqx Summary"
    paper.save_revision().publish()
    assert "Edited Zqx Summary" in client.get(listing).content.decode()
    assert "Edited Zqx Summary" in client.get("/en/").content.decode()


def test_a_page_is_found_in_one_query_and_follows_a_new_slug_in_both_languages(client):
    """The site and the id and type of the page a URL names are remembered as plain data
    (mila/routing.py): a second view reads the home page and the page, one query each (and the
    breadcrumbs' ancestors), and a published slug change moves the page at once in both
    languages."""
    page = StandardPage(title_en="Route Alpha", title_fr="Route Alpha FR", slug_en="route-alpha")
    page.slug_fr = "route-alpha-fr"
    _home().add_child(instance=page)
    assert "Route Alpha" in client.get("/en/route-alpha/").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Route Alpha" in client.get("/en/route-alpha/").content.decode()
    assert len(again) == 3, [query["sql"][:200] for query in again]

    page.slug_en, page.slug_fr = "route-beta", "route-beta-fr"
    page.save_revision().publish()
    assert client.get("/en/route-alpha/").status_code == 404
    assert client.get("/fr/route-alpha-fr/").status_code == 404
    assert "Route Alpha" in client.get("/en/route-beta/").content.decode()
    assert "Route Alpha FR" in client.get("/fr/route-beta-fr/").content.decode()


def test_urls_that_lead_nowhere_are_not_remembered(client):
    """Any visitor can ask for any number of URLs: a missing page stores nothing in the cache."""
    from django.core.cache import cache

    for number in range(3):
        client.get(f"/en/no-such-page-{number}/")
    stored = len(cache._cache)
    for number in range(3, 23):
        assert client.get(f"/en/no-such-page-{number}/").status_code == 404
    assert len(cache._cache) == stored
