from django.core.management.base import BaseCommand

from scripts.bulk import BulkContent


class Command(BaseCommand):
    help = (
        "Create deterministic bulk content (people, publications, projects, startups) for query "
        "budgets and benchmarks; the code is in scripts/bulk.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--publications", type=int, default=20_000)
        parser.add_argument("--projects", type=int, default=100)
        parser.add_argument("--startups", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options):
        BulkContent(self.stdout, options["verbosity"]).generate(
            people=options["people"],
            publications=options["publications"],
            projects=options["projects"],
            startups=options["startups"],
            seed=options["seed"],
        )
