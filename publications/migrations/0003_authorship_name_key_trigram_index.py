"""A trigram index on the authors' name keys, on PostgreSQL: the publication search matches any
part of an author's name (`name_key LIKE '%word%'`), which read all 125,000 author rows of the
bulk data set (20 ms) for every search before. Other databases keep the plain scan."""

from django.db import migrations

INDEX = "publications_authorship_name_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON publications_authorship "
        "USING gin (name_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0002_communications_permissions"),
        # Creates pg_trgm where the database allows it.
        ("sitesearch", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
