"""Scale-out settings (docs/deploy.md): each environment variable turns on the shared service it
names, read from the production settings in a fresh process as a deployment would."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SCALE_OUT = (
    "REDIS_URL",
    "PAGE_CACHE",
    "SEARCH_BACKEND",
    "SEARCH_URL",
    "SEARCH_INDEX",
    "DJANGO_SETTINGS_MODULE",
)
# Settings only, without setting up the apps: a tenth of the time of django.setup().
READ_SETTINGS = """
import json

from django.conf import settings
from django.core.files.storage import default_storage

print(json.dumps({
    "CACHES": settings.CACHES,
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "STORAGES": settings.STORAGES,
    "WAGTAILSEARCH_BACKENDS": settings.WAGTAILSEARCH_BACKENDS,
    "WAGTAILDOCS_SERVE_METHOD": getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None),
    "media_url": default_storage.url("images/portrait.jpg"),
}))
"""


def _start_with_production_settings(**env):
    """A fresh process reading the production settings with these variables (and no others of
    the scale-out kind from this machine's environment)."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in SCALE_OUT and not name.startswith("AWS_")
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="mila.settings.production",
        SECRET_KEY="scale-out-settings-test",
        ALLOWED_HOSTS="mila.example",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_settings(**env):
    """The production settings as a server started with these variables would see them."""
    result = _start_with_production_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_the_variables_everything_stays_on_one_host():
    found = production_settings()
    assert found["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert found["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert found["media_url"] == "/media/images/portrait.jpg"
    assert found["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "mila.search_backend"


def test_redis_url_shares_the_cache_and_the_sessions_between_app_servers():
    found = production_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert found["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
    }
    # Read from Redis, written through to the database: a Redis flush logs nobody out.
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_puts_media_on_object_storage_under_the_cdn_domain():
    found = production_settings(
        AWS_STORAGE_BUCKET_NAME="mila-media",
        AWS_S3_ENDPOINT_URL="https://s3.ca-central-1.example.net",
        AWS_S3_REGION_NAME="ca-central-1",
        AWS_S3_CUSTOM_DOMAIN="media.mila.example",
    )
    storage = found["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "mila-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.ca-central-1.example.net"
    assert storage["OPTIONS"]["region_name"] == "ca-central-1"
    # What visitors' browsers load: a stable URL on the CDN domain, no expiring signature.
    assert found["media_url"] == "https://media.mila.example/images/portrait.jpg"
    # Documents keep their privacy rules: served through Django, not by a bucket URL.
    assert found["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    # Static files stay with WhiteNoise (hashed, compressed) on every app server.
    assert found["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("opensearch", "wagtail.search.backends.opensearch3"),
        ("elasticsearch", "wagtail.search.backends.elasticsearch9"),
    ],
)
def test_search_backend_selects_a_search_cluster(name, backend):
    found = production_settings(
        SEARCH_BACKEND=name,
        SEARCH_URL="https://search-1.internal:9200,https://search-2.internal:9200",
    )
    search = found["WAGTAILSEARCH_BACKENDS"]["default"]
    assert search["BACKEND"] == backend
    assert search["URLS"] == ["https://search-1.internal:9200", "https://search-2.internal:9200"]
    assert search["INDEX"] == "mila"


def test_an_unknown_search_backend_stops_the_server_with_a_clear_message():
    result = _start_with_production_settings(SEARCH_BACKEND="solr")
    assert result.returncode != 0
    assert "SEARCH_BACKEND must be database, opensearch or elasticsearch" in result.stderr


@pytest.mark.django_db
def test_a_signed_in_editor_stays_signed_in_when_redis_is_flushed(settings):
    redis = pytest.importorskip("redis")
    location = "redis://127.0.0.1:6379/15"
    try:
        server = redis.Redis.from_url(location)
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"sessions-test-{os.getpid()}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    client.force_login(UserFactory(username="flush@example.org", is_superuser=True))
    assert client.get("/admin/").status_code == 200
    stored = list(server.scan_iter(f"{prefix}:*"))
    assert any(b"django.contrib.sessions" in key for key in stored)
    server.delete(*stored)  # this test's keys only: db 15 is shared with other tests

    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtailadmin_login" not in response.get("Location", "")
    server.delete(*server.scan_iter(f"{prefix}:*"))


TWO_SERVERS_SETTINGS = """
from mila.settings.production import *  # noqa: F403

# Static files from the finders: this test does not run collectstatic.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache"), response.read().decode()
    finally:
        connection.close()


def _start_gunicorn(env, port, log):
    return subprocess.Popen(
        [Path(sys.executable).parent / "gunicorn", "-c", "python:mila.gunicorn", "mila.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_ready(process, port, log_path):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()[-3000:]
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on {port} did not start: {log_path.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_gunicorn_servers_sharing_postgresql_and_redis_both_see_a_purge(
    demo_snapshot, settings, tmp_path
):
    """Two app servers, one database, one Redis: a page cached on both is replaced on both by
    the next request after an editor publishes (from a third process, as from the admin)."""
    redis = pytest.importorskip("redis")
    from django.db import connection

    from pages.models import StandardPage

    location = "redis://127.0.0.1:6379/14"  # this test's own Redis database
    try:
        redis.Redis.from_url(location).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    if connection.vendor != "postgresql":
        pytest.skip("the servers need a database server they can all reach (PostgreSQL)")
    database = connection.settings_dict
    database_url = (
        f"postgres://{quote(database['USER'] or '')}:{quote(database['PASSWORD'] or '')}"
        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    # Committed (a transactional test), so the servers see it; the database is emptied after.
    page = StandardPage.objects.get(slug_en="about")
    original = page.title_fr
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location},
    }
    (tmp_path / "two_servers_settings.py").write_text(TWO_SERVERS_SETTINGS)
    env = {
        **{name: value for name, value in os.environ.items() if name not in SCALE_OUT},
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "two_servers_settings",
        "SECRET_KEY": "two-servers-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": location,
        "PAGE_CACHE": "1",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }
    ports = (_free_port(), _free_port())
    logs = [tmp_path / f"gunicorn-{port}.log" for port in ports]
    servers = []
    try:
        for port, log_path in zip(ports, logs, strict=True):
            servers.append(_start_gunicorn(env, port, log_path.open("w")))
        for process, port, log_path in zip(servers, ports, logs, strict=True):
            _wait_ready(process, port, log_path)
        for port in ports:
            _get(port, "/fr/a-propos/")
            status, cache, body = _get(port, "/fr/a-propos/")
            assert (status, cache) == (200, "HIT")
            assert original in body

        page.title_fr = "À propos, publié pendant le test"
        page.save_revision().publish()

        for port in ports:
            status, cache, body = _get(port, "/fr/a-propos/")
            assert (status, cache) == (200, "MISS")
            assert "À propos, publié pendant le test" in body
            assert _get(port, "/fr/a-propos/")[1] == "HIT"
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)
        redis.Redis.from_url(location).flushdb()


def test_gunicorn_freezes_the_loaded_app_and_collects_young_objects_less_often():
    """The master freezes what the app loaded before forking; each worker collects less often
    (full collections had added 100–140 ms to one request in forty)."""
    import gc

    from mila import gunicorn

    thresholds = gc.get_threshold()
    try:
        gunicorn.when_ready(server=None)
        assert gc.get_freeze_count() > 10_000
        gunicorn.post_fork(server=None, worker=None)
        assert gc.get_threshold() == gunicorn.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
