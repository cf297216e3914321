from django.core.management.base import BaseCommand, CommandError

from publications.models import IngestToken


class Command(BaseCommand):
    help = (
        "Create a token for the publication ingestion API and print it once. Only its SHA-256 "
        "is stored; revoke it in the admin (Publications › Ingestion API tokens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="who or what will use the token, e.g. “harvester”")

    def handle(self, *args, **options):
        name = options["name"].strip()
        if not name:
            raise CommandError("Give the token a name.")
        if len(name) > IngestToken._meta.get_field("name").max_length:
            raise CommandError("The name is too long (100 characters at most).")
        if IngestToken.objects.filter(name=name).exists():
            raise CommandError(f"A token named “{name}” already exists; choose another name.")
        _token, plaintext = IngestToken.create_token(name)
        self.stderr.write(
            f"Token “{name}” created. Copy it now: it is not stored and cannot be shown again."
        )
        self.stdout.write(plaintext)
