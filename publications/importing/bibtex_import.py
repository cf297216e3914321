"""BibTeX import, shared by `manage.py import_bibtex`, the admin view and the demo loader."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from mila.signals import import_finished

from .bibtex_read import EntryError, read_bibtex, read_bibtex_in_parallel, split_entries
from .upsert import CREATED, SKIPPED, UNCHANGED, UPDATED, Upserter, ingestion

ACTIONS = (CREATED, UPDATED, UNCHANGED, SKIPPED)


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    keep_rows: bool = False
    max_rows: int = 2000
    processed: int = 0
    imported: bool = False

    def add_error(self, error):
        self.errors.append(error)
        self.processed += 1
        self._row(error.key, error.line, "", "error", error.reason)

    def add_outcome(self, entry, outcome):
        self.counts[outcome.action] += 1
        self.processed += 1
        reason = outcome.reason or ", ".join(
            outcome.changed_fields if outcome.action == UPDATED else []
        )
        self._row(entry.key, entry.line, outcome.record.title, outcome.action, reason)

    def _row(self, key, line, title, action, reason):
        if self.keep_rows and len(self.rows) < self.max_rows:
            self.rows.append(
                {"key": key, "line": line, "title": title, "action": action, "reason": reason}
            )


def count_entries(text):
    return sum(
        1
        for item in split_entries(text)
        if isinstance(item, EntryError) or item.entry_type != "string"
    )


def _process(upserter, batch, report):
    pairs = []
    for entry, item in batch:
        if isinstance(item, EntryError):
            report.add_error(item)
        else:
            pairs.append((entry, item))
    outcomes = upserter.process([record for _entry, record in pairs])
    for (entry, _record), outcome in zip(pairs, outcomes, strict=True):
        report.add_outcome(entry, outcome)


def import_bibtex(
    source,
    *,
    index_page=None,
    dry_run=False,
    valid_only=False,
    keep_rows=False,
    progress=None,
    workers=0,
):
    """Import a whole file (text or open file) in one transaction.

    A file with errors imports nothing unless `valid_only`; a dry run writes nothing. Entries are
    parsed and written a batch at a time, so memory does not grow with the file. With
    `workers`, that many processes parse the next batches while this one writes.
    """
    report = ImportReport(keep_rows=keep_rows)
    batches = read_bibtex_in_parallel(source, workers) if workers else read_bibtex(source)
    with ingestion(index_page, write=not dry_run) as upserter:
        for batch in batches:
            if any(isinstance(item, EntryError) for _entry, item in batch) and not valid_only:
                upserter.write = False
            _process(upserter, batch, report)
            if progress:
                progress(report)
        report.imported = upserter.write and not dry_run
        if not report.imported:
            transaction.set_rollback(True)
            upserter.pending_index.clear()
    if not dry_run:
        import_finished.send(
            sender=ImportReport,
            source="bibtex",
            label=getattr(source, "name", ""),
            user=None,
            imported=report.imported,
            counts=dict(report.counts),
            errors=[str(error) for error in report.errors],
        )
    return report


# The admin view works through a large file a chunk per request, so each step stays short
# and the page can show how far it got.


def analyse_chunk(batch, size):
    """Plan the next `size` entries of an ImportBatch without writing; update its preview."""
    preview = batch.preview or {}
    report = _report_from(preview)
    upserter = Upserter(write=False)
    start = batch.position
    for chunk in read_bibtex(batch.content, start=start, stop=start + size):
        _process(upserter, chunk, report)
    batch.position = min(start + size, batch.total)
    batch.preview = _report_to(report)
    if batch.position >= batch.total:
        batch.stage = batch.Stage.READY
    batch.save(update_fields=["position", "preview", "stage"])


def import_chunk(batch, size):
    """Import the next `size` entries of an analysed ImportBatch, in one transaction."""
    result = batch.result or {}
    report = _report_from(result)
    start = batch.position
    with ingestion() as upserter:
        for chunk in read_bibtex(batch.content, start=start, stop=start + size):
            valid = [(entry, item) for entry, item in chunk if not isinstance(item, EntryError)]
            skipped = [item for _entry, item in chunk if isinstance(item, EntryError)]
            for error in skipped:
                report.add_error(error)
            _process(upserter, valid, report)
        batch.position = min(start + size, batch.total)
        batch.result = _report_to(report)
        if batch.position >= batch.total:
            batch.stage = batch.Stage.DONE
        batch.save(update_fields=["position", "result", "stage"])
    if batch.stage == batch.Stage.DONE:
        import_finished.send(
            sender=ImportReport,
            source="bibtex",
            label=batch.file_name,
            user=batch.uploaded_by,
            imported=True,
            counts=dict(report.counts),
            errors=[str(error) for error in report.errors],
        )


def _report_from(data):
    report = ImportReport(keep_rows=True)
    report.counts.update(data.get("counts", {}))
    report.errors = [
        EntryError(error["key"], error["line"], error["reason"]) for error in data.get("errors", [])
    ]
    report.rows = data.get("rows", [])
    report.processed = data.get("processed", 0)
    return report


def _report_to(report):
    return {
        "counts": {action: report.counts.get(action, 0) for action in ACTIONS},
        "errors": [
            {"key": error.key, "line": error.line, "reason": error.reason}
            for error in report.errors
        ],
        "rows": report.rows,
        "processed": report.processed,
    }
