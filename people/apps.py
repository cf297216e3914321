from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from . import signals  # noqa: F401
        from .models import PeopleIndexPage

        # After wagtail-modeltranslation patched `route` on every page model (see mila.routing).
        PeopleIndexPage.route = PeopleIndexPage.route_by_slug
