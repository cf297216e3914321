from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views
from .forms import can_manage_profiles
from .models import PersonPage


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [
        path(
            "people/<int:page_id>/account/",
            views.create_account,
            name="people_create_account",
        )
    ]


def _create_account_button(page, user):
    if (
        isinstance(page.specific_deferred, PersonPage)
        and not page.specific_deferred.account_id
        and can_manage_profiles(user)
    ):
        yield Button(
            _("Create faculty account"),
            reverse("people_create_account", args=[page.pk]),
            icon_name="user",
            priority=50,
        )


@hooks.register("register_page_header_buttons")
def faculty_account_header_button(page, user, view_name, next_url=None):
    yield from _create_account_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def faculty_account_listing_button(page, user, next_url=None):
    yield from _create_account_button(page, user)
