"""Faculty edit their own profile and nothing else; every refusal is enforced by the server."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from people.accounts import create_faculty_account
from people.models import PersonPage, ProfileSettings
from tests.admin_forms import form_data
from tests.factories import UserFactory, directory, make_person

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def profile_a():
    profile = make_person(
        given_name="Ada",
        family_name="Arsenault",
        bio_en="<p>Original biography.</p>",
        bio_fr="<p>Biographie originale.</p>",
    )
    create_faculty_account(profile, "ada@example.org", password=PASSWORD)
    return PersonPage.objects.get(pk=profile.pk)


@pytest.fixture
def profile_b():
    profile = make_person(given_name="Bruno", family_name="Bélanger", bio_en="<p>Bruno's bio.</p>")
    create_faculty_account(profile, "bruno@example.org", password=PASSWORD)
    return PersonPage.objects.get(pk=profile.pk)


@pytest.fixture
def faculty_a(client, profile_a):
    client.login(username="ada@example.org", password=PASSWORD)
    return client


@pytest.fixture
def communications(client):
    user = UserFactory(username="comms@example.org", groups=["Communications"])
    client.force_login(user)
    return client


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def edit_form(client, page):
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return form_data(response.content.decode())


def refused(response):
    """Wagtail answers a permission refusal with a 403 or a redirect with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/edit/" not in response["Location"]
    )


def test_faculty_edits_own_profile_and_it_goes_to_review(faculty_a, profile_a):
    data = edit_form(faculty_a, profile_a)
    data["bio_en"] = rich_text("<p>Updated biography.</p>")
    data["action-submit"] = "1"
    response = faculty_a.post(edit_url(profile_a), data)
    assert response.status_code == 302

    profile_a.refresh_from_db()
    assert profile_a.bio_en == "<p>Original biography.</p>"  # live page unchanged
    assert "Updated biography." in profile_a.get_latest_revision_as_object().bio_en
    workflow_state = profile_a.current_workflow_state
    assert workflow_state is not None and workflow_state.workflow.name == "Profile review"
    public = faculty_a.get(profile_a.url)
    assert "Original biography." in public.content.decode()


def test_faculty_form_has_no_reserved_fields(faculty_a, profile_a):
    data = edit_form(faculty_a, profile_a)
    for reserved in ("cifar_chair", "membership_type", "slug_en", "account", "given_name"):
        assert reserved not in data
    assert "orcid" in data and "bio_en" in data and "position_title_fr" in data


def test_crafted_post_cannot_change_reserved_fields(faculty_a, profile_a):
    data = edit_form(faculty_a, profile_a)
    data.update(
        {
            "cifar_chair": "on",
            "membership_type": "staff",
            "slug_en": "hacked",
            "family_name": "Hacker",
            "action-submit": "1",
        }
    )
    faculty_a.post(edit_url(profile_a), data)
    draft = PersonPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert draft.cifar_chair is False
    assert draft.membership_type == "core"
    assert draft.slug_en == "arsenault-ada"
    assert draft.family_name == "Arsenault"


def test_faculty_cannot_open_or_edit_another_profile(faculty_a, profile_b):
    assert refused(faculty_a.get(edit_url(profile_b)))
    data = {"bio_en": rich_text("<p>Vandalised.</p>"), "action-submit": "1"}
    assert refused(faculty_a.post(edit_url(profile_b), data))
    profile_b.refresh_from_db()
    assert profile_b.get_latest_revision_as_object().bio_en == "<p>Bruno's bio.</p>"


def test_faculty_cannot_publish_even_their_own_profile(faculty_a, profile_a):
    data = edit_form(faculty_a, profile_a)
    data["bio_en"] = rich_text("<p>Published without review.</p>")
    data["action-publish"] = "1"
    faculty_a.post(edit_url(profile_a), data)
    profile_a.refresh_from_db()
    assert profile_a.bio_en == "<p>Original biography.</p>"


@pytest.mark.parametrize("action", ["delete", "unpublish", "move"])
def test_faculty_cannot_delete_unpublish_or_move(faculty_a, profile_a, profile_b, action):
    for page in (profile_a, profile_b):
        url = f"/admin/pages/{page.pk}/{action}/"
        assert refused(faculty_a.get(url)), url
        assert refused(faculty_a.post(url)), url
        page.refresh_from_db()
        assert page.live
    assert PersonPage.objects.filter(given_name__in=["Ada", "Bruno"]).count() == 2


def test_faculty_cannot_copy_a_profile(faculty_a, profile_a, profile_b):
    before = Page.objects.count()
    for page in (profile_a, profile_b):
        response = faculty_a.post(
            f"/admin/pages/{page.pk}/copy/",
            {"new_title": "Copy", "new_slug": "copy", "new_parent_page": directory().pk},
        )
        assert response.status_code in (200, 302, 403)
    assert Page.objects.count() == before


def test_faculty_cannot_create_pages_anywhere(faculty_a, profile_a):
    home = Page.objects.get(depth=2)
    before = Page.objects.count()
    for parent in (directory(), home, profile_a):
        assert refused(faculty_a.get(f"/admin/pages/{parent.pk}/add_subpage/"))
        url = f"/admin/pages/add/people/personpage/{parent.pk}/"
        assert refused(faculty_a.get(url))
        assert refused(faculty_a.post(url, {"given_name": "New", "family_name": "Person"}))
    assert refused(faculty_a.get(f"/admin/pages/add/pages/standardpage/{home.pk}/"))
    assert Page.objects.count() == before


def test_faculty_sees_only_their_own_profile_in_the_explorer(faculty_a, profile_a, profile_b):
    response = faculty_a.get("/admin/pages/", follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{profile_a.pk}/", 302)]
    content = response.content.decode()
    assert "Arsenault" in content
    assert "Bélanger" not in content
    # The directory listing (every profile) sends them back to their own page.
    response = faculty_a.get(f"/admin/pages/{directory().pk}/")
    assert response["Location"] == f"/admin/pages/{profile_a.pk}/"


def test_faculty_cannot_reach_the_account_creation_view(faculty_a, profile_b):
    response = faculty_a.post(f"/admin/people/{profile_b.pk}/account/", {"email": "x@example.org"})
    assert refused(response)


def test_communications_approve_and_the_change_is_live_in_both_languages(
    client, faculty_a, profile_a
):
    data = edit_form(faculty_a, profile_a)
    data["bio_en"] = rich_text("<p>Reviewed biography.</p>")
    data["bio_fr"] = rich_text("<p>Biographie révisée.</p>")
    data["action-submit"] = "1"
    faculty_a.post(edit_url(profile_a), data)
    task_state = PersonPage.objects.get(pk=profile_a.pk).current_workflow_task_state

    reviewer = UserFactory(username="reviewer@example.org", groups=["Communications"])
    client.force_login(reviewer)
    comparison = client.get(f"/admin/pages/{profile_a.pk}/revisions/compare/live...latest/")
    # The reviewer sees what changed, field by field.
    assert '<span class="deletion">Original</span><span class="addition">Reviewed</span>' in (
        comparison.content.decode()
    )
    response = client.post(
        f"/admin/pages/workflow/action/{profile_a.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)

    client.logout()
    profile_a.refresh_from_db()
    assert "Reviewed biography." in client.get("/en/directory/arsenault-ada/").content.decode()
    assert "Biographie révisée." in client.get("/fr/repertoire/arsenault-ada/").content.decode()


def test_institute_can_let_faculty_publish_directly(faculty_a, profile_a):
    settings = ProfileSettings.load()
    settings.faculty_can_publish = True
    settings.save()
    data = edit_form(faculty_a, profile_a)
    data["bio_en"] = rich_text("<p>Straight to the site.</p>")
    data["action-publish"] = "1"
    faculty_a.post(edit_url(profile_a), data)
    profile_a.refresh_from_db()
    assert "Straight to the site." in profile_a.bio_en


def test_anonymous_visitors_see_neither_unpublished_profiles_nor_drafts(client, profile_a):
    profile_a.bio_en = "<p>Secret draft.</p>"
    profile_a.save_revision()
    assert "Secret draft." not in client.get("/en/directory/arsenault-ada/").content.decode()

    hidden = make_person(given_name="Hidden", family_name="Person")
    hidden.unpublish()
    assert client.get("/en/directory/person-hidden/").status_code == 404
    assert "Hidden" not in client.get("/en/directory/").content.decode()


def test_create_faculty_account_command_prints_a_set_password_link(capsys, client, mailoutbox):
    profile = make_person(given_name="Carla", family_name="Cote")
    call_command("create_faculty_account", "cote-carla", "carla@example.org")
    output = capsys.readouterr().out
    assert "http://testserver/admin/password_reset/confirm/" in output
    assert mailoutbox[0].to == ["carla@example.org"]
    assert "/admin/password_reset/confirm/" in mailoutbox[0].body

    profile.refresh_from_db()
    assert profile.account.email == "carla@example.org"
    client.force_login(profile.account)
    assert client.get(edit_url(profile)).status_code == 200

    with pytest.raises(CommandError, match="already has an account"):
        call_command("create_faculty_account", "cote-carla", "other@example.org")
    with pytest.raises(CommandError, match="No profile has the slug"):
        call_command("create_faculty_account", "nobody", "n@example.org")


def test_communications_create_an_account_from_the_admin(communications, mailoutbox):
    profile = make_person(given_name="Dana", family_name="Dion")
    response = communications.post(
        f"/admin/people/{profile.pk}/account/",
        {"email": "dana@example.org", "send_email": "on"},
    )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["dana@example.org"]
    profile.refresh_from_db()
    assert profile.account.username == "dana@example.org"
    assert profile.account.groups.filter(name="Faculty").exists()


def test_repeated_failed_logins_lock_the_account(client, settings, profile_a):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "ada@example.org", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 429 or response.status_code == 403
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
