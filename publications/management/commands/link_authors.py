from django.core.management.base import BaseCommand

from publications.importing.matching import link_authors


class Command(BaseCommand):
    help = (
        "Link publication authors to profiles (profile slug, ORCID, OpenReview, Semantic "
        "Scholar, then exact name). Run it after adding profiles."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--relink",
            action="store_true",
            help="also reconsider authors already linked (an identifier match wins)",
        )

    def handle(self, *args, **options):
        changed = link_authors(relink=options["relink"])
        self.stdout.write(self.style.SUCCESS(f"{changed} authors linked to a profile."))
