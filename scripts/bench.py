#!/usr/bin/env python
"""`make bench` and `make load`: the site under gunicorn on PostgreSQL with the bulk data set.

bench (default): a fresh database (migrate, demo, `generate_bulk` at full size, timed), then
gunicorn with 2 workers and production settings on loopback, measured in one run:
(a) the floor of the stack, `/healthz` (a constant through every middleware, no query),
(b) every public page type with the page cache off (a miss on a warm site),
(c) every page type as a page-cache hit (Redis),
plus the SQL queries of each page counted in this process with Django's test client against
the same database. Then two gunicorn servers sharing the database and Redis: both serve a page
from the cache, an editor publishes, both serve the new text on the next request.

--load: 5 minutes (--load-seconds) of mixed anonymous browsing and search by 4 clients while an
editor publishes a page every few seconds through the ORM (`revision.publish()`), and checks
that the next request for the page, in English and in French, shows the change.

Results go to var/bench/*.json and between the HTML comment markers of docs/performance.md.
"""

import argparse
import html
import http.client
import json
import multiprocessing
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
PG = "postgres://postgres@127.0.0.1:5432"
BULK = {"people": 200, "publications": 20_000, "projects": 100, "startups": 50}
TARGETS = {"hit_vs_floor": 0.5, "uncached_p95_ms": 150, "search_p95_ms": 100}
SEARCH_WORDS = ["learning", "neural", "graph", "language", "robust", "causal", "vision"]


# Processes


def run(*command, env=None, quiet=False):
    started = time.monotonic()
    result = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=quiet,
    )
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(str(part) for part in command)}")
    return time.monotonic() - started


def psql(database, sql):
    run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qc", sql, quiet=True)


def settings_env(args, page_cache, port=None):
    """Production settings on loopback: DEBUG off, a secret key, the hosts, Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mila.settings.production",
        "SECRET_KEY": args.secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{PG}/{args.db}",
        "REDIS_URL": args.redis_url,
        "PAGE_CACHE": "1" if page_cache else "0",
        # Fragments (menus, figures) cached as on any running site: the pages are "uncached"
        # in the sense of a page-cache miss.
        "FRAGMENT_CACHE": "1",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
    }
    if port:
        env.update(
            {
                "WEB_CONCURRENCY": str(args.workers),
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_CMD_ARGS": f"--access-logfile {WORK / f'access-{port}.log'}",
            }
        )
    return env


class Server:
    """gunicorn with mila/gunicorn.py, started and stopped by this script only."""

    def __init__(self, args, port, page_cache):
        self.port = port
        self.log = open(WORK / f"gunicorn-{port}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "-c", "python:mila.gunicorn", "mila.wsgi"],
            cwd=ROOT,
            env=settings_env(args, page_cache, port),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn on port {port} exited; see {self.log.name}")
            try:
                if get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn on port {port} did not answer /healthz within 60 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache", ""), response.read()
    finally:
        connection.close()


# Load generation: one process per client, so the clients do not share a GIL.


def _client(port, paths, start_at, stop_at, seed):
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, errors, hits, count = [], 0, 0, 0
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        path = paths[0] if len(paths) == 1 else rng.choice(paths)
        began = time.perf_counter()
        try:
            # gunicorn's sync workers close the connection after each response; http.client
            # opens a new one when needed.
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status, cache = response.status, response.getheader("X-Cache", "")
        except (OSError, http.client.HTTPException):
            connection.close()
            status, cache = 0, ""
        latencies.append(time.perf_counter() - began)
        count += 1
        if status != 200:
            errors += 1
        elif cache == "HIT":
            hits += 1
    connection.close()
    # The last request may end after stop_at: throughput is over the time actually taken.
    return {
        "latencies": latencies,
        "errors": errors,
        "hits": hits,
        "count": count,
        "elapsed": time.time() - start_at,
    }


def hammer(pool, port, paths, seconds, clients):
    start_at = time.time() + 0.3
    stop_at = start_at + seconds
    parts = pool.starmap(
        _client, [(port, paths, start_at, stop_at, seed) for seed in range(clients)]
    )
    latencies = sorted(value for part in parts for value in part["latencies"])
    count = sum(part["count"] for part in parts)
    errors = sum(part["errors"] for part in parts)
    percentiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    elapsed = max(part["elapsed"] for part in parts)
    return {
        "requests": count,
        "elapsed": elapsed,
        "rps": (count - errors) / elapsed,
        "p50_ms": percentiles[49] * 1000,
        "p95_ms": percentiles[94] * 1000,
        "p99_ms": percentiles[98] * 1000,
        "errors": errors,
        "hit_ratio": sum(part["hits"] for part in parts) / count if count else 0,
    }


# Django in this process: URLs, query counts, the editor.


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


def database_ready(args):
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            args.db,
            "-tAc",
            "SELECT count(*) FROM publications_publicationpage",
        ],
        capture_output=True,
        text=True,
    )
    return (
        result.returncode == 0
        and int(result.stdout.strip() or 0) > 0
        and (WORK / "static" / "staticfiles.json").exists()
    )


def machine():
    def first(path, key):
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            return "?"
        return "?"

    memory_kb = first("/proc/meminfo", "MemTotal").split()[0]
    import django
    import wagtail

    server = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "commit": commit or os.environ.get("BENCH_COMMIT", "?"),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory_kb) / 1024 / 1024, 1) if memory_kb.isdigit() else "?",
        "python": platform.python_version(),
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "postgresql": server.split()[0] if server else "?",
        "load_average": os.getloadavg(),
    }


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


def bench(args):
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    generate_seconds, generate_steps = None, []
    if args.reuse_db and database_ready(args):
        print(f"reusing database {args.db}", flush=True)
    else:
        generate_seconds, generate_steps = prepare(args)
    setup_django(args, page_cache=False)
    flush_redis(args.redis_url)
    info = machine()
    urls = page_urls()
    if args.pages:
        urls = {name: url for name, url in urls.items() if re.search(args.pages, name)}
    print("counting queries", flush=True)
    queries = count_queries(urls)
    pool = multiprocessing.get_context("fork").Pool(args.clients)
    results = {"floor": [], "uncached": {}, "hit": {}}
    try:
        with Server(args, args.port, page_cache=False):
            hammer(pool, args.port, ["/healthz"], 2, args.clients)  # warm both workers
            results["floor"].append(
                hammer(pool, args.port, ["/healthz"], args.seconds, args.clients)
            )
            print(f"floor: {results['floor'][-1]['rps']:.0f} req/s", flush=True)
            for name, url in urls.items():
                hammer(pool, args.port, [url], 1, args.clients)
                results["uncached"][name] = hammer(
                    pool, args.port, [url], args.seconds, args.clients
                )
                print(f"uncached {name}: {summary(results['uncached'][name])}", flush=True)
        flush_redis(args.redis_url)
        with Server(args, args.port, page_cache=True):
            for name, url in urls.items():
                hammer(pool, args.port, [url], 1, args.clients)  # the first request fills it
                results["hit"][name] = hammer(
                    pool, args.port, [url], args.hit_seconds, args.clients
                )
                print(f"hit {name}: {summary(results['hit'][name])}", flush=True)
            results["floor"].append(
                hammer(pool, args.port, ["/healthz"], args.seconds, args.clients)
            )
            print(f"floor again: {results['floor'][-1]['rps']:.0f} req/s", flush=True)
    finally:
        pool.close()
        pool.join()
    print("two servers sharing PostgreSQL and Redis", flush=True)
    shared = two_servers(args)
    info["load_average_end"] = os.getloadavg()
    report = {
        "machine": info,
        "bulk": args.bulk,
        "generate_bulk_seconds": generate_seconds,
        "generate_bulk_steps": generate_steps,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "hit_seconds": args.hit_seconds,
        "urls": urls,
        "queries": queries,
        "results": results,
        "two_servers": shared,
        "total_seconds": time.monotonic() - started,
    }
    (WORK / "bench.json").write_text(json.dumps(report, indent=2))
    if args.write_docs:
        replace_section("bench", bench_markdown(report), args.doc)
    print(bench_markdown(report))


def summary(result):
    return (
        f"{result['rps']:.1f} req/s, p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms,"
        f" {result['errors']} errors, hits {result['hit_ratio']:.0%}"
    )


def bench_markdown(report):
    info, results = report["machine"], report["results"]
    floor = statistics.mean(run["rps"] for run in results["floor"])
    lines = [
        f"Run of {info['date']} at commit {info['commit']} (`make bench`, "
        f"{report['total_seconds'] / 60:.1f} min): "
        f"{info['cores']} cores ({info['cpu']}), {info['memory_gib']} GiB RAM, load average "
        f"{info['load_average'][0]:.1f} at the start and {info['load_average_end'][0]:.1f} at the "
        f"end (the machine is shared); Python {info['python']}, Django {info['django']}, "
        f"Wagtail {info['wagtail']}, PostgreSQL {info['postgresql']} and Redis on the same "
        f"machine. gunicorn `-c python:mila.gunicorn` with {report['workers']} sync workers, "
        "production settings (`DEBUG` off), access log to a file; "
        f"{report['clients']} concurrent clients on loopback (one process each, a new "
        "connection per request as gunicorn's sync workers close them), "
        f"{report['seconds']} s per uncached page, {report['hit_seconds']} s per cache hit.",
        "",
    ]
    if report["generate_bulk_seconds"] is not None:
        bulk = " ".join(f"--{name} {value}" for name, value in report["bulk"].items())
        lines += [
            f"Data: the demo plus `generate_bulk {bulk}`, which took "
            f"**{report['generate_bulk_seconds']:.0f} s** (target: under 120 s; including "
            f"Django's start; its steps, cumulative: {'; '.join(report['generate_bulk_steps'])}).",
            "",
        ]
    floor_runs = ", ".join(f"{run['rps']:.0f}" for run in results["floor"])
    lines += [
        f"(a) floor, `/healthz` (a constant through every middleware, no query): **{floor:.0f} "
        f"req/s** (runs: {floor_runs}), p50 {results['floor'][0]['p50_ms']:.1f} ms, p95 "
        f"{results['floor'][0]['p95_ms']:.1f} ms.",
        "",
        "| page | SQL queries (miss / hit) | one miss in-process (of which SQL) "
        "| (b) uncached req/s | p50 | p95 | b/a | (c) cache hit req/s | p50 | p95 | c/a |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in report["urls"]:
        miss, hit = results["uncached"][name], results["hit"][name]
        counts = report["queries"][name]
        hit_count = "not cached" if counts["hit"] is None else counts["hit"]
        hit_note = "" if hit["hit_ratio"] > 0.99 else f" ({hit['hit_ratio']:.0%} hits)"
        lines.append(
            f"| {name} | {counts['miss']} / {hit_count} | {counts['miss_ms']:.0f} ms "
            f"({counts['sql_ms']:.0f} ms) | {miss['rps']:.1f} | "
            f"{miss['p50_ms']:.0f} ms | {miss['p95_ms']:.0f} ms | {miss['rps'] / floor:.1%} | "
            f"{hit['rps']:.0f}{hit_note} | {hit['p50_ms']:.1f} ms | {hit['p95_ms']:.1f} ms | "
            f"{hit['rps'] / floor:.0%} |"
        )
    errors = sum(r["errors"] for group in ("uncached", "hit") for r in results[group].values())
    slowest = max(results["uncached"].items(), key=lambda item: item[1]["p95_ms"])
    search = next(
        (r for name, r in results["uncached"].items() if name.startswith("publication search")),
        None,
    )
    hit_ratios = [r["rps"] / floor for r in results["hit"].values()]
    meets = sum(ratio >= TARGETS["hit_vs_floor"] for ratio in hit_ratios)
    lines += [
        "",
        "Targets:",
        "",
        f"- cache hits at least 50 % of the floor: **{meets} of {len(hit_ratios)}** pages "
        f"(lowest {min(hit_ratios):.0%}, highest {max(hit_ratios):.0%}).",
        f"- slowest uncached page p95 under 150 ms: **{slowest[1]['p95_ms']:.0f} ms** "
        f"({slowest[0]}) — {'met' if slowest[1]['p95_ms'] < 150 else 'not met'}.",
    ]
    if search:
        lines.append(
            f"- publication search over {report['bulk']['publications']:,} papers p95 under "
            f"100 ms: **{search['p95_ms']:.0f} ms** — "
            f"{'met' if search['p95_ms'] < 100 else 'not met'}."
        )
    lines.append(f"- errors (non-200 or no answer): {errors}.")
    shared = report["two_servers"]
    after = shared["after_publish"]
    lines += [
        "",
        f"Two gunicorn servers (ports {', '.join(after)}), one PostgreSQL, one Redis: "
        f"`{shared['url']}` requested three times on each gave "
        + "; ".join(
            f"{port}: {', '.join(c or '-' for c in caches)}"
            for port, caches in shared["before"].items()
        )
        + "; after an editor's publish (ORM, third process): "
        + "; ".join(
            f"{port}: {a['x_cache'] or '-'}, new text {'shown' if a['new_text'] else 'NOT shown'}"
            for port, a in after.items()
        )
        + "; the request after that: "
        + ", ".join(f"{port}: {cache or '-'}" for port, cache in shared["then"].items())
        + ".",
    ]
    return "\n".join(lines)


# The load scenario


def _editor_pages(port):
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


def load(args):
    WORK.mkdir(parents=True, exist_ok=True)
    if not database_ready(args):
        prepare(args)
    setup_django(args, page_cache=True)
    flush_redis(args.redis_url)
    from django.db import connections
    from django.utils import translation

    from people.models import PersonPage
    from publications.models import PublicationPage

    info = machine()
    urls = list(page_urls().values())
    profiles = list(PersonPage.objects.live().order_by("?").values_list("pk", flat=True)[:60])
    papers = list(PublicationPage.objects.live().order_by("?").values_list("pk", flat=True)[:200])
    paths = []
    for pk in profiles:
        with translation.override(random.choice(["en", "fr"])):
            paths.append(PersonPage.objects.get(pk=pk).get_url())
    for pk in papers:
        with translation.override(random.choice(["en", "fr"])):
            paths.append(PublicationPage.objects.get(pk=pk).get_url())
    index = urls[4]
    searches = [f"/en/search/?q={word}" for word in SEARCH_WORDS]
    searches += [f"/fr/rechercher/?q={word}" for word in SEARCH_WORDS]
    searches += [f"{index}?q={word}" for word in SEARCH_WORDS]
    # A visit mix: pages and listings, with one request in fifteen a search.
    mix = urls * 3 + paths + searches
    left_out = sorted({path for path in mix if args.skip and re.search(args.skip, path)})
    mix = [path for path in mix if path not in left_out]
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(args.clients)
    publishes = []
    try:
        with Server(args, args.port, page_cache=True):
            editor_pages, skipped = _editor_pages(args.port)
            originals = {page.pk: (page.title_en, page.title_fr) for page in editor_pages}
            connections.close_all()
            traffic = {}
            browsing = threading.Thread(
                target=lambda: traffic.update(
                    hammer(pool, args.port, mix, args.load_seconds, args.clients)
                )
            )
            browsing.start()
            deadline = time.monotonic() + args.load_seconds
            number = 0
            while time.monotonic() < deadline - args.publish_every:
                time.sleep(args.publish_every)
                number += 1
                page = editor_pages[number % len(editor_pages)]
                publishes.append(publish_and_check(args.port, page, number))
            browsing.join()
        for page in editor_pages:
            page.refresh_from_db()
            page.title_en, page.title_fr = originals[page.pk]
            page.save_revision().publish()
    finally:
        pool.close()
        pool.join()
    info["load_average_end"] = os.getloadavg()
    report = {
        "machine": info,
        "seconds": args.load_seconds,
        "clients": args.clients,
        "workers": args.workers,
        "publish_every": args.publish_every,
        "traffic": traffic,
        "publishes": publishes,
        "editor_pages": [page.url_path for page in editor_pages],
        "left_out": left_out,
        "skip": args.skip,
        "skipped_pages": skipped,
    }
    (WORK / "load.json").write_text(json.dumps(report, indent=2))
    if args.write_docs:
        replace_section("load", load_markdown(report), args.doc)
    print(load_markdown(report))


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


def load_markdown(report):
    info, traffic, publishes = report["machine"], report["traffic"], report["publishes"]
    checks = [check for publish in publishes for check in publish["seen"].values()]
    seen = sum(check["seen"] for check in checks)
    publish_ms = [publish["publish_ms"] for publish in publishes] or [0]
    return "\n".join(
        [
            f"Run of {info['date']} at commit {info['commit']} (`make load`): "
            f"{report['seconds']:.0f} s, {report['clients']} "
            f"browsing clients, gunicorn with {report['workers']} workers, page cache on "
            f"(Redis), the bulk data set on PostgreSQL; {info['cores']} cores ({info['cpu']}), "
            f"load average {info['load_average'][0]:.1f} at the start and "
            f"{info['load_average_end'][0]:.1f} at the end.",
            "",
            "| what | figure |",
            "|---|---|",
            f"| requests (home, listings with filters, profiles, papers, searches in EN and FR) "
            f"| {traffic['requests']:,} |",
            f"| throughput | {traffic['rps']:.1f} req/s |",
            f"| latency p50 / p95 / p99 | {traffic['p50_ms']:.0f} / {traffic['p95_ms']:.0f} / "
            f"{traffic['p99_ms']:.0f} ms |",
            f"| errors (non-200 or no answer) | {traffic['errors']} |",
            f"| served from the page cache | {traffic['hit_ratio']:.0%} |",
            f"| publishes (one every {report['publish_every']} s, ORM `revision.publish()`) "
            f"| {len(publishes)}, median {statistics.median(publish_ms):.0f} ms each |",
            f"| next request after a publish showed the change (EN and FR) | {seen} of "
            f"{len(checks)} |",
            f"| not seen | {len(checks) - seen} |",
            "",
            (
                f"Left out of the mix (`--skip '{report['skip']}'`): {len(report['left_out'])} "
                f"URLs, e.g. {report['left_out'][0]}. "
                if report["left_out"]
                else ""
            )
            + f"Pages edited in turn: {', '.join(report['editor_pages'])}."
            + (
                f" Left out because their title does not show at their URL: "
                f"{', '.join(report['skipped_pages'])}."
                if report["skipped_pages"]
                else ""
            ),
        ]
    )


# docs/performance.md


def wrap(text, width=100):
    """Paragraphs and list items wrapped like the rest of docs/; tables left whole."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("|") or len(line) <= width:
            lines.append(line)
        elif line.startswith("- "):
            lines.extend(textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False))
        else:
            lines.extend(textwrap.wrap(line, width, break_on_hyphens=False))
    return "\n".join(lines)


def replace_section(name, text, doc=DOC):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    document = doc.read_text()
    block = f"{start}\n{wrap(text)}\n{end}"
    if start in document and end in document:
        before, rest = document.split(start, 1)
        document = before + block + rest.split(end, 1)[1]
    else:
        document = document.rstrip("\n") + f"\n\n{block}\n"
    doc.write_text(document)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="the load scenario instead")
    parser.add_argument("--db", default="mila_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=6, help="per uncached page")
    parser.add_argument("--hit-seconds", type=float, default=4, help="per cache hit")
    parser.add_argument("--load-seconds", type=float, default=300)
    parser.add_argument("--publish-every", type=float, default=5)
    parser.add_argument("--reuse-db", action="store_true", help="keep the database if ready")
    parser.add_argument("--pages", help="bench: only the page types matching this regex")
    parser.add_argument("--skip", help="load: leave the URLs matching this regex out of the mix")
    parser.add_argument("--no-docs", dest="write_docs", action="store_false")
    parser.add_argument("--doc", type=Path, default=DOC, help="the file whose section is rewritten")
    for name, value in BULK.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.db):
        parser.error("--db: a plain database name")
    args.bulk = {name: getattr(args, name) for name in BULK}
    args.secret_key = secrets.token_urlsafe(50)
    load(args) if args.load else bench(args)


if __name__ == "__main__":
    main()
