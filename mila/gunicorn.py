"""gunicorn settings: `gunicorn -c python:mila.gunicorn mila.wsgi`. Every value can be
overridden from the environment (GUNICORN_CMD_ARGS or the variables below)."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Synchronous workers: the app does blocking database I/O; two per core plus one is the usual
# start, measured with `make bench` before changing.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # the ingestion API takes large bodies
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master: workers fork with it, and start fast.
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Garbage collection. The loaded app (Django, Wagtail, the models: hundreds of thousands of
# objects) is frozen out of the collector's sight before the workers fork, and young objects are
# collected less often: full collections had added 100–140 ms to about one request in forty, the
# uncached pages' p95 (docs/performance.md). Memory grows a little between collections.
GC_THRESHOLDS = (20_000, 20, 100)


def when_ready(server):
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLDS)
