from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from .models import NewsIndexPage

        # After wagtail-modeltranslation patched `route` on every page model (see mila.routing).
        NewsIndexPage.route = NewsIndexPage.route_by_slug
