"""Who may do what: every role against every sensitive action, by direct URL and POST.

The same table is in docs/security.md ("Permission matrix"); keep them in step.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.snippets.models import get_snippet_models

from pages.models import StandardPage
from partnerships.models import PartnerContactPage
from people.accounts import create_faculty_account
from people.models import PersonPage
from publications.models import IngestToken, PublicationPage
from tests.admin_forms import form_data
from tests.factories import UserFactory, make_person

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "faculty_a", "faculty_b", "communications", "superuser")
Y, N = True, False
# action: expected for (anonymous, faculty A, faculty B, Communications, superuser)
MATRIX = {
    "view a draft page": (N, N, N, Y, Y),
    "view a members-only page": (N, Y, Y, Y, Y),
    "preview faculty A's profile": (N, Y, N, Y, Y),
    "edit faculty A's profile": (N, Y, N, Y, Y),
    "publish a page": (N, N, N, Y, Y),
    "unpublish a page": (N, N, N, Y, Y),
    "delete a page": (N, N, N, Y, Y),
    "move a page": (N, N, N, Y, Y),
    "create a page": (N, N, N, Y, Y),
    "manage users": (N, N, N, N, Y),
    "manage every snippet": (N, N, N, Y, Y),
    "read form submissions": (N, N, N, Y, Y),
}


@pytest.fixture
def world():
    home = Page.objects.get(depth=2)
    draft = StandardPage(title_en="Unannounced", slug_en="unannounced", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    members = StandardPage(title_en="Members corner", slug_en="members-corner")
    home.add_child(instance=members)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    target = StandardPage(title_en="Target", slug_en="target", intro_en="Before.")
    home.add_child(instance=target)
    target.save_revision().publish()
    profile_a = make_person(given_name="Ada", family_name="Matrix")
    profile_a.save_revision()
    profile_b = make_person(given_name="Bruno", family_name="Matrix")
    clients = {"anonymous": Client()}
    for role, profile in (("faculty_a", profile_a), ("faculty_b", profile_b)):
        create_faculty_account(profile, f"{role}@example.org", password="x-Passw0rd-x")
        clients[role] = Client()
        clients[role].login(username=f"{role}@example.org", password="x-Passw0rd-x")
    clients["communications"] = Client()
    clients["communications"].force_login(UserFactory(groups=["Communications"]))
    clients["superuser"] = Client()
    clients["superuser"].force_login(UserFactory(is_superuser=True, is_staff=True))
    return {
        "home": home,
        "draft": draft,
        "members": members,
        "target": target,
        "profile_a": PersonPage.objects.get(pk=profile_a.pk),
        "contact": PartnerContactPage.objects.live().first(),
        "clients": clients,
    }


def allowed(response):
    """200 = the page or form was served; anything else (login redirect, 403, 404, a redirect
    to the dashboard with "Sorry, you do not have permission") is a refusal."""
    return response.status_code == 200


def try_action(action, client, world):
    target = world["target"]
    if action == "view a draft page":
        return allowed(client.get(f"/admin/pages/{world['draft'].pk}/view_draft/"))
    if action == "view a members-only page":
        return allowed(client.get("/en/members-corner/"))
    if action == "preview faculty A's profile":
        return allowed(client.get(f"/admin/pages/{world['profile_a'].pk}/view_draft/"))
    if action == "edit faculty A's profile":
        return allowed(client.get(f"/admin/pages/{world['profile_a'].pk}/edit/"))
    if action == "publish a page":
        # Through the edit form, as an editor would: did the live page change?
        edit = client.get(f"/admin/pages/{target.pk}/edit/")
        data = form_data(edit.content.decode()) if allowed(edit) else {}
        data.update({"intro_en": "After.", "body_en-count": "0", "body_fr-count": "0"})
        data["action-publish"] = "action-publish"
        client.post(f"/admin/pages/{target.pk}/edit/", data)
        return StandardPage.objects.get(pk=target.pk).intro_en == "After."
    if action in ("unpublish a page", "delete a page", "move a page"):
        slug = action.split()[0]
        url = f"/admin/pages/{target.pk}/{slug}/"
        served = allowed(client.get(url))
        if slug != "move":
            client.post(url)
            changed = not Page.objects.filter(pk=target.pk, live=True).exists()
            assert changed == served, f"{action}: form served={served} but changed={changed}"
        return served
    if action == "create a page":
        before = Page.objects.count()
        served = allowed(client.get(f"/admin/pages/add/pages/standardpage/{world['home'].pk}/"))
        client.post(
            f"/admin/pages/add/pages/standardpage/{world['home'].pk}/",
            {
                "title_en": "Created",
                "slug_en": "created",
                "body_en-count": "0",
                "body_fr-count": "0",
            },
        )
        created = Page.objects.count() > before
        assert not created or served
        return served
    if action == "manage users":
        return allowed(client.get(reverse("wagtailusers_users:index"))) and allowed(
            client.get(reverse("wagtailusers_users:add"))
        )
    if action == "manage every snippet":
        # Derived from the registry: a snippet added later is in the matrix too.
        return all(
            allowed(client.get(reverse(model.snippet_viewset.get_url_name(view))))
            for model in get_snippet_models()
            for view in ("list", "add")
        )
    if action == "read form submissions":
        return allowed(client.get(f"/admin/forms/submissions/{world['contact'].pk}/"))
    raise AssertionError(action)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    assert try_action(action, world["clients"][role], world) == expected


@pytest.mark.parametrize(
    ("token_state", "status"), [("valid", 200), ("revoked", 401), ("missing", 401), ("wrong", 401)]
)
def test_ingesting_publications_takes_a_valid_token(client, token_state, status):
    token, plaintext = IngestToken.create_token("matrix")
    if token_state == "revoked":
        token.revoke()
    headers = {
        "valid": {"x-api-token": plaintext},
        "revoked": {"x-api-token": plaintext},
        "missing": {},
        "wrong": {"x-api-token": plaintext[:-4] + "AAAA"},
    }[token_state]
    before = PublicationPage.objects.count()
    response = client.post(
        "/api/publications/ingest/", b"[]", content_type="application/json", headers=headers
    )
    assert response.status_code == status
    assert PublicationPage.objects.count() == before


@pytest.mark.parametrize("role", ["faculty_a", "communications", "superuser"])
def test_signed_in_users_cannot_ingest_without_a_token(world, role):
    response = world["clients"][role].post(
        "/api/publications/ingest/", b"[]", content_type="application/json"
    )
    assert response.status_code == 401


def test_an_ingestion_token_does_not_open_the_admin(client):
    _token, plaintext = IngestToken.create_token("not-a-login")
    response = client.get("/admin/", headers={"x-api-token": plaintext})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
