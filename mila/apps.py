from django.apps import AppConfig


class MilaConfig(AppConfig):
    name = "mila"
    verbose_name = "Mila"

    def ready(self):
        from mila import cache, restrictions, routing, translated_slugs

        cache.connect_signals()
        restrictions.install()
        routing.install()
        translated_slugs.install()
