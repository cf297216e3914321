"""A backup is proven by a round trip: back up, wipe, restore, same content hash."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]
MAKE_IMAGE = (
    "import io; from PIL import Image as P; from django.core.files.images import ImageFile; "
    "from wagtail.images.models import Image; b = io.BytesIO(); "
    "P.new('RGB', (64, 48), '#123456').save(b, 'PNG'); "
    "Image.objects.create(title='Round trip', file=ImageFile(b, name='round-trip.png'))"
)


@pytest.fixture
def scratch(tmp_path):
    """Settings for a throwaway database of the same kind as the test run's, and media."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mila.settings.test",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        name = f"backup_{uuid.uuid4().hex[:12]}"
        admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        user = params.get("user", "")
        env["DATABASE_URL"] = f"postgres://{user}@{params.get('host')}:{params.get('port')}/{name}"
        yield env
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
        yield env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def test_backup_wipe_restore_gives_back_the_same_content(scratch, tmp_path):
    manage(scratch, "migrate", "--noinput", "-v", "0")
    manage(scratch, "load_demo")
    manage(scratch, "shell", "-c", MAKE_IMAGE)
    before = manage(scratch, "content_fingerprint")

    manage(scratch, "backup", str(tmp_path / "backup"))
    manage(scratch, "flush", "--noinput")
    for path in Path(scratch["MEDIA_ROOT"]).rglob("*.png"):
        path.unlink()
    assert manage(scratch, "content_fingerprint") != before

    manage(scratch, "restore", "--yes", str(tmp_path / "backup"))
    assert manage(scratch, "content_fingerprint") == before
    assert list(Path(scratch["MEDIA_ROOT"]).rglob("round-trip*.png"))
