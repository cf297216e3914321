from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from .importing.indexing import connect_signal_handlers
        from .models import PublicationIndexPage

        connect_signal_handlers()
        # After wagtail-modeltranslation replaced `route` on every page model (its ready()
        # runs first): children of the index are found with one query, not a loop over all.
        PublicationIndexPage.route = PublicationIndexPage.route_by_slug
