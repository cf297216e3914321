"""Index Wagtail's page slugs in each language: before saving a page, Wagtail checks that no
sibling has its slug (`Page._slug_is_available`, in `full_clean()` of both `save_revision()`
and `publish()`), by the slug of the current language. Without an index that read every
sibling: 35 ms twice per publish of a paper among 100,000 (mila/migrations/0003 narrows the
rows to the siblings, not to the slug)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("mila", "0003_index_page_depth_path")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS mila_page_slug_{language} "
            f"ON wagtailcore_page (slug_{language})",
            f"DROP INDEX IF EXISTS mila_page_slug_{language}",
        )
        for language in ("en", "fr")
    ]
