from django.core.management.base import BaseCommand

from scripts.ingest_bench import run


class Command(BaseCommand):
    help = (
        "Measure papers per second through the ingestion API and import_bibtex with generated "
        "papers (scripts/ingest_bench.py). Writes inside a transaction rolled back at the end "
        "(unless --keep)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--papers", type=int, default=10_000)
        parser.add_argument(
            "--memory",
            action="store_true",
            help="also trace peak Python memory (tracemalloc; slows the run down)",
        )
        parser.add_argument("--keep", action="store_true", help="commit the generated papers")

    def handle(self, *args, **options):
        run(
            options["papers"],
            trace_memory=options["memory"],
            keep=options["keep"],
            stdout=self.stdout,
        )
