from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from .models import HomePage

        # After wagtail-modeltranslation patched `route` on every page model (see mila.routing).
        HomePage.route = HomePage.route_by_url_path
