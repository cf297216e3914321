from django.apps import AppConfig


class MilaConfig(AppConfig):
    name = "mila"
    verbose_name = "Mila"

    def ready(self):
        from mila import restrictions, routing
        from mila.cache import purge, scope

        scope.connect_signals()
        purge.connect_signals()
        restrictions.install()
        routing.install()
