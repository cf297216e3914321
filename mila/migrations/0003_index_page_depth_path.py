"""Index Wagtail's page tree by (depth, path): a page's children are `depth = N AND path BETWEEN
…`, and with 20,000 papers under one index the path range alone spans the whole site (the home
page's sections: 10 ms to 0.1 ms). Wagtail indexes `path` only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mila", "0002_index_translated_url_paths"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS mila_page_depth_path ON wagtailcore_page (depth, path)",
            "DROP INDEX IF EXISTS mila_page_depth_path",
        )
    ]
