"""`make bench-growth`: the same measurements at two archive sizes, side by side.

Each size runs in its own process (`bench.py --growth-part`, one Django setup per database):
a database with the bulk data set at that size (kept between runs with --reuse-db), gunicorn
with production settings, and for every URL the p95 of a page-cache miss (the pages of
`make bench` plus the sitemap index and files, a feed and the API listing); the time to publish
a paper; and the first view of the busiest pages right after a publish (the page cache and every
remembered value emptied by it). The report puts both sizes side by side with their ratio.
"""

import json
import re
import statistics
import subprocess
import sys
import time

from scripts.bench_report import replace_section
from scripts.bench_server import WORK, Server, database_ready, get, hammer, machine
from scripts.bench_site import flush_redis, page_urls, prepare, setup_django

SCALE = 5
# Published before each first view; the pages whose first view is timed.
FIRST_VIEWS = 10
FIRST_VIEW_PAGES = ("home", "directory", "publication list", "sitemap index", "API listing")
TARGETS = {"p95_ms": 100, "first_view_ms": 300, "publish_ms": 1000, "growth": 1.5}


def extra_urls():
    from django.utils import translation
    from wagtail.models import Site

    from mila import sitemaps
    from publications.models import PublicationIndexPage

    with translation.override("en"):
        publications = PublicationIndexPage.objects.live().first().get_url()
    site = Site.objects.get(is_default_site=True)
    files = len(sitemaps._sections(site)["publications-publicationpage"]["starts"])
    papers = "/sitemap-publications-publicationpage-en.xml"
    return {
        "sitemap index": "/sitemap.xml",
        "sitemap, first file of papers": papers,
        f"sitemap, last file of papers (?p={files})": f"{papers}?p={files}",
        "sitemap, profiles": "/sitemap-people-personpage-fr.xml",
        "publication feed (RSS)": f"{publications}feed/rss/",
        "API listing of papers": "/api/v2/pages/?type=publications.PublicationPage&limit=20",
    }


def _publish_times(count=5):
    from publications.models import PublicationPage

    times = []
    for pk in PublicationPage.objects.live().order_by("-pk").values_list("pk", flat=True)[:count]:
        paper = PublicationPage.objects.get(pk=pk)
        paper.title = f"{paper.title.removesuffix(' (revised)')} (revised)"
        began = time.perf_counter()
        paper.save_revision().publish()
        times.append((time.perf_counter() - began) * 1000)
    return times


def _first_views(args, urls):
    """Publish a page, then time the first request of each busy page: FIRST_VIEWS rounds."""
    from django.db import connections

    from pages.models import StandardPage

    page = StandardPage.objects.live().order_by("pk").first()
    original = page.title_en
    views = {name: [] for name in urls}
    with Server(args, args.port, page_cache=True):
        for number in range(FIRST_VIEWS):
            page.title_en = f"{original} [growth {number}]"
            page.save_revision().publish()
            for name, url in urls.items():
                began = time.perf_counter()
                status, _cache, _body = get(args.port, url)
                assert status == 200, url
                views[name].append((time.perf_counter() - began) * 1000)
        page.title_en = original
        page.save_revision().publish()
    connections.close_all()
    return views


def growth_part(args):
    """One size: measured in this process, results in var/bench/growth-<db>.json."""
    import multiprocessing

    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    generate_seconds = None
    if args.reuse_db and database_ready(args):
        print(f"reusing database {args.db}", flush=True)
    else:
        generate_seconds, _steps = prepare(args)
    setup_django(args, page_cache=False)
    flush_redis(args.redis_url)
    from publications.models import PublicationPage

    # Names without their counts ("profile with the most papers (760)"): the two sizes match.
    urls = {
        re.sub(r" \(.*\)$", "", name): url for name, url in {**page_urls(), **extra_urls()}.items()
    }
    papers = PublicationPage.objects.live().count()
    publish_ms = _publish_times()
    from django.db import connections

    connections.close_all()  # the load clients are forked from this process
    pool = multiprocessing.get_context("fork").Pool(args.clients)
    uncached = {}
    try:
        with Server(args, args.port, page_cache=False):
            for name, url in urls.items():
                hammer(pool, args.port, [url], 1, args.clients)
                uncached[name] = hammer(pool, args.port, [url], args.seconds, args.clients)
                print(f"{papers} papers, {name}: p95 {uncached[name]['p95_ms']:.0f} ms", flush=True)
    finally:
        pool.close()
        pool.join()
    first = {name: url for name, url in urls.items() if name.startswith(FIRST_VIEW_PAGES)}
    first_views = _first_views(args, first)
    report = {
        "machine": machine(),
        "papers": papers,
        "bulk": args.bulk,
        "generate_bulk_seconds": generate_seconds,
        "urls": urls,
        "uncached": uncached,
        "publish_ms": publish_ms,
        "first_views_ms": first_views,
        "total_seconds": time.monotonic() - started,
    }
    (WORK / f"growth-{args.db}.json").write_text(json.dumps(report, indent=2))


def growth(args):
    """Both sizes, one process each, then the side-by-side report."""
    parts = []
    for scale in (1, SCALE):
        database = args.db if scale == 1 else f"{args.db}_x{scale}"
        command = [
            sys.executable,
            str(WORK.parent.parent / "scripts" / "bench.py"),
            "--growth-part",
            "--db",
            database,
            "--port",
            str(args.port),
            "--clients",
            str(args.clients),
            "--workers",
            str(args.workers),
            "--seconds",
            str(args.seconds),
            *[f"--{name}={value * scale}" for name, value in args.bulk.items()],
            *(["--reuse-db"] if args.reuse_db else []),
        ]
        subprocess.run(command, check=True)
        parts.append(json.loads((WORK / f"growth-{database}.json").read_text()))
    text = growth_markdown(*parts)
    if args.write_docs:
        replace_section("growth", text, args.doc)
    print(text)


def _p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def growth_markdown(small, large):
    info = large["machine"]
    lines = [
        f"Run of {info['date']} at commit {info['commit']} (`make bench-growth`): "
        f"{small['papers']:,} then {large['papers']:,} papers ({small['bulk']['people']:,} then "
        f"{large['bulk']['people']:,} people), gunicorn with 2 workers, 4 clients, production "
        f"settings, page cache off (remembered values on, as on a running site); load average "
        f"{info['load_average'][0]:.1f}. Targets at the larger size: p95 under "
        f"{TARGETS['p95_ms']} ms, first view after a publish under {TARGETS['first_view_ms']} ms,"
        f" publishing under {TARGETS['publish_ms']} ms, growth at most {TARGETS['growth']}×.",
        "",
        f"| URL (p95, ms) | {small['papers']:,} | {large['papers']:,} | ratio |",
        "|---|---|---|---|",
    ]
    for name in small["uncached"]:
        if name not in large["uncached"]:
            continue
        before = small["uncached"][name]["p95_ms"]
        after = large["uncached"][name]["p95_ms"]
        lines.append(f"| {name} | {before:.0f} | {after:.0f} | {after / before:.2f} |")
    for name in small["first_views_ms"]:
        before = _p95(small["first_views_ms"][name])
        after = _p95(large["first_views_ms"][name])
        lines.append(
            f"| first view after a publish: {name} | {before:.0f} | {after:.0f} |"
            f" {after / before:.2f} |"
        )
    before, after = _p95(small["publish_ms"]), _p95(large["publish_ms"])
    lines.append(f"| publishing a paper | {before:.0f} | {after:.0f} | {after / before:.2f} |")
    return "\n".join(lines)
