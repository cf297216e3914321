"""The bench's Django side, in this process: which URLs, their SQL queries, the data set,
and the editor who publishes while the servers serve."""

import html
import os
import re
import secrets
import subprocess
import sys
import time

from scripts.bench_server import ROOT, WORK, Server, get, psql, run, settings_env


def setup_django(args, page_cache):
    os.environ.update(settings_env(args, page_cache))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_urls():
    from django.db.models import Count
    from django.utils import translation

    from mila.models import ResearchTopic
    from pages.models import ProgramIndexPage, ProgramPage
    from partnerships.models import (
        PartnerProjectIndexPage,
        PartnerProjectPage,
        StartupIndexPage,
        StartupPage,
    )
    from people.models import PeopleIndexPage, PersonPage
    from publications.models import PublicationIndexPage, PublicationPage

    def url(model, **filters):
        page = model.objects.live().filter(**filters).order_by("pk").first()
        with translation.override("en"):
            return page.get_url()

    topic = (
        ResearchTopic.objects.annotate(profiles=Count("people"))
        .order_by("-profiles", "pk")
        .first()
        .slug
    )
    busiest = (
        PersonPage.objects.live()
        .annotate(papers=Count("authorships"))
        .order_by("-papers", "pk")
        .first()
    )
    directory, publications = url(PeopleIndexPage), url(PublicationIndexPage)
    with translation.override("en"):
        profile = busiest.get_url()
    return {
        "home": "/en/",
        "directory": directory,
        "directory, filtered": f"{directory}?topic={topic}&membership=academic",
        f"profile with the most papers ({busiest.papers})": profile,
        "publication list": publications,
        "publication list, filtered": f"{publications}?year=2020&topic={topic}",
        "publication search `?q=learning`": f"{publications}?q=learning",
        "publication page": url(PublicationPage),
        "partner project index": url(PartnerProjectIndexPage),
        "partner project": url(PartnerProjectPage),
        "startup index": url(StartupIndexPage),
        "startup": url(StartupPage),
        "program index": url(ProgramIndexPage),
        "program": url(ProgramPage),
        "site search `?q=learning`": "/en/search/?q=learning",
    }


def count_queries(urls):
    """Queries of a page-cache miss on a warm site, and of a hit, with the test client."""
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for name, url in urls.items():
        settings.PAGE_CACHE_ENABLED = False
        assert client.get(url).status_code == 200, url  # warm: site root, fragments, renditions
        # Counted right away: the next request empties Django's query log.
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        miss_ms = (time.perf_counter() - began) * 1000
        miss = len(queries)
        sql_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        settings.PAGE_CACHE_ENABLED = True
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = {
            "miss": miss,
            "miss_ms": miss_ms,
            "sql_ms": sql_ms,
            "hit": len(queries) if response.get("X-Cache") == "HIT" else None,
        }
    settings.PAGE_CACHE_ENABLED = False
    connections.close_all()  # the load clients are forked from this process
    return counts


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


# Steps


def prepare(args):
    """A fresh database with the demo and the bulk data; returns generate_bulk's time."""
    WORK.mkdir(parents=True, exist_ok=True)
    env = settings_env(args, page_cache=False)
    env["DJANGO_SETTINGS_MODULE"] = "mila.settings.production"
    manage = [sys.executable, "manage.py"]
    print(f"database {args.db}: create, migrate, demo", flush=True)
    psql("postgres", f"DROP DATABASE IF EXISTS {args.db}")
    psql("postgres", f"CREATE DATABASE {args.db}")
    run(*manage, "migrate", "--noinput", env=env, quiet=True)
    run(*manage, "load_demo", env=env, quiet=True)
    bulk = [f"--{name}={value}" for name, value in args.bulk.items()]
    print(f"generate_bulk {' '.join(bulk)}", flush=True)
    log = WORK / "generate_bulk.log"
    with log.open("w") as output:
        started = time.monotonic()
        subprocess.run(
            [*manage, "generate_bulk", *bulk], cwd=ROOT, env=env, stdout=output, check=True
        )
        seconds = time.monotonic() - started
    steps = log.read_text().strip().splitlines()
    print(f"generate_bulk: {seconds:.1f} s ({'; '.join(steps)})", flush=True)
    run(*manage, "collectstatic", "--noinput", env=env, quiet=True)
    return seconds, steps


def two_servers(args):
    """Two gunicorn servers, one database, one Redis: a publish is seen by both."""
    from pages.models import StandardPage

    page = StandardPage.objects.live().order_by("pk").first()
    url = page.get_url()
    ports = (args.port + 1, args.port + 2)
    with Server(args, ports[0], True), Server(args, ports[1], True):
        before = {port: [get(port, url)[1] for _ in range(3)] for port in ports}
        marker = f"two-servers-{secrets.token_hex(3)}"
        original = page.title_en
        page.title_en = f"{original} {marker}"
        page.save_revision().publish()
        after = {port: get(port, url) for port in ports}
        again = {port: get(port, url)[1] for port in ports}
        page.title_en = original
        page.save_revision().publish()
    from django.db import connections

    connections.close_all()
    return {
        "url": url,
        "before": {str(port): caches for port, caches in before.items()},
        "after_publish": {
            str(port): {"x_cache": cache, "new_text": marker in body.decode()}
            for port, (_status, cache, body) in after.items()
        },
        "then": {str(port): cache for port, cache in again.items()},
    }


def pages_to_edit(port):
    """Pages whose title shows at their URL in both languages (a page shadowed by another
    route would make a publish look unseen)."""
    from django.utils import translation

    from pages.models import StandardPage

    chosen, skipped = [], []
    for page in StandardPage.objects.live().order_by("pk")[:12]:
        shown = True
        for language in ("en", "fr"):
            with translation.override(language):
                url, title = page.get_url(), page.title
            status, _cache, body = get(port, url)
            # The whole title as an element's text (<h1>Title</h1>), not a part of another.
            shown = shown and status == 200 and f">{html.escape(title)}<" in body.decode()
        (chosen if shown else skipped).append(page)
    return chosen[:5], [page.url_path for page in skipped]


def publish_and_check(port, page, number):
    from django.utils import translation

    page.refresh_from_db()
    marker = f"[edit {number}]"
    base_en = re.sub(r" \[edit \d+\]$", "", page.title_en)
    base_fr = re.sub(r" \[édition \d+\]$", "", page.title_fr or page.title_en)
    page.title_en = f"{base_en} {marker}"
    page.title_fr = f"{base_fr} [édition {number}]"
    began = time.perf_counter()
    page.save_revision().publish()
    published = time.perf_counter() - began
    seen = {}
    for language, text in (("en", marker), ("fr", f"[édition {number}]")):
        with translation.override(language):
            url = page.get_url()
        status, cache, body = get(port, url)
        seen[language] = {
            "url": url,
            "status": status,
            "x_cache": cache,
            "seen": status == 200 and text in body.decode(),
        }
    return {"number": number, "page": page.pk, "publish_ms": published * 1000, "seen": seen}
