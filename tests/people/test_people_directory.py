import re

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from mila.models import Institution, ResearchTopic
from tests.factories import InstitutionFactory, ResearchTopicFactory, directory, make_person

pytestmark = pytest.mark.django_db

URL = "/en/directory/"


@pytest.fixture
def small_directory():
    """A directory of its own, so counts do not depend on the demo profiles."""
    from people.models import PeopleIndexPage

    home = directory().get_parent()
    people_index = PeopleIndexPage(title_en="Lab", title_fr="Labo", slug_en="lab", slug_fr="labo")
    home.add_child(instance=people_index)
    vision = ResearchTopicFactory(name_en="Vision", name_fr="Vision artificielle", slug="vision")
    language = ResearchTopicFactory(name_en="Language", name_fr="Langage", slug="language")
    mcgill = InstitutionFactory(name_en="McGill U", short_name="MG")
    udem = InstitutionFactory(name_en="UdeM U", short_name="UM")
    people = {
        "ana": make_person(
            people_index,
            [vision],
            given_name="Ana",
            family_name="Alvarez",
            institution=mcgill,
            cifar_chair=True,
            accepting_students=True,
            accepts_phd=True,
        ),
        "emile": make_person(
            people_index,
            [vision, language],
            given_name="Émile",
            family_name="Éthier",
            institution=udem,
            membership_type="associate",
        ),
        "joelle": make_person(
            people_index,
            [language],
            given_name="Joëlle",
            family_name="Zed",
            institution=udem,
            accepting_students=True,
        ),
        "sam": make_person(
            people_index, [], given_name="Sam", family_name="Staff", membership_type="staff"
        ),
    }
    return people_index, people


def names(response):
    return re.findall(
        r'class="person-card__name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Alvarez, Ana", "Éthier, Émile", "Staff, Sam", "Zed, Joëlle"]),
        ({"topic": "vision"}, ["Alvarez, Ana", "Éthier, Émile"]),
        ({"membership": "associate"}, ["Éthier, Émile"]),
        ({"membership": "academic"}, ["Alvarez, Ana", "Éthier, Émile", "Zed, Joëlle"]),
        ({"institution": "UM"}, ["Éthier, Émile", "Zed, Joëlle"]),
        ({"chair": "on"}, ["Alvarez, Ana"]),
        ({"accepting": "on"}, ["Alvarez, Ana", "Zed, Joëlle"]),
        ({"q": "joelle"}, ["Zed, Joëlle"]),
        ({"q": "ethier emile"}, ["Éthier, Émile"]),
        ({"q": "language"}, ["Éthier, Émile", "Zed, Joëlle"]),
        ({"topic": "language", "institution": "UM", "accepting": "on"}, ["Zed, Joëlle"]),
        ({"topic": "vision", "membership": "staff"}, []),
        # Invalid values are ignored, not an error page.
        (
            {"topic": "no-such-topic", "membership": "emperor", "page": "x"},
            ["Alvarez, Ana", "Éthier, Émile", "Staff, Sam", "Zed, Joëlle"],
        ),
    ],
)
def test_filters_narrow_the_results(client, small_directory, params, expected):
    response = client.get("/en/lab/", params)
    assert response.status_code == 200
    assert names(response) == expected


def test_no_results_says_so_and_offers_a_way_back(client, small_directory):
    content = client.get("/en/lab/", {"q": "nobody-here"}).content.decode()
    assert "0 people" in content
    assert "No one matches these filters." in content
    assert '<a href="/en/lab/">Show everyone</a>' in content


def test_facet_counts_reflect_the_other_filters(client, small_directory):
    content = client.get("/en/lab/", {"institution": "UM"}).content.decode()
    assert '<option value="vision">Vision (1)</option>' in content
    assert '<option value="language">Language (2)</option>' in content
    # The institution facet itself still counts everyone, so the visitor can switch.
    assert '<option value="MG">McGill U (1)</option>' in content
    assert "Canada CIFAR AI Chairs only (0)" in content


def test_french_directory_shows_french_topic_names_and_keeps_filters_on_switch(
    client, small_directory
):
    content = client.get("/fr/labo/", {"topic": "vision"}).content.decode()
    assert '<option value="vision" selected>Vision artificielle (2)</option>' in content
    assert 'href="http://testserver/en/lab/?topic=vision" hreflang="en"' in content
    assert "2 personnes" in content


def test_a_to_z_links_point_to_the_page_where_each_letter_starts(client, small_directory):
    people_index, _people = small_directory
    people_index.specific.__class__.page_size = 2
    try:
        content = client.get("/en/lab/").content.decode()
        assert 'href="?page=1#letter-A">A</a>' in content
        assert 'href="?page=1#letter-E">E</a>' in content
        assert 'href="?page=2#letter-S">S</a>' in content
        assert '<span aria-disabled="true">B</span>' in content
        second = client.get("/en/lab/", {"page": 2})
        assert names(second) == ["Staff, Sam", "Zed, Joëlle"]
        assert 'id="letter-Z"' in second.content.decode()
    finally:
        people_index.specific.__class__.page_size = 24


def test_pagination_keeps_filters(client, small_directory):
    people_index, _people = small_directory
    people_index.specific.__class__.page_size = 1
    try:
        content = client.get("/en/lab/", {"institution": "UM"}).content.decode()
        assert 'href="?institution=UM&amp;page=2" rel="next"' in content
        assert "Page 1 of 2" in content
    finally:
        people_index.specific.__class__.page_size = 24


def test_directory_and_profile_query_counts_do_not_grow_with_people(
    client, django_assert_max_num_queries
):
    images = [
        get_image_model().objects.create(title=f"Portrait {n}", file=get_test_image_file())
        for n in range(3)
    ]
    topics = list(ResearchTopic.objects.all()[:4])
    institution = Institution.objects.first()
    for n in range(200):
        make_person(
            topics=topics[n % 4 : n % 4 + 2],
            given_name=f"Given{n}",
            family_name=f"Family{n:03d}",
            institution=institution,
            portrait=images[n % 3],
        )
    client.get(URL)  # renditions are created on first view
    with django_assert_max_num_queries(30):
        response = client.get(URL, {"page": 2})
    assert response.status_code == 200
    assert len(names(response)) == 24
    with django_assert_max_num_queries(30):
        response = client.get(URL, {"topic": topics[0].slug, "accepting": "", "q": "family"})
    assert response.status_code == 200
    client.get("/en/directory/family007-given7/")  # its renditions too
    with django_assert_max_num_queries(25):
        response = client.get("/en/directory/family007-given7/")
    assert "Given7 Family007" in response.content.decode()
