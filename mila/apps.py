from django.apps import AppConfig


class MilaConfig(AppConfig):
    name = "mila"
    verbose_name = "Mila"
