from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial tools")

    def ready(self):
        from . import preview, roles, signals  # noqa: F401

        preview.install_language_preview_modes()
        post_migrate.connect(roles.grant_communications_permissions, sender=self)
