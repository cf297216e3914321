from django.core.management.base import BaseCommand, CommandError

from mila.backup import BackupError, backup, content_fingerprint


class Command(BaseCommand):
    help = "Back up the database and the media files into DIRECTORY (see docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, directory, **options):
        try:
            backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up to {directory} (content {content_fingerprint()[:16]}).")
