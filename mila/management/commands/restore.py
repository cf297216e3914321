from django.core.management.base import BaseCommand, CommandError

from mila.backup import BackupError, content_fingerprint, restore


class Command(BaseCommand):
    help = "Replace the database and the media files with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, directory, yes=False, **options):
        if not yes and input("This replaces every page and file. Type 'yes' to go on: ") != "yes":
            raise CommandError("Nothing was restored.")
        try:
            restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {directory} (content {content_fingerprint()[:16]}).")
