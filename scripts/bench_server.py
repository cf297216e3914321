"""The bench's processes: gunicorn servers, the load clients, psql, and the machine's facts."""

import http.client
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "bench"
PG = "postgres://postgres@127.0.0.1:5432"


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
