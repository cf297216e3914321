from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import translation

from pages.demo import load_site

DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "mila-demo-admin"  # noqa: S105 - development only, never created when DEBUG is off


class Command(BaseCommand):
    help = "Create the demo site and content in English and French. Safe to run again."

    def handle(self, *args, **options):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            load_site(self.stdout)
        if settings.DEBUG:
            self._ensure_dev_admin()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def _ensure_dev_admin(self):
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEV_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(
                DEV_ADMIN_USERNAME, "admin@mila.example", DEV_ADMIN_PASSWORD
            )
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user “{DEV_ADMIN_USERNAME}”, "
            f"password “{DEV_ADMIN_PASSWORD}” (development only)."
        )
