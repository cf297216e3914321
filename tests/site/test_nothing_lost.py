"""No edit is silently lost: concurrent-editing warnings, revisions, revert in both languages."""

import re

import pytest
from wagtail.models import Page

from pages.models import StandardPage
from tests.admin_forms import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    page = StandardPage(
        title_en="Open positions",
        title_fr="Postes ouverts",
        slug_en="open-positions",
        slug_fr="postes-ouverts",
        intro_en="First English text.",
        intro_fr="Premier texte français.",
    )
    Page.objects.get(depth=2).add_child(instance=page)
    page.save_revision().publish()
    return page


def editor(client_class, name):
    client = client_class()
    client.force_login(UserFactory(username=f"{name}@example.org", groups=["Communications"]))
    return client


def edit_form(html):
    """The edit form's data; the (empty) StreamField bodies are rendered by JavaScript."""
    data = form_data(html)
    data.update({"body_en-count": "0", "body_fr-count": "0"})
    return data


def open_editor(client, page):
    """GET the edit view; return its form data and its editing-session ping URL."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    ping = re.search(r"(/admin/editing-sessions/ping/wagtailcore/page/\d+/\d+/)", html).group(1)
    return edit_form(html), ping


def test_the_second_editor_is_told_someone_saved_a_newer_version(client, page):
    first, second = editor(type(client), "first"), editor(type(client), "second")
    first_form, _first_ping = open_editor(first, page)
    second_form, second_ping = open_editor(second, page)
    revision = page.get_latest_revision().pk

    # Both are warned that the other is here.
    sessions = second.post(second_ping, {"revision_id": revision, "is_editing": "1"}).json()
    assert [s["user"] for s in sessions["other_sessions"]] == ["first@example.org"]

    first_form["intro_fr"] = "Texte français de la première personne."
    assert first.post(f"/admin/pages/{page.pk}/edit/", first_form).status_code == 302

    # The second editor's next ping says a newer version exists, by whom.
    sessions = second.post(second_ping, {"revision_id": revision, "is_editing": "1"}).json()
    newer = [s for s in sessions["other_sessions"] if s["revision_id"]]
    assert newer and newer[0]["user"] == "first@example.org"

    # Saving anyway keeps both changes in the history: nothing is silently lost.
    second_form["intro_en"] = "Second editor's English text."
    assert second.post(f"/admin/pages/{page.pk}/edit/", second_form).status_code == 302
    intros = [
        (revision.as_object().intro_en, revision.as_object().intro_fr)
        for revision in page.revisions.order_by("created_at")
    ]
    assert ("First English text.", "Texte français de la première personne.") in intros
    assert intros[-1][0] == "Second editor's English text."


def test_every_change_is_a_revision_and_any_can_be_restored_in_both_languages(client, page):
    client.force_login(UserFactory(groups=["Communications"]))
    first_revision = page.get_latest_revision()
    data = edit_form(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    data.update(intro_en="Second English text.", intro_fr="Deuxième texte français.")
    data["action-publish"] = "action-publish"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert page.revisions.count() == 2
    assert "Deuxième texte français." in client.get("/fr/postes-ouverts/").content.decode()

    # Wagtail's "revert" opens the old revision in the editor; publishing it restores it.
    revert = client.get(f"/admin/pages/{page.pk}/revisions/{first_revision.pk}/revert/")
    data = edit_form(revert.content.decode())
    # (A browser drops the newline that opens a textarea's content.)
    restored = (data["intro_en"].strip(), data["intro_fr"].strip())
    assert restored == ("First English text.", "Premier texte français.")
    data["action-publish"] = "action-publish"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert page.revisions.count() == 3
    assert "Premier texte français." in client.get("/fr/postes-ouverts/").content.decode()
    assert "First English text." in client.get("/en/open-positions/").content.decode()
