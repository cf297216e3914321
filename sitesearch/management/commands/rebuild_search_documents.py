from django.core.management.base import BaseCommand

from sitesearch.documents import rebuild


class Command(BaseCommand):
    help = "Rebuild the per-language search documents of every live page."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"{count} search documents."))
