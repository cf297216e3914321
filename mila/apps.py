from django.apps import AppConfig


class MilaConfig(AppConfig):
    name = "mila"
    verbose_name = "Mila"

    def ready(self):
        from mila import pages, restrictions, routing, translated_slugs
        from mila.cache import purge, scope

        scope.connect_signals()
        purge.connect_signals()
        restrictions.install()
        routing.install()
        translated_slugs.install()
        # After wagtail-modeltranslation's ready() (INSTALLED_APPS order), which replaces it.
        pages.install_routes()
