import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from mila.models import ResearchTopic
from people.models import PeopleIndexPage, PersonPage
from people.validators import orcid_checksum
from tests.admin_forms import form_data
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor@example.org", groups=["Communications"]))
    return client


def test_profile_shows_every_field_in_french(client):
    topic = ResearchTopic.objects.get(slug="reinforcement-learning")
    make_person(
        topics=[topic],
        given_name="Lina",
        family_name="Roy",
        position_title_en="Associate Professor",
        position_title_fr="Professeure agrégée",
        department_fr="Département d’informatique",
        extra_roles_fr="Équipe de direction",
        cifar_chair=True,
        accepting_students=True,
        accepts_phd=True,
        accepts_postdoc=True,
        bio_fr="<p>Elle étudie l’apprentissage par renforcement.</p>",
        orcid="0000-0002-1825-0097",
        github_username="lina-roy",
        email="lina.roy@example.org",
    )
    content = client.get("/fr/repertoire/roy-lina/").content.decode()
    assert '<h1 id="profile-name">Lina Roy</h1>' in content
    assert "Professeure agrégée" in content and "Département d’informatique" in content
    assert "Équipe de direction" in content
    assert "Chaire en IA Canada-CIFAR" in content
    assert "Accepte de nouveaux étudiants" in content
    assert "Doctorat, Postdoctorat" in content
    assert (
        '<a href="/fr/repertoire/?topic=reinforcement-learning">Apprentissage par renforcement</a>'
        in content
    )
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in content
    assert "lina.roy [at] example [dot] org" in content
    assert "lina.roy@example.org" not in content


def test_hidden_email_is_not_shown(client):
    make_person(
        given_name="Hugo", family_name="Hidden", email="hugo@example.org", email_visibility="hidden"
    )
    content = client.get("/en/directory/hidden-hugo/").content.decode()
    assert "hugo@example.org" not in content
    assert "[at]" not in content


def test_empty_profile_still_reads_as_finished(client):
    make_person(given_name="Nora", family_name="Nobody", position_title_en="", position_title_fr="")
    content = client.get("/en/directory/nobody-nora/").content.decode()
    assert "Nora has not written a biography yet." in content
    assert "No research topics listed yet." in content
    assert "Not accepting new students at the moment." in content
    assert (
        'class="profile__portrait profile__portrait--initials" aria-hidden="true">NN</span>'
        in content
    )


def test_missing_french_biography_falls_back_to_english_marked_lang_en(client):
    make_person(
        given_name="Eve", family_name="English", bio_en="<p>Only in English.</p>", bio_fr=""
    )
    content = client.get("/fr/repertoire/english-eve/").content.decode()
    assert '<div class="rich-text" lang="en"><p>Only in English.</p></div>' in content


def test_portrait_uses_responsive_renditions_and_alt_text(client):
    image = get_image_model().objects.create(title="Portrait", file=get_test_image_file())
    make_person(given_name="Pia", family_name="Portrait", portrait=image)
    content = client.get("/en/directory/portrait-pia/").content.decode()
    assert 'alt="Portrait of Pia Portrait"' in content
    assert "srcset=" in content and " 320w" in content
    # WebP first, the JPEG fallback in the <img>, with its size reserved (no layout shift).
    assert re.search(r'<source [^>]*srcset="[^"]+\.webp 160w, [^"]+\.webp 320w"', content)
    assert 'type="image/webp"' in content
    assert re.search(r'<img [^>]*class="profile__portrait"[^>]*height="160"', content) or (
        re.search(r'<img [^>]*height="160"[^>]*class="profile__portrait"', content)
    )


def test_directory_cards_have_lazy_webp_portraits(client):
    image = get_image_model().objects.create(title="Portrait", file=get_test_image_file())
    make_person(given_name="Pia", family_name="Portrait", portrait=image)
    content = client.get("/en/directory/?q=portrait").content.decode()
    card = re.search(r"<picture>.*?</picture>", content, re.S).group(0)
    assert 'type="image/webp"' in card and ".webp 80w" in card
    assert 'loading="lazy"' in card and 'width="80"' in card and 'height="80"' in card
    assert 'alt=""' in card


def test_slug_defaults_to_family_given():
    person = make_person(given_name="Yoshua", family_name="Bengio-Test")
    assert person.slug_en == person.slug_fr == "bengio-test-yoshua"
    assert PersonPage.objects.get(pk=person.pk).title_fr == "Yoshua Bengio-Test"


def test_orcid_checksum():
    assert orcid_checksum("000000021825009") == "7"
    assert orcid_checksum("000000015100005") == "X"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("orcid", "0000-0002-1825-0098", "its last character (checksum) does not match"),
        ("orcid", "1234", "Enter an ORCID iD like 0000-0002-1825-0097"),
        ("website", "not a url", "Enter a valid URL."),
        ("google_scholar_url", "https://example.org/me", "Google Scholar profile"),
        ("github_username", "https://github.com/me", "not a URL"),
        ("openreview_id", "Amelie Tremblay", "~Amelie_Tremblay1"),
    ],
)
def test_invalid_links_are_refused_with_a_clear_message_and_nothing_saved(
    editor, field, value, message
):
    person = make_person(given_name="Vic", family_name="Valid")
    revisions_before = person.revisions.count()
    data = form_data(editor.get(f"/admin/pages/{person.pk}/edit/").content.decode())
    data[field] = value
    response = editor.post(f"/admin/pages/{person.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert person.revisions.count() == revisions_before
    person.refresh_from_db()
    assert getattr(person, field) == ""


def test_a_non_image_portrait_upload_is_refused(editor):
    count = get_image_model().objects.count()
    fake = SimpleUploadedFile("portrait.png", b"this is not an image", content_type="image/png")
    response = editor.post("/admin/images/add/", {"title": "Portrait", "file": fake})
    assert response.status_code == 200
    assert (
        "Upload a valid image" in response.content.decode()
        or "Not a supported image format" in response.content.decode()
    )
    assert get_image_model().objects.count() == count


def test_an_oversized_portrait_upload_is_refused(editor, settings):
    count = get_image_model().objects.count()
    png = get_test_image_file().file.getvalue()
    padding = b"\0" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1)
    image = SimpleUploadedFile("portrait.png", png + padding, content_type="image/png")
    response = editor.post("/admin/images/add/", {"title": "Portrait", "file": image})
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert get_image_model().objects.count() == count


def test_a_profile_without_a_french_slug_is_served_in_french_by_its_english_one(client):
    person = make_person(given_name="Slugless", family_name="Person")
    PersonPage.objects.filter(pk=person.pk).update(slug_fr=None)
    french_directory = PeopleIndexPage.objects.get().url_path_fr.rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/fr/{french_directory}/{person.slug_en}/")
    assert response.status_code == 200
    assert "Slugless Person" in response.content.decode()
