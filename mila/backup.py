"""Back up and restore the database and the media files, and fingerprint the content.

PostgreSQL goes through pg_dump/pg_restore (custom format, no owners: restorable into any
database the current role owns); SQLite through its online backup API. Media files go into a
tar archive. `content_fingerprint` hashes what a restore must bring back — pages in both
languages, every revision, images and documents with their files — so a round trip can be
proven (tests/site/test_backup.py).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def _pg_env():
    params = connection.get_connection_params()
    env = {"PGPASSWORD": str(params.get("password") or "")}
    args = []
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [option, str(params[key])]
    return args + ["--dbname", params["dbname"]], env


def _run(command, env):
    try:
        subprocess.run(
            command, check=True, capture_output=True, text=True, env={**os.environ, **env}
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def backup(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    connection.close()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(directory / DUMP), *args],
            env,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with sqlite3.connect(directory / SQLITE) as target:
            source.backup(target)
        source.close()
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).exists():
            archive.add(settings.MEDIA_ROOT, arcname=".")
    return directory


def restore(directory):
    directory = Path(directory)
    connection.close()
    if connection.vendor == "postgresql":
        if not (directory / DUMP).exists():
            raise BackupError(f"{directory / DUMP} does not exist.")
        args, env = _pg_env()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", *args, str(directory / DUMP)],
            env,
        )
    elif connection.vendor == "sqlite":
        if not (directory / SQLITE).exists():
            raise BackupError(f"{directory / SQLITE} does not exist.")
        shutil.copyfile(directory / SQLITE, settings.DATABASES["default"]["NAME"])
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True)
    with tarfile.open(directory / MEDIA) as archive:
        archive.extractall(media, filter="data")


def _file_digest(field):
    try:
        with field.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except (FileNotFoundError, ValueError):
        return "missing"


def content_fingerprint():
    """A SHA-256 over pages (both languages), revisions, images and documents with their files."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    digest = hashlib.sha256()

    def add(*values):
        digest.update(json.dumps(values, default=str, ensure_ascii=False).encode())

    for page in Page.objects.order_by("pk").values_list(
        "pk", "path", "live", "title_en", "title_fr", "slug_en", "slug_fr", "latest_revision_id"
    ):
        add(*page)
    for revision in Revision.objects.order_by("pk").values_list("pk", "object_id", "content"):
        add(*revision)
    for model in (get_image_model(), get_document_model()):
        for item in model.objects.order_by("pk"):
            add(item.pk, item.title, item.file.name, _file_digest(item.file))
    return digest.hexdigest()
