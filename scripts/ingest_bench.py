"""Throughput and memory of the two ways papers come in (see docs/performance.md).

Run with `manage.py benchmark_ingest` (SQLite by default, PostgreSQL with DATABASE_URL). Everything
happens in a transaction that is rolled back at the end, unless --keep is given.
"""

import gc
import io
import json
import tempfile
import time
import tracemalloc
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from people.models import PersonPage
from publications.models import IngestToken
from scripts.sample_papers import generate_bibtex, generate_papers


@dataclass
class Measurement:
    label: str
    papers: int
    seconds: float
    peak_mib: float | None = None

    @property
    def rate(self):
        return self.papers / self.seconds if self.seconds else 0

    def __str__(self):
        memory = f", peak {self.peak_mib:.1f} MiB" if self.peak_mib is not None else ""
        return f"{self.label}: {self.papers} papers in {self.seconds:.1f} s ({self.rate:.0f} papers/s{memory})"


def _measure(label, papers, action, trace_memory):
    gc.collect()
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    peak = None
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return Measurement(label, papers, seconds, peak)


def post_papers(client, token, papers, per_request=5000):
    for start in range(0, len(papers), per_request):
        body = json.dumps(papers[start : start + per_request])
        response = client.post(
            "/api/publications/ingest/",
            body,
            content_type="application/json",
            headers={"x-api-token": token, "host": "localhost"},
        )
        assert response.status_code == 200, response.content[:500]
        result = response.json()
        assert result["rejected"] == 0, result["rejections"][:3]


def run(count=10_000, trace_memory=False, keep=False, stdout=None):
    """Ingest `count` papers through the API, then `count` entries through import_bibtex."""
    write = stdout.write if stdout else print
    results = []

    def step(label, action):
        results.append(_measure(label, count, action, trace_memory))
        write(str(results[-1]))

    # As in production: with DEBUG on, Django keeps the SQL of every query (megabytes here).
    with override_settings(DEBUG=False), transaction.atomic():
        _token, plaintext = IngestToken.create_token(f"benchmark-{time.time_ns()}")
        slugs = list(PersonPage.objects.values_list("slug_en", flat=True)[:50])
        papers = generate_papers(count, profile_slugs=slugs)
        client = Client()
        step("API, new papers", lambda: post_papers(client, plaintext, papers))
        step("API, same papers again (unchanged)", lambda: post_papers(client, plaintext, papers))
        papers.clear()
        with (
            tempfile.NamedTemporaryFile("w", suffix=".bib", encoding="utf-8") as first,
            tempfile.NamedTemporaryFile("w", suffix=".bib", encoding="utf-8") as second,
        ):
            first.write(generate_bibtex(count))
            second.write(generate_bibtex(count, seed=3, offset=count))
            first.flush()
            second.flush()
            step("import_bibtex, new entries", lambda: _import(first.name))
            step("import_bibtex --workers 0, new entries", lambda: _import(second.name, "0"))
            step("import_bibtex, same file again (unchanged)", lambda: _import(first.name))
        if not keep:
            transaction.set_rollback(True)
    return results


def _import(path, workers=None):
    out = io.StringIO()
    options = {"workers": int(workers)} if workers is not None else {}
    call_command("import_bibtex", path, stdout=out, stderr=io.StringIO(), **options)
    assert "Imported:" in out.getvalue(), out.getvalue()
