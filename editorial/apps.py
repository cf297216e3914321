from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial tools")

    def ready(self):
        from . import roles, signals  # noqa: F401

        post_migrate.connect(roles.grant_communications_permissions, sender=self)
