"""Index the per-language url_path columns that every page view looks a page up by.

`mila.routing.find_by_url_path` finds the page a URL names with `url_path_<language>`, columns
that wagtail-modeltranslation adds to Wagtail's page table after the migrations (its `migrate`
runs `sync_page_translation_fields` last). Without an index, each uncached page view read the
whole table: 12 ms of every page with 20,000 papers. The columns are added here if they are not
there yet, with the page model's own field definitions (the later sync then finds them).
"""

from django.conf import settings
from django.db import migrations

INDEX = "mila_page_url_path_{language}"


def _columns(schema_editor, table):
    with schema_editor.connection.cursor() as cursor:
        return {
            column.name
            for column in schema_editor.connection.introspection.get_table_description(
                cursor, table
            )
        }


def index_url_paths(apps, schema_editor):
    # The real page model, not the historical one: the translated fields exist only on it.
    from wagtail.models import Page

    table = Page._meta.db_table
    columns = _columns(schema_editor, table)
    quote = schema_editor.quote_name
    for language, _name in settings.LANGUAGES:
        field = Page._meta.get_field(f"url_path_{language}")
        if field.column not in columns:
            schema_editor.add_field(Page, field)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(INDEX.format(language=language))} "
            f"ON {quote(table)} ({quote(field.column)})"
        )


def drop_indexes(apps, schema_editor):
    for language, _name in settings.LANGUAGES:
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX.format(language=language))}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mila", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(index_url_paths, drop_indexes)]
