import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mila.models import Institution
from pages.models import ProgramIndexPage, ProgramPage
from pages.programs import CLOSED, OPEN, UPCOMING, window_status
from tests.factories import make_program

D = datetime.date
OPENS, CLOSES = D(2026, 10, 15), D(2026, 12, 1)


@pytest.mark.parametrize(
    ("today", "state", "opens", "closes"),
    [
        (D(2026, 3, 1), UPCOMING, OPENS, CLOSES),
        (D(2026, 10, 14), UPCOMING, OPENS, CLOSES),
        (D(2026, 10, 15), OPEN, OPENS, CLOSES),
        (D(2026, 11, 20), OPEN, OPENS, CLOSES),
        (D(2026, 12, 1), OPEN, OPENS, CLOSES),
        # After the window, a yearly window announces next year's dates.
        (D(2026, 12, 2), UPCOMING, D(2027, 10, 15), D(2027, 12, 1)),
        (D(2030, 11, 1), OPEN, D(2030, 10, 15), D(2030, 12, 1)),
    ],
)
def test_window_status_before_inside_and_after(today, state, opens, closes):
    status = window_status(OPENS, CLOSES, today)
    assert (status.state, status.opens, status.closes) == (state, opens, closes)


def test_a_one_time_window_says_when_it_closed():
    status = window_status(OPENS, CLOSES, D(2027, 1, 5), repeats_yearly=False)
    assert (status.state, status.closes) == (CLOSED, CLOSES)


def test_a_window_across_new_year_is_open_in_january_of_the_next_cycle():
    status = window_status(D(2024, 11, 1), D(2025, 1, 31), D(2026, 1, 10))
    assert (status.state, status.opens, status.closes) == (OPEN, D(2025, 11, 1), D(2026, 1, 31))


def test_a_window_ending_on_29_february_moves_to_28_february():
    status = window_status(D(2024, 2, 1), D(2024, 2, 29), D(2025, 3, 1))
    assert status.closes == D(2026, 2, 28)


def test_without_dates_there_is_no_status():
    assert window_status(None, None, D(2026, 1, 1)) is None


def test_without_an_opening_date_a_closed_window_cannot_announce_the_next():
    status = window_status(None, CLOSES, D(2027, 1, 1))
    assert status.state == CLOSED


@pytest.mark.parametrize(
    ("today", "english", "french"),
    [
        (
            D(2026, 9, 1),
            'Next window opens <time datetime="2026-10-15">Oct. 15, 2026</time>',
            'Prochaine période d’inscription à partir du <time datetime="2026-10-15">'
            "15 octobre 2026</time>",
        ),
        (
            D(2026, 11, 1),
            'Applications open until <time datetime="2026-12-01">Dec. 1, 2026</time>',
            'Candidatures ouvertes jusqu’au <time datetime="2026-12-01">1 décembre 2026</time>',
        ),
    ],
)
def test_window_message_in_both_languages(today, english, french):
    status = window_status(OPENS, CLOSES, today)
    with translation.override("en"):
        assert str(status.message) == english
    with translation.override("fr"):
        assert str(status.message) == french


def test_closed_message():
    status = window_status(OPENS, CLOSES, D(2027, 1, 1), repeats_yearly=False)
    with translation.override("en"):
        assert str(status.message) == (
            'Applications closed on <time datetime="2026-12-01">Dec. 1, 2026</time>'
        )


@pytest.fixture
def freeze_today(monkeypatch):
    """Set the date the site believes it is (pages read it from timezone.localdate())."""

    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return freeze


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "state", "english", "french"),
    [
        (D(2026, 9, 30), "upcoming", "Next window opens", "Prochaine période"),
        (D(2026, 11, 30), "open", "Applications open until", "Candidatures ouvertes jusqu’au"),
        (D(2026, 12, 2), "upcoming", "Next window opens", "Prochaine période"),
    ],
)
def test_program_page_shows_the_window_status_of_the_day(
    client, freeze_today, today, state, english, french
):
    freeze_today(today)
    english_page = client.get("/en/programs/phd/").content.decode()
    assert f'<p class="window-status window-status--{state}">{english} <time' in english_page
    french_page = client.get("/fr/programmes/doctorat/").content.decode()
    assert french in french_page


@pytest.mark.django_db
def test_program_page_in_english_with_its_fields(client, freeze_today):
    freeze_today(D(2026, 11, 1))
    response = client.get("/en/programs/research-masters/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Research master’s (MSc)</h1>" in content
    assert "<dt>Degree level</dt><dd>Research master’s (MSc)</dd>" in content
    assert "<dd>2 years (full time)</dd>" in content
    assert "<dd>Fall, Winter</dd>" in content
    assert "<li>McGill University</li>" in content and "<li>HEC Montréal</li>" in content
    assert '<time datetime="2026-10-15">Oct. 15, 2026</time> – <time datetime="2026-12-01">' in (
        content
    )
    assert '<h3 class="step__title">Submit a supervision request to Mila</h3>' in content
    # The FAQ is a list of native disclosure widgets: it works without JavaScript.
    assert '<ul class="faq__list">' in content
    assert (
        '<details class="faq__item">\n  <summary>Do I need a supervisor before applying to '
        "the university?</summary>"
    ) in content


@pytest.mark.django_db
def test_program_page_in_french_with_an_english_fallback(client, freeze_today):
    freeze_today(D(2026, 2, 1))
    content = client.get("/fr/programmes/dess-apprentissage-automatique/").content.decode()
    assert "<h1>DESS en apprentissage automatique</h1>" in content
    assert "<dd>Automne</dd>" in content
    assert "<dt>Durée</dt><dd>1 an (30 crédits)</dd>" in content
    assert "<li>Université de Montréal</li>" in content
    assert "Candidatures ouvertes jusqu’au" in content
    assert '<div class="rich-text" lang="en"><p>A bachelor’s degree' in content
    assert "<summary>Puis-je poursuivre à la maîtrise ensuite?</summary>" in content
    assert '<h2 id="faq-heading">Questions fréquentes</h2>' in content


@pytest.mark.django_db
def test_program_without_dates_shows_no_window(client):
    content = client.get("/en/programs/postdoctoral-fellowships/").content.decode()
    assert "window-status" not in content
    assert "Application window" not in content
    assert "Contact a professor directly" in content


def program_titles(response):
    assert response.status_code == 200
    return re.findall(
        r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()
    )


@pytest.mark.django_db
def test_program_index_lists_programs_with_their_window_status(client, freeze_today):
    freeze_today(D(2026, 11, 1))
    response = client.get("/en/programs/")
    assert program_titles(response) == [
        "Research internships",
        "Research master’s (MSc)",
        "PhD",
        "Postdoctoral fellowships",
        "DESS in machine learning",
        "Professional master’s in machine learning",
    ]
    content = response.content.decode()
    assert content.count("window-status--open") == 2
    assert content.count("window-status--upcoming") == 3
    french = client.get("/fr/programmes/").content.decode()
    assert "Maîtrise de recherche (M. Sc.)" in french
    assert "Candidatures ouvertes jusqu’au" in french


@pytest.mark.django_db
def test_unpublished_programs_are_not_listed(client):
    ProgramPage.objects.get(slug_en="phd").unpublish()
    assert "PhD" not in program_titles(client.get("/en/programs/"))


@pytest.mark.django_db
def test_closing_date_must_follow_opening_date():
    program = ProgramPage.objects.get(slug_en="phd")
    program.application_opens, program.application_closes = D(2026, 5, 1), D(2026, 4, 1)
    with pytest.raises(ValidationError) as error:
        program.full_clean()
    assert "application_closes" in error.value.message_dict


@pytest.mark.django_db
def test_program_index_queries_do_not_grow_with_200_programs(client, django_assert_max_num_queries):
    with translation.override("en"):
        home = ProgramIndexPage.objects.get().get_parent()
        index = ProgramIndexPage(title_en="Many programs", slug_en="many-programs")
        home.add_child(instance=index)
        universities = list(Institution.objects.all()[:4])
        for n in range(200):
            make_program(
                index,
                universities[: n % 4 + 1],
                application_opens=D(2026, 1 + n % 12, 1),
                application_closes=D(2026, 1 + n % 12, 20),
            )
        url = index.url
    with django_assert_max_num_queries(20):
        response = client.get(url, {"page": 3})
    assert len(program_titles(response)) == 24


@pytest.mark.django_db
def test_editors_can_open_program_pages_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    program = ProgramPage.objects.get(slug_en="phd")
    assert client.get(f"/admin/pages/{program.pk}/edit/").status_code == 200
    index = ProgramIndexPage.objects.get()
    assert client.get(f"/admin/pages/add/pages/programpage/{index.pk}/").status_code == 200
    home = index.get_parent()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
