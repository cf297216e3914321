from django.core.management.base import BaseCommand
from wagtail.models import Page

from editorial.fields import translated_fields
from editorial.status import rebuild


class Command(BaseCommand):
    help = (
        "Recompute every page's translation status and internal links from its revisions "
        "(after installing the editorial app, or to repair the stored status)."
    )

    def handle(self, *args, **options):
        count = 0
        for page in Page.objects.filter(depth__gt=1).specific().iterator(chunk_size=200):
            if translated_fields(type(page)):
                rebuild(page)
                count += 1
        self.stdout.write(self.style.SUCCESS(f"Checked {count} pages."))
