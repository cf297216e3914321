"""Health endpoints for load balancers and orchestrators, outside the language prefixes.

`/healthz`: the process answers (no database, no cache: a slow database must not get healthy
workers killed). `/readyz`: the database and the cache answer; 503 otherwise, so a load balancer
stops sending visitors to this host until they are back.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = "readyz:probe", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just written")


@never_cache
def readyz(request):
    checks, ready = {}, True
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            check()
            checks[name] = "ok"
        except Exception as problem:  # any failure, database or cache, means "not ready"
            logger.warning("readyz: %s unavailable: %s", name, problem)
            checks[name] = "unavailable"
            ready = False
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
