"""The migrations apply forward on a copy of older demo data, and nothing is lost.

The test suite's database (demo content loaded, see conftest.py) is copied to a scratch database;
there, with Django's MigrationExecutor, the project's apps go back to an earlier migration state
and forward again, and every table is compared, row by row and column by column, with the copy
as it was. A second check replays Wagtail's latest migration of `wagtailcore_page` and then
`manage.py migrate` (which re-adds missing modeltranslation columns), as a Wagtail upgrade
would, and checks the `_en`/`_fr` page columns are untouched. docs/upgrading.md has the
procedure for a real upgrade.
"""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]

# The earlier state: the latest point each app can go back to without dropping data the demo
# holds. Going further back is reversible but destroys content, so those migrations cannot be
# replayed on real data (docs/upgrading.md lists them): pages 0002 creates the program pages'
# tables, people 0002 the groups every later app's permissions hang on, editorial 0002 the
# review workflow that pages are assigned to.
EARLIER_STATE = [
    ("editorial", "0002_two_step_review"),  # replays 0003 (a column on filled rows), 0004
    ("publications", "0001_initial"),  # replays 0002 (Communications' permissions), 0003
    ("mila", "0001_initial"),  # replays 0002, 0003 (indexes on the page table)
]
# Rows that a data migration deletes going back and creates again going forward: same content,
# new surrogate ids.
RECREATED_ROWS = {"auth_group_permissions": "id"}
# The newest Wagtail migration that alters wagtailcore_page, the table wagtail-modeltranslation
# adds its columns to.
WAGTAIL_PAGE_MIGRATION = ("wagtailcore", "0094_alter_page_locale")
TRANSLATED_PAGE_COLUMNS = [
    f"{field}_{language}"
    for field in ("title", "slug", "url_path", "seo_title", "search_description")
    for language in ("en", "fr")
]


def snapshot(conn):
    """Every table's columns and rows (as sorted JSON), read with SQL: any schema state works."""
    tables = {}
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            skip = RECREATED_ROWS.get(table)
            rows = sorted(
                json.dumps(
                    {c: v for c, v in zip(columns, row, strict=True) if c != skip},
                    default=str,
                    sort_keys=True,
                )
                for row in cursor.fetchall()
            )
            tables[table] = {"columns": sorted(columns), "rows": rows}
    return tables


def differences(before, after):
    return sorted(
        f"{table}: {len(before[table]['rows'])} rows before, "
        f"{len(after.get(table, {}).get('rows', []))} after"
        for table in before
        if before[table] != after.get(table)
    )


def roll_back_and_forward():
    """Run in the scratch database (a subprocess, see below); prints what it found as JSON."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Page

    from mila.backup import content_fingerprint

    # Older data has history: a revision of one page of each type, both languages in its
    # content (the demo content has none).
    first_of_each_type = {}
    for page in Page.objects.filter(depth__gt=1).order_by("path").specific():
        first_of_each_type.setdefault(type(page), page)
    for page in first_of_each_type.values():
        page.save_revision(log_action=False, clean=False)
    result = {"fingerprint_before": content_fingerprint()}
    before = snapshot(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
        result["pages"] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_revision")
        result["revisions"] = cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(EARLIER_STATE)
    result["rolled_back"] = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    result["irreversible"] = [
        f"{m.app_label}.{m.name}" for m, _ in plan if not all(op.reversible for op in m.operations)
    ]
    executor.migrate(EARLIER_STATE)
    earlier = snapshot(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = snapshot(connection)
    result["earlier_state_kept"] = [t for t in earlier if t in before and earlier[t] == before[t]]
    result["lost_going_forward"] = differences(
        {t: earlier[t] for t in earlier if t in before and earlier[t] == before[t]}, after
    )
    result["changed_by_round_trip"] = differences(before, after)

    # A Wagtail upgrade: its migration of wagtailcore_page down and up, then `migrate`, which
    # is what re-adds modeltranslation's columns to Wagtail's table when they are missing.
    executor = MigrationExecutor(connection)
    migration = executor.loader.graph.nodes[WAGTAIL_PAGE_MIGRATION]
    executor.unapply_migration(
        executor.loader.project_state(WAGTAIL_PAGE_MIGRATION, at_end=False), migration
    )
    executor.apply_migration(
        executor.loader.project_state(WAGTAIL_PAGE_MIGRATION, at_end=False), migration
    )
    call_command("migrate", interactive=False, verbosity=0)
    upgraded = snapshot(connection)
    result["page_columns"] = upgraded["wagtailcore_page"]["columns"]
    result["changed_by_wagtail_replay"] = differences(before, upgraded)
    result["fingerprint_after"] = content_fingerprint()
    print(json.dumps(result))


@pytest.fixture
def scratch_copy(tmp_path):
    """A copy of the test database (demo content loaded), and the environment to reach it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mila.settings.test"}
    if connection.vendor == "postgresql":
        params = connection.get_connection_params()
        name = f"forward_{uuid.uuid4().hex[:12]}"
        server = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
        env["PGPASSWORD"] = str(params.get("password") or "")
        options = [f"--host={params['host']}", f"--port={params['port']}"]
        options += [f"--username={params['user']}"] if params.get("user") else []
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        dump = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", *options, params["dbname"]],
            env=env,
            capture_output=True,
            check=True,
        )
        subprocess.run(
            ["pg_restore", "--no-owner", *options, f"--dbname={name}"],
            input=dump.stdout,
            env=env,
            capture_output=True,
            check=True,
        )
        env["DATABASE_URL"] = (
            f"postgres://{params.get('user', '')}@{params['host']}:{params['port']}/{name}"
        )
        yield env
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "copy.sqlite3"
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        yield env


def test_migrations_go_back_and_forward_on_the_demo_data_and_nothing_is_lost(db, scratch_copy):
    script = (
        "import django; django.setup(); "
        "from tests.site.test_migrations_forward import roll_back_and_forward; roll_back_and_forward()"
    )
    process = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=scratch_copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    result = json.loads(process.stdout.strip().splitlines()[-1])

    assert result["pages"] > 100 and result["revisions"] > 10  # the demo content is there
    assert result["rolled_back"] == [
        "editorial.0004_translation_upload",
        "editorial.0003_out_of_step",
        "publications.0003_authorship_name_key_trigram_index",
        "publications.0002_communications_permissions",
        "mila.0004_index_page_slugs",
        "mila.0003_index_page_depth_path",
        "mila.0002_index_translated_url_paths",
    ]
    assert result["irreversible"] == []
    # Going forward keeps everything the earlier state held, and the whole round trip gives
    # back every table as it was: pages, their _en/_fr columns, revisions, profiles, papers.
    assert "wagtailcore_page" in result["earlier_state_kept"]
    assert result["lost_going_forward"] == []
    assert result["changed_by_round_trip"] == []
    # The Wagtail upgrade path keeps modeltranslation's page columns and their values.
    assert set(TRANSLATED_PAGE_COLUMNS) <= set(result["page_columns"])
    assert result["changed_by_wagtail_replay"] == []
    assert result["fingerprint_after"] == result["fingerprint_before"]
