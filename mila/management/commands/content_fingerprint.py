from django.core.management.base import BaseCommand

from mila.backup import content_fingerprint


class Command(BaseCommand):
    help = "Print a SHA-256 of pages, revisions, images and documents (to compare after restore)."

    def handle(self, **options):
        self.stdout.write(content_fingerprint())
