import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.importing.bibtex_import import count_entries, import_bibtex
from publications.importing.upsert import NoPublicationIndex

# Below this, starting worker processes (a Django start-up each) costs more than it saves.
PARALLEL_FROM = 2000


class Command(BaseCommand):
    help = (
        "Import a BibTeX file into the publication index: new entries are created, known ones "
        "(same DOI, arXiv id, or title and year) updated. A file with errors imports nothing "
        "unless --valid-only is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .bib file (UTF-8)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="import the valid entries even when others have errors",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=(
                "processes parsing ahead while entries are written (default: one per extra "
                f"CPU for files of {PARALLEL_FROM} entries or more, else none)"
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        shown = [0]
        total = 0

        def progress(report):
            # Large files: a line every tenth of the way.
            done = report.processed
            if options["verbosity"] and total >= 1000 and done - shown[0] >= total / 10:
                shown[0] = done
                self.stderr.write(f"{done}/{total} entries ({done * 100 // total} %)…")

        try:
            # The file is read twice, line by line (never whole): to count, then to import.
            with path.open(encoding="utf-8-sig") as bib_file:
                total = count_entries(bib_file)
            workers = options["workers"]
            if workers is None:
                workers = min((os.cpu_count() or 1) - 1, 3) if total >= PARALLEL_FROM else 0
            with path.open(encoding="utf-8-sig") as bib_file:
                report = import_bibtex(
                    bib_file,
                    dry_run=options["dry_run"],
                    valid_only=options["valid_only"],
                    progress=progress,
                    workers=max(workers, 0),
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        except NoPublicationIndex as error:
            raise CommandError(str(error)) from error
        for error in sorted(report.errors, key=lambda error: error.line):
            self.stderr.write(self.style.ERROR(str(error)))
        counts = report.counts
        summary = (
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped as duplicates, "
            f"{len(report.errors)} with errors."
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing was written. It would give: {summary}")
        elif report.imported:
            self.stdout.write(self.style.SUCCESS(f"Imported: {summary}"))
        else:
            raise CommandError(
                f"Nothing was imported: {len(report.errors)} entries have errors (listed above). "
                "Fix them, or run again with --valid-only to import only the valid entries."
            )
