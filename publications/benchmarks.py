"""Throughput and memory of the two ways papers come in (see docs/performance.md).

Run with `manage.py benchmark_ingest` (SQLite by default, PostgreSQL with DATABASE_URL). Everything
happens in a transaction that is rolled back at the end, unless --keep is given.
"""

import gc
import io
import json
import random
import tempfile
import time
import tracemalloc
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from people.models import PersonPage

from .models import IngestToken

WORDS = [
    "learning",
    "deep",
    "neural",
    "reinforcement",
    "graph",
    "sparse",
    "robust",
    "causal",
    "efficient",
    "scalable",
    "bayesian",
    "generative",
    "diffusion",
    "transformer",
    "attention",
    "representation",
    "contrastive",
    "federated",
    "adversarial",
    "optimal",
    "kernel",
    "stochastic",
    "variational",
    "policy",
    "reward",
    "agent",
    "language",
    "vision",
    "molecular",
    "climate",
    "medical",
    "protein",
    "retrieval",
    "reasoning",
    "planning",
]
GIVEN = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Élise",
    "Farid",
    "Greta",
    "Hugo",
    "Inès",
    "Jamal",
    "Kenji",
    "Léa",
    "Mateo",
    "Nadia",
    "Omar",
]
FAMILY = [
    "Tremblay",
    "Nguyen",
    "Roy",
    "Gagnon",
    "Côté",
    "Okafor",
    "Haddad",
    "Li",
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Kim",
]
VENUES = [
    ("NeurIPS.cc/{year}/Conference", "conference"),
    ("ICML.cc/{year}/Conference", "conference"),
    ("Transactions on Machine Learning Research", "journal"),
    ("NeurIPS.cc/{year}/Workshop/Climate", "workshop"),
]


def _title(rng, number):
    words = rng.sample(WORDS, 7)
    return f"{' '.join(words).capitalize()} {number}"


def _name(rng):
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.randint(1, 400)}"


def generate_papers(count, seed=1, profile_slugs=(), offset=0):
    """Pipeline-shaped papers (paper-export.json), ~5 authors, two releases, three links."""
    rng = random.Random(seed)
    papers = []
    for number in range(offset, offset + count):
        year = rng.randint(2015, 2025)
        venue_name, venue_type = rng.choice(VENUES)
        authors = []
        for position in range(rng.randint(2, 8)):
            links = [{"type": "semantic_scholar", "link": str(10_000_000 + rng.randint(0, 10**6))}]
            if profile_slugs and position == 0 and rng.random() < 0.3:
                links.append({"type": "bio", "link": rng.choice(profile_slugs)})
            authors.append(
                {
                    "author": {
                        "author_id": f"{number}-{position}",
                        "name": _name(rng),
                        "links": links,
                    }
                }
            )
        papers.append(
            {
                "paper_id": f"bench{number:08d}",
                "title": _title(rng, number),
                "abstract": " ".join(rng.choices(WORDS, k=150)),
                "authors": authors,
                "releases": [
                    {
                        "venue": {
                            "name": venue_name.format(year=year),
                            "type": venue_type,
                            "date": {"text": f"{year}-{rng.randint(1, 12):02d}", "precision": 2},
                            "publisher": None,
                            "volume": None,
                        },
                        "peer_reviewed": True,
                        "status": rng.choice(["poster", "oral", "published"]),
                        "pages": None,
                    },
                    {
                        "venue": {
                            "name": "ArXiv",
                            "type": "preprint",
                            "date": {"text": f"{year - 1}-11-02", "precision": 3},
                        },
                        "peer_reviewed": False,
                        "status": "preprint",
                    },
                ],
                "topics": [{"name": topic} for topic in rng.sample(WORDS[:12], 2)],
                "links": [
                    {
                        "type": "arxiv.abstract",
                        "link": f"{year % 100:02d}{rng.randint(1, 12):02d}.{number % 100000:05d}",
                    },
                    {"type": "doi.abstract", "link": f"10.5555/bench.{number}"},
                    {"type": "pdf", "link": "", "url": f"https://example.org/papers/{number}.pdf"},
                ],
            }
        )
    return papers


def generate_bibtex(count, seed=2, offset=0):
    rng = random.Random(seed)
    entries = ['@string{tmlr = "Transactions on Machine Learning Research"}']
    for number in range(offset, offset + count):
        authors = " and ".join(
            f"{rng.choice(FAMILY)}{rng.randint(1, 400)}, {rng.choice(GIVEN)}"
            for _author in range(rng.randint(2, 8))
        )
        entries.append(
            f"@article{{bench{number},\n"
            f"  author = {{{authors}}},\n"
            f"  title = {{{_title(rng, number)} with {{\\'e}}t{{\\'e}}}},\n"
            f"  journal = tmlr,\n  year = {{{rng.randint(2015, 2025)}}},\n  month = mar,\n"
            f"  volume = {{{rng.randint(1, 30)}}},\n  pages = {{{number}--{number + 12}}},\n"
            f"  doi = {{10.5556/bench.{number}}},\n"
            f"  abstract = {{{' '.join(rng.choices(WORDS, k=150))}}}\n}}\n"
        )
    return "\n".join(entries)


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
