"""The bench's results as Markdown, written between the markers of docs/performance.md."""

import statistics
import textwrap

from scripts.bench_server import ROOT

DOC = ROOT / "docs" / "performance.md"
TARGETS = {"hit_vs_floor": 0.5, "uncached_p95_ms": 150, "search_p95_ms": 100}


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
