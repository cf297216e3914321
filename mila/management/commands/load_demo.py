from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from wagtail.models import Page

from mila.demo import load_vocabularies
from pages.demo import load_navigation, load_site
from people.accounts import create_faculty_account
from people.models import PersonPage
from sitesearch.documents import rebuild as rebuild_search_documents

# Each content app may ship a `demo.py` with `load(home, stdout)`; they run in this order.
DEMO_APPS = ("people", "publications", "partnerships", "news", "events")
DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "mila-demo-admin"  # noqa: S105 - development only, never created when DEBUG is off
DEV_FACULTY_PROFILE = "tremblay-amelie"
DEV_FACULTY_EMAIL = "amelie.tremblay@example.org"
DEV_FACULTY_PASSWORD = "mila-demo-faculty"  # noqa: S105 - development only


class Command(BaseCommand):
    help = "Create the demo site and content in English and French. Safe to run again."

    def handle(self, *args, **options):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            load_vocabularies(self.stdout)
            home = load_site(self.stdout)
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo"):
                    import_module(f"{app}.demo").load(home, self.stdout)
            load_navigation(home)
            # Pages created here are live without going through a publish, which dates them.
            now = timezone.now()
            Page.objects.live().filter(last_published_at__isnull=True).update(
                first_published_at=now, last_published_at=now
            )
            rebuild_search_documents()
        if settings.DEBUG:
            self._ensure_dev_accounts()
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def _ensure_dev_accounts(self):
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEV_ADMIN_USERNAME).exists():
            user_model.objects.create_superuser(
                DEV_ADMIN_USERNAME, "admin@mila.example", DEV_ADMIN_PASSWORD
            )
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user “{DEV_ADMIN_USERNAME}”, "
            f"password “{DEV_ADMIN_PASSWORD}” (development only)."
        )
        profile = PersonPage.objects.filter(slug_en=DEV_FACULTY_PROFILE).first()
        if profile and not profile.account_id:
            create_faculty_account(profile, DEV_FACULTY_EMAIL, password=DEV_FACULTY_PASSWORD)
        if profile:
            self.stdout.write(
                f"Faculty: user “{DEV_FACULTY_EMAIL}”, password “{DEV_FACULTY_PASSWORD}” "
                f"(edits only the profile of {profile.full_name})."
            )
