import re

import pytest
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from mila.models import ResearchTopic
from pages.models import StandardPage
from partnerships.models import (
    PartnerProjectIndexPage,
    PartnerProjectPage,
    StartupIndexPage,
    StartupPage,
)
from people.models import PersonPage
from tests.factories import (
    ResearchTopicFactory,
    SectorFactory,
    make_person,
    make_project,
    make_startup,
)

pytestmark = pytest.mark.django_db

PROJECT_EN = "/en/industry-and-partnerships/projects/concrete-curing-and-mix-optimisation/"
PROJECT_FR = "/fr/industrie-et-partenariats/projets/cure-et-formulation-du-beton/"


@pytest.fixture(autouse=True)
def _english():
    # Pages built in a test get their English URLs, whatever language a request left active.
    with translation.override("en"):
        yield


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def card_titles(response):
    return re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', text(response))


def test_partner_project_page_in_english(client):
    content = text(client.get(PROJECT_EN))
    assert "<h1>Smarter concrete: curing time and greener recipes</h1>" in content
    assert (
        'href="https://www.giatecscientific.com/" rel="noopener">Giatec Scientific</a>' in content
    )
    assert "<dd>Construction</dd>" in content and "<dd>Completed</dd>" in content
    assert "<dd>2019</dd>" in content
    assert '<h2 id="challenge-heading">The challenge</h2>' in content
    assert "Giatec deployed a product" in content
    assert (
        '<a href="/en/directory/gauthier-emile/">Émile Gauthier</a>, <span>Scientific lead'
        in content
    )
    assert "Optimization" in content


def test_partner_project_page_in_french(client):
    content = text(client.get(PROJECT_FR))
    assert "<h1>Un béton plus intelligent : temps de cure et recettes plus vertes</h1>" in content
    assert '<h2 id="challenge-heading">Le défi</h2>' in content
    assert "<dd>Terminé</dd>" in content
    assert "Giatec a déployé un produit" in content
    assert (
        '<a href="/fr/repertoire/gauthier-emile/">Émile Gauthier</a>, <span>Responsable' in content
    )
    assert "Optimisation" in content
    assert 'hreflang="en" href="http://testserver' + PROJECT_EN + '"' in content


def test_project_hides_people_whose_profile_is_unpublished(client):
    person = PersonPage.objects.get(slug_en="gauthier-emile")
    person.unpublish()
    content = text(client.get(PROJECT_EN))
    assert "Émile Gauthier" not in content
    assert "Geneviève Lapointe" in content


def test_empty_project_sections_are_left_out(client):
    content = text(client.get("/en/industry-and-partnerships/projects/telemedicine-chatbot/"))
    assert "Our approach" in content
    assert "outcome-heading" not in content


def test_startup_page_in_both_languages_with_linked_and_plain_founders(client):
    english = text(client.get("/en/industry-and-partnerships/startups/element-ai/"))
    assert "<h1>Element AI</h1>" in english
    assert "AI software and services for large organisations." in english
    assert '<a href="/en/directory/bengio-yoshua/">Yoshua Bengio</a>' in english
    assert "<li>Jean-François Gagné</li>" in english
    assert "<dt>Founders</dt>" in english
    assert "<dd>2016</dd>" in english and "<dd>Acquired</dd>" in english
    assert "<dd>Spin-off</dd>" in english and "<dd>Enterprise software</dd>" in english
    french = text(client.get("/fr/industrie-et-partenariats/jeunes-pousses/element-ai/"))
    assert "Logiciels et services d’IA pour les grandes organisations." in french
    assert "<dt>Fondateurs</dt>" in french
    assert "<dd>Acquise</dd>" in french and "<dd>Essaimage</dd>" in french
    assert '<a href="/fr/repertoire/bengio-yoshua/">Yoshua Bengio</a>' in french


def test_startup_french_description_falls_back_to_english_marked_as_english(client):
    content = text(client.get("/fr/industrie-et-partenariats/jeunes-pousses/korbit/"))
    assert '<div class="rich-text" lang="en"><p>Korbit’s AI tutor' in content
    assert "<dt>Fondateur</dt>" in content


def test_founder_keeps_their_name_when_the_profile_is_deleted(client):
    index = StartupIndexPage.objects.get()
    person = make_person(given_name="Doina", family_name="Founder")
    startup = make_startup(index, founders=[person])
    founder = startup.founders.get()
    assert founder.name == "Doina Founder"
    person.delete()
    content = text(client.get(startup.url))
    assert "<li>Doina Founder</li>" in content


def test_industry_section_shows_programs_team_and_subsections(client):
    content = text(client.get("/en/industry-and-partnerships/"))
    assert "Partnership opportunities" in content and "Tea Talks" in content
    assert '<a class="button" href="/en/become-a-partner/">Contact the partnerships team</a>' in (
        content
    )
    assert "<h2>The partnerships team</h2>" in content
    assert '<a class="person-tile__name" href="/en/directory/cote-isabelle/">Isabelle Côté</a>' in (
        content
    )
    assert '<a href="/en/industry-and-partnerships/projects/">Partner projects</a>' in content
    french = text(client.get("/fr/industrie-et-partenariats/"))
    assert "<h2>L’équipe des partenariats</h2>" in french
    assert "groupes de lecture" in french


@pytest.fixture
def project_index():
    """A project listing of its own, so counts do not depend on the demo projects."""
    section = StandardPage.objects.get(slug_en="industry-and-partnerships")
    index = PartnerProjectIndexPage(
        title_en="Lab projects", title_fr="Projets du labo", slug_en="lab-projects"
    )
    section.add_child(instance=index)
    energy = SectorFactory(slug="t-energy", name_en="Power", name_fr="Énergie électrique")
    health = SectorFactory(slug="t-health", name_en="Care", name_fr="Soins")
    vision = ResearchTopicFactory(slug="t-vision", name_en="Sight")
    language = ResearchTopicFactory(slug="t-language", name_en="Words")
    make_project(index, [vision], title_en="Grid", sector=energy, start_year=2020)
    make_project(index, [vision, language], title_en="Clinic", sector=health, status="completed")
    make_project(index, [language], title_en="Triage", sector=health, start_year=2024)
    return index


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Triage", "Grid", "Clinic"]),
        ({"sector": "t-health"}, ["Triage", "Clinic"]),
        ({"topic": "t-vision"}, ["Grid", "Clinic"]),
        ({"status": "completed"}, ["Clinic"]),
        ({"sector": "t-health", "topic": "t-language", "status": "ongoing"}, ["Triage"]),
        ({"sector": "t-energy", "status": "completed"}, []),
        # Unknown values are ignored one by one, never a server error.
        ({"sector": "nope", "topic": "t-vision", "status": "x", "page": "abc"}, ["Grid", "Clinic"]),
    ],
)
def test_project_filters_narrow_the_listing(client, project_index, params, expected):
    response = client.get(project_index.url, params)
    assert card_titles(response) == expected
    count = len(expected)
    assert f"{count} project" in text(response)


def test_project_filters_show_counts_with_the_other_filters_applied(client, project_index):
    content = text(client.get(project_index.url, {"sector": "t-health"}))
    assert '<option value="t-health" selected>Care (2)</option>' in content
    assert '<option value="t-energy">Power (1)</option>' in content
    assert '<option value="t-vision">Sight (1)</option>' in content
    assert '<option value="completed">Completed (1)</option>' in content
    assert "Clear filters" in content


def test_project_listing_in_french_with_an_empty_result(client, project_index):
    url = "/fr/industrie-et-partenariats/lab-projects/"
    content = text(client.get(url, {"sector": "t-energy", "status": "completed"}))
    assert "0 projet" in content
    assert "Aucun projet ne correspond à ces filtres." in content
    assert '<option value="t-energy" selected>Énergie électrique (0)</option>' in content


@pytest.fixture
def startup_index():
    section = StandardPage.objects.get(slug_en="industry-and-partnerships")
    index = StartupIndexPage(title_en="Lab startups", title_fr="Jeunes pousses du labo")
    index.slug_en = "lab-startups"
    section.add_child(instance=index)
    health = SectorFactory(slug="t-health", name_en="Care", name_fr="Soins")
    education = SectorFactory(slug="t-education", name_en="Learning", name_fr="Éducation")
    make_startup(index, title_en="Alpha", sector=health)
    make_startup(index, title_en="Beta", sector=health, status="acquired")
    make_startup(index, title_en="Gamma", sector=education, status="closed", founded_year=2019)
    return index


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Alpha", "Beta", "Gamma"]),
        ({"sector": "t-health"}, ["Alpha", "Beta"]),
        ({"status": "closed"}, ["Gamma"]),
        ({"sector": "t-health", "status": "acquired"}, ["Beta"]),
        ({"sector": "t-education", "status": "active"}, []),
        ({"sector": "t-education", "status": "bogus"}, ["Gamma"]),
    ],
)
def test_startup_filters_narrow_the_grid(client, startup_index, params, expected):
    assert card_titles(client.get(startup_index.url, params)) == expected


def test_startup_card_shows_sector_year_relationship_and_status_in_french(client, startup_index):
    content = text(client.get("/fr/industrie-et-partenariats/lab-startups/"))
    assert "Éducation · Fondée en 2019" in content
    assert '<span class="badge">Fermée</span>' in content
    assert "3 jeunes pousses" in content


def test_demo_listings_hold_the_seed_content(client):
    projects = card_titles(client.get("/en/industry-and-partnerships/projects/"))
    assert len(projects) == 4
    assert "Forecasting solar irradiance for the power grid" in projects
    startups = card_titles(client.get("/fr/industrie-et-partenariats/jeunes-pousses/"))
    assert startups == [
        "Bonjour-santé",
        "Chester",
        "Element AI",
        "Imagia",
        "InVivo AI",
        "Korbit AI",
    ]


def test_unpublished_pages_leave_the_listings(client):
    PartnerProjectPage.objects.get(slug_en="telemedicine-chatbot").unpublish()
    StartupPage.objects.get(slug_en="chester").unpublish()
    assert "A telemedicine chatbot that asks the right questions" not in card_titles(
        client.get("/en/industry-and-partnerships/projects/")
    )
    assert "Chester" not in card_titles(client.get("/en/industry-and-partnerships/startups/"))


def test_project_years_must_be_in_order():
    from django.core.exceptions import ValidationError

    project = make_project(PartnerProjectIndexPage.objects.get())
    project.start_year, project.end_year = 2022, 2020
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "end_year" in error.value.message_dict


def test_listing_queries_do_not_grow_with_200_items(client, django_assert_max_num_queries):
    section = StandardPage.objects.get(slug_en="industry-and-partnerships")
    projects = PartnerProjectIndexPage(title_en="Many projects", slug_en="many-projects")
    startups = StartupIndexPage(title_en="Many startups", slug_en="many-startups")
    section.add_child(instance=projects)
    section.add_child(instance=startups)
    logos = [
        get_image_model().objects.create(title=f"Logo {n}", file=get_test_image_file())
        for n in range(3)
    ]
    sectors = [SectorFactory() for _n in range(4)]
    topics = list(ResearchTopic.objects.all()[:5])
    people = list(PersonPage.objects.all()[:3])
    for n in range(200):
        make_project(
            projects,
            topics[n % 4 : n % 4 + 2],
            members=people[: n % 3],
            sector=sectors[n % 4],
            partner_logo=logos[n % 3],
            start_year=2000 + n % 20,
            status="completed" if n % 5 == 0 else "ongoing",
        )
        make_startup(
            startups,
            founders=["A Founder"],
            sector=sectors[n % 4],
            logo=logos[n % 3],
            status="acquired" if n % 7 == 0 else "active",
        )
    client.get(projects.url)  # renditions are created on first view
    client.get(startups.url)
    for url, params, per_page in (
        (projects.url, {"page": 2}, 12),
        (projects.url, {"sector": sectors[1].slug, "topic": topics[1].slug, "page": 2}, 12),
        (startups.url, {"page": 3}, 24),
        (startups.url, {"sector": sectors[2].slug, "status": "active"}, 24),
    ):
        with django_assert_max_num_queries(26):
            response = client.get(url, params)
        assert len(card_titles(response)) == per_page


@pytest.mark.parametrize(
    ("model", "parent_slug"),
    [
        ("partnerprojectpage", "projects"),
        ("startuppage", "startups"),
        ("partnerprojectindexpage", "industry-and-partnerships"),
        ("startupindexpage", "industry-and-partnerships"),
    ],
)
def test_editors_can_open_the_add_form_of_each_page_type(client, admin_user, model, parent_slug):
    from wagtail.models import Page

    parent = Page.objects.get(slug_en=parent_slug)
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/add/partnerships/{model}/{parent.pk}/")
    assert response.status_code == 200


def test_editors_can_open_existing_pages_and_sectors(client, admin_user):
    client.force_login(admin_user)
    sector = SectorFactory(name_en="Forestry and mines")
    for page in (
        make_project(PartnerProjectIndexPage.objects.get(), sector=sector),
        make_startup(StartupIndexPage.objects.get(), sector=sector),
    ):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    content = client.get("/admin/snippets/partnerships/sector/").content.decode()
    assert "Forestry and mines" in content


def test_site_search_finds_partner_projects(client):
    content = text(client.get("/en/search/", {"q": "irradiance"}))
    assert "Forecasting solar irradiance for the power grid" in content


def test_filter_options_are_sorted_in_the_visitors_language(client):
    content = text(client.get("/fr/industrie-et-partenariats/jeunes-pousses/"))
    labels = re.findall(r'<option value="[a-z-]+">([^<(]+) \(', content)
    sectors = [label for label in labels if label not in ("Active", "Acquise", "Fermée")]
    assert sectors[:3] == ["Construction", "Éducation", "Énergie"]
    assert sectors == sorted(sectors, key=lambda label: label.replace("É", "E"))
