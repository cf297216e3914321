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
        from . import signals
        from .importing.indexing import connect_signal_handlers

        connect_signal_handlers()
        signals.connect()
        # An import writes papers in bulk: the publication lists are the pages to purge.
        import_finished.connect(_lists_changed, dispatch_uid="publications.lists")
