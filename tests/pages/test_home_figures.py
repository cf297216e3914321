import datetime
import re

import pytest
from django.utils import translation

from pages.models import HomeFeaturedItem, HomePage, ProgramPage
from partnerships.models import PartnerProjectPage, StartupPage
from people.models import PersonPage
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def figures(response):
    """{label: (value, link)} of the home page's figures."""
    assert response.status_code == 200
    content = response.content.decode()
    start = content.index('class="figures"')
    section = content[start : content.index("</section>", start)]
    found = re.findall(
        r'<a class="figure__link" href="([^"]+)"><span class="figure__value">([^<]+)</span> '
        r'<span class="figure__label">([^<]+)</span></a>',
        section,
    )
    return {
        label: (int(value.replace(",", "").replace("\u202f", "")), url)
        for url, value, label in found
    }


def live_people(**filters):
    return PersonPage.objects.live().public().filter(**filters).count()


def test_figures_match_the_database_and_link_to_the_listings(client):
    shown = figures(client.get("/en/"))
    faculty = live_people(membership_type__in=["core", "associate"])
    assert shown["faculty members"] == (faculty, "/en/directory/?membership=academic")
    assert shown["Canada CIFAR AI Chairs"] == (
        live_people(cifar_chair=True),
        "/en/directory/?chair=on",
    )
    assert shown["partner projects"] == (
        PartnerProjectPage.objects.live().count(),
        "/en/industry-and-partnerships/projects/",
    )
    assert shown["startups"] == (
        StartupPage.objects.live().count(),
        "/en/industry-and-partnerships/startups/",
    )
    content = client.get("/en/").content.decode()
    core = live_people(membership_type="core")
    associate = live_people(membership_type="associate")
    assert f'<a href="/en/directory/?membership=core">{core} core members</a>' in content
    assert f'<a href="/en/directory/?membership=associate">{associate} associate members</a>' in (
        content
    )


def test_each_figure_link_leads_to_a_listing_with_that_many_items(client):
    shown = figures(client.get("/en/"))
    chairs, url = shown["Canada CIFAR AI Chairs"]
    assert f"{chairs} people" in client.get(url).content.decode()
    projects, url = shown["partner projects"]
    assert f"{projects} projects" in client.get(url).content.decode()
    startups, url = shown["startups"]
    assert f"{startups} startups" in client.get(url).content.decode()


def test_figures_follow_adding_and_unpublishing_a_profile(client):
    before = figures(client.get("/en/"))
    person = make_person(membership_type="core", cifar_chair=True)
    make_person(membership_type="staff")  # staff are not faculty
    after = figures(client.get("/en/"))
    assert after["faculty members"][0] == before["faculty members"][0] + 1
    assert after["Canada CIFAR AI Chairs"][0] == before["Canada CIFAR AI Chairs"][0] + 1
    person.unpublish()
    assert figures(client.get("/en/")) == before


def test_figures_count_only_published_projects_and_startups(client):
    before = figures(client.get("/en/"))
    PartnerProjectPage.objects.get(slug_en="telemedicine-chatbot").unpublish()
    StartupPage.objects.get(slug_en="imagia").unpublish()
    after = figures(client.get("/en/"))
    assert after["partner projects"][0] == before["partner projects"][0] - 1
    assert after["startups"][0] == before["startups"][0] - 1


def test_publication_figures_this_year_and_last_year(client, monkeypatch):
    from publications.models import PublicationIndexPage, PublicationPage

    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 6, 1)
    )
    index = PublicationIndexPage.objects.live().first()
    if index is None:
        index = PublicationIndexPage(title_en="Publications", slug_en="publications")
        HomePage.objects.get().add_child(instance=index)
    base = {
        year: PublicationPage.objects.live().filter(publication_date__year=year).count()
        for year in (2025, 2026)
    }
    for title, day in (("A", (2026, 3, 1)), ("B", (2026, 1, 9)), ("C", (2025, 7, 4))):
        index.add_child(
            instance=PublicationPage(
                title_en=f"Paper {title} on home figures", publication_date=datetime.date(*day)
            )
        )
    draft = PublicationPage(
        title_en="Paper D, a draft", publication_date=datetime.date(2026, 2, 2), live=False
    )
    index.add_child(instance=draft)
    shown = figures(client.get("/en/"))
    this_year, this_url = shown["publications in 2026"]
    last_year_label = "publications in 2025" if base[2025] + 1 != 1 else "publication in 2025"
    last_year, last_url = shown[last_year_label]
    assert this_year == base[2026] + 2
    assert last_year == base[2025] + 1
    assert this_url == f"{index.url}?year=2026"
    assert last_url == f"{index.url}?year=2025"
    # The count is kept until the papers change: an editor publishing the draft shows at once.
    draft.save_revision().publish()
    assert figures(client.get("/en/"))["publications in 2026"][0] == base[2026] + 3


def test_figures_are_translated(client):
    content = client.get("/fr/").content.decode()
    assert '<h2 id="figures-heading">Mila en chiffres</h2>' in content
    assert '<span class="figure__label">membres du corps professoral</span>' in content
    assert '<a class="figure__link" href="/fr/repertoire/?chair=on">' in content
    assert '<span class="figure__label">jeunes pousses</span>' in content


def test_featured_items_chosen_by_editors_skip_unpublished_pages(client):
    content = client.get("/en/").content.decode()
    assert '<h2 id="featured-heading">Featured</h2>' in content
    assert '<p class="eyebrow">Partner project</p>' in content
    assert (
        '<a href="/en/industry-and-partnerships/projects/concrete-curing-and-mix-optimisation/">'
        "Smarter concrete: curing time and greener recipes</a>"
    ) in content
    assert "An AI tutor that personalises learning" in content
    french = client.get("/fr/").content.decode()
    assert "Un tuteur intelligent qui personnalise l’apprentissage" in french
    assert '<p class="eyebrow">Programme</p>' in french
    ProgramPage.objects.get(slug_en="phd").unpublish()
    assert "/en/programs/phd/" not in client.get("/en/").content.decode()


def test_featured_item_without_text_uses_the_search_description(client):
    home = HomePage.objects.get()
    about = home.get_children().get(slug_en="about")
    HomeFeaturedItem.objects.create(home=home, page=about, sort_order=10)
    content = client.get("/en/").content.decode()
    assert "<p>Who we are: the history, mission and model of the institute.</p>" in content


def test_calls_to_action_lead_to_the_partner_form_and_the_programs(client):
    content = client.get("/en/").content.decode()
    assert '<a class="button" href="/en/become-a-partner/">Contact the partnerships team</a>' in (
        content
    )
    assert '<a class="button" href="/en/programs/">Explore the programs</a>' in content
    french = client.get("/fr/").content.decode()
    assert '<a class="button" href="/fr/devenir-partenaire/">' in french


def test_latest_publications_section_is_on_the_home_page(client):
    content = client.get("/en/").content.decode()
    assert '<h2 id="latest-publications-heading">Latest publications</h2>' in content


def test_home_page_queries_are_bounded(client, django_assert_max_num_queries):
    client.get("/en/")
    with django_assert_max_num_queries(40):
        response = client.get("/en/")
    assert response.status_code == 200
