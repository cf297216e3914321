"""Communications manage every registered snippet, setting and page type, by rule
(editorial/roles.py), on the database `migrate` built for the tests."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import GroupPagePermission, Page
from wagtail.snippets.models import get_snippet_models

from editorial.roles import EXCLUDED, grant_communications_permissions
from partnerships.models import Sector
from tests.admin_forms import form_data
from tests.factories import UserFactory
from tests.site.page_types import page_models

pytestmark = pytest.mark.django_db


def codenames(model, actions):
    return [f"{model._meta.app_label}.{action}_{model._meta.model_name}" for action in actions]


@pytest.fixture
def member():
    return UserFactory(groups=["Communications"])


@pytest.fixture
def communications(client, member):
    client.force_login(member)
    return client


def test_every_snippet_and_setting_is_manageable_by_communications_or_excluded(member):
    wanted = [
        *(
            codename
            for model in get_snippet_models()
            for codename in codenames(model, ("add", "change", "delete"))
        ),
        *(codename for model in settings_registry for codename in codenames(model, ("change",))),
    ]
    assert not member.is_superuser
    missing = [
        codename
        for codename in wanted
        if codename not in EXCLUDED and not member.has_perm(codename)
    ]
    assert missing == []


@pytest.mark.parametrize("label", sorted(model._meta.label_lower for model in get_snippet_models()))
def test_communications_open_every_snippet_listing_and_add_form(communications, label):
    model = apps.get_model(label)
    for view in ("list", "add"):
        url = reverse(model.snippet_viewset.get_url_name(view))
        response = communications.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert b"Sorry, you do not have permission" not in response.content


def test_sectors_and_event_series_are_managed_by_communications(communications):
    """The two snippets that no data migration granted (issue 17)."""
    for url in (
        "/admin/snippets/partnerships/sector/",
        "/admin/snippets/partnerships/sector/add/",
        "/admin/snippets/events/eventseries/",
        "/admin/snippets/events/eventseries/add/",
    ):
        assert communications.get(url).status_code == 200, url
    add = communications.get("/admin/snippets/partnerships/sector/add/")
    data = form_data(add.content.decode())
    data.update({"name_en": "Aerospace", "name_fr": "Aérospatiale", "slug": "aerospace"})
    response = communications.post("/admin/snippets/partnerships/sector/add/", data)
    assert response.status_code == 302
    assert Sector.objects.get(slug="aerospace").name_fr == "Aérospatiale"


@pytest.mark.parametrize("model", page_models(), ids=lambda model: model._meta.label)
def test_communications_edit_and_publish_every_page_type(communications, member, model):
    page = model.objects.order_by("pk").first()
    assert page is not None, f"the demo has no {model.__name__} (add one to the demo content)"
    permissions = page.permissions_for_user(member)
    assert permissions.can_edit() and permissions.can_publish() and permissions.can_unpublish()
    response = communications.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert b'name="action-publish"' in response.content
    if model.can_create_at(page.get_parent()):
        response = communications.get(
            f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/"
            f"{page.get_parent().pk}/"
        )
        assert response.status_code == 200


def test_communications_manage_promoted_search_results(communications):
    for name in ("wagtailsearchpromotions:index", "wagtailsearchpromotions:add"):
        assert communications.get(reverse(name)).status_code == 200, name


def test_users_groups_and_sites_stay_with_administrators(communications):
    for name in ("wagtailusers_users:index", "wagtailusers_groups:index", "wagtailsites:index"):
        response = communications.get(reverse(name))
        assert response.status_code != 200, name


def test_the_rule_is_idempotent_and_keeps_what_an_administrator_added():
    group = Group.objects.get(name="Communications")
    extra = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_collection")
    group.permissions.add(extra)
    before = set(group.permissions.values_list("pk", flat=True))
    page_permissions = GroupPagePermission.objects.filter(group=group).count()
    grant_communications_permissions()
    grant_communications_permissions()
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert GroupPagePermission.objects.filter(group=group).count() == page_permissions
    assert (
        GroupPagePermission.objects.filter(group=group, page=Page.get_first_root_node()).count()
        == 6
    )


def test_faculty_keep_exactly_what_they_had():
    faculty = Group.objects.get(name="Faculty")
    assert [f"{p.content_type.app_label}.{p.codename}" for p in faculty.permissions.all()] == [
        "wagtailadmin.access_admin"
    ]
    assert not GroupPagePermission.objects.filter(group=faculty).exists()
    assert sorted(
        faculty.collection_permissions.values_list("permission__codename", flat=True)
    ) == ["add_image", "choose_image"]
