"""Editors' tools: translation status, report, explorer filter, copy English, XLIFF, preview."""

import csv
import io
import uuid

import pytest
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from editorial.models import EditorialStatus
from pages.models import HomePage, StandardPage
from people.accounts import create_faculty_account
from tests.admin_forms import form_data
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def stream(*blocks):
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]


def make_page(parent=None, title="Research ethics", **fields):
    fields.setdefault("title_en", f"{title} {uuid.uuid4().hex[:6]}")
    fields.setdefault("title_fr", f"{fields['title_en']} (fr)")
    fields.setdefault("slug_en", slugify(fields["title_en"]))
    fields.setdefault("slug_fr", slugify(fields["title_fr"]))
    page = StandardPage(**fields)
    (parent or HomePage.objects.get()).add_child(instance=page)
    return StandardPage.objects.get(pk=page.pk)


def status_of(page):
    return EditorialStatus.objects.get(page_id=page.pk)


@pytest.fixture
def comms(client):
    client.force_login(UserFactory(username="comms-editorial@example.org", groups=["Communications"]))
    return client


@pytest.fixture
def faculty(client):
    profile = make_person(given_name="Fatou", family_name="Faculty")
    create_faculty_account(profile, "fatou@example.org", password=PASSWORD)
    client.login(username="fatou@example.org", password=PASSWORD)
    return client


def stream_form_data(page):
    """The StreamFields of the page as the editor's JavaScript would post them (paragraphs)."""
    data = {}
    for name in ("body_en", "body_fr"):
        blocks = list(getattr(page, name).raw_data)
        items = {
            str(position): {
                "type": "paragraph",
                "value": rich_text(block["value"]),
                "deleted": "",
                "order": str(position),
                "id": block["id"],
            }
            for position, block in enumerate(blocks)
        }
        items["count"] = str(len(blocks))
        data.update(nested_form_data({name: items}))
    return data


def edit(client, page, changes, action=None):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data.update(stream_form_data(page.get_latest_revision_as_object()))
    data.update(changes)
    if action:
        data[action] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


# Translation status


def test_missing_french_fields_are_listed_on_the_page(comms):
    page = make_page(
        intro_en="About our ethics board.",
        body_en=stream(("paragraph", "<p>English only.</p>")),
        search_description_en="Ethics at the institute",
    )
    status = status_of(page)
    assert set(status.missing_fr) == {"intro", "body", "search_description"}
    assert status.missing_en == [] and status.french_missing

    editor = comms.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Translation: 3 fields missing in French" in editor
    view = comms.get(f"/admin/editorial/pages/{page.pk}/translation/")
    html = view.content.decode()
    assert view.status_code == 200
    assert html.count("Missing in French") >= 3


def test_edit_in_english_only_marks_french_as_possibly_out_of_date(comms):
    page = make_page(
        intro_en="The board meets monthly.",
        intro_fr="Le comité se réunit chaque mois.",
        body_en=stream(("paragraph", "<p>Members.</p>")),
        body_fr=stream(("paragraph", "<p>Membres.</p>")),
    )
    assert not status_of(page).french_outdated

    edit(comms, page, {"intro_en": "The board meets every two weeks."})

    status = status_of(page)
    assert status.outdated_fr == ["intro"]
    assert status.outdated_en == [] and status.missing_fr == []
    html = comms.get(f"/admin/editorial/pages/{page.pk}/translation/").content.decode()
    assert "French may be out of date" in html

    # Translating the French brings it back in step.
    edit(comms, page, {"intro_fr": "Le comité se réunit toutes les deux semaines."})
    assert status_of(page).outdated_fr == []
