from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import signals  # noqa: F401
        from .models import EventIndexPage

        # After wagtail-modeltranslation patched `route` on every page model (see mila.routing).
        EventIndexPage.route = EventIndexPage.route_by_slug
