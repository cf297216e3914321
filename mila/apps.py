from django.apps import AppConfig


class MilaConfig(AppConfig):
    name = "mila"
    verbose_name = "Mila"

    def ready(self):
        from mila import cache, pages, restrictions, routing, translated_slugs

        cache.connect_signals()
        restrictions.install()
        routing.install()
        translated_slugs.install()
        # After wagtail-modeltranslation's ready() (INSTALLED_APPS order), which replaces it.
        pages.install_routes()
