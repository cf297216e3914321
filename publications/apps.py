from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mila.signals import content_changed, import_finished


def _lists_changed(sender, imported=True, **kwargs):
    from .models import PublicationIndexPage

    if imported:
        content_changed.send(sender=sender, pages=PublicationIndexPage.objects.live())


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from .indexing import connect_signal_handlers
        from .models import PublicationIndexPage

        connect_signal_handlers()
        # An import writes papers in bulk: the publication lists are the pages to purge.
        import_finished.connect(_lists_changed, dispatch_uid="publications.lists")
        # After wagtail-modeltranslation replaced `route` on every page model (its ready()
        # runs first): children of the index are found with one query, not a loop over all.
        PublicationIndexPage.route = PublicationIndexPage.route_by_slug
