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

--growth: the same pages, plus the sitemap, a feed and the API, at the bulk size and at five
times it, with the time to publish a paper and the first view after a publish
(scripts/bench_growth.py).

--load: 5 minutes (--load-seconds) of mixed anonymous browsing and search by 4 clients while an
editor publishes a page every few seconds through the ORM (`revision.publish()`), and checks
that the next request for the page, in English and in French, shows the change.

Results go to var/bench/*.json and between the HTML comment markers of docs/performance.md.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import secrets
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from scripts.bench_growth import growth, growth_part
from scripts.bench_report import DOC, bench_markdown, load_markdown, replace_section, summary
from scripts.bench_server import WORK, Server, database_ready, hammer, machine
from scripts.bench_site import (
    count_queries,
    flush_redis,
    page_urls,
    pages_to_edit,
    prepare,
    publish_and_check,
    setup_django,
    two_servers,
)

BULK = {"people": 200, "publications": 20_000, "projects": 100, "startups": 50}
SEARCH_WORDS = ["learning", "neural", "graph", "language", "robust", "causal", "vision"]


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
            editor_pages, skipped = pages_to_edit(args.port)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="the load scenario instead")
    parser.add_argument(
        "--growth", action="store_true", help="the same URLs at two archive sizes, side by side"
    )
    parser.add_argument("--growth-part", action="store_true", help=argparse.SUPPRESS)
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
    if args.growth_part:
        growth_part(args)
    elif args.growth:
        growth(args)
    elif args.load:
        load(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
