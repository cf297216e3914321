"""Publishing a page costs the same whatever the size of the archive around it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from mila import translated_slugs
from pages.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    home = Page.objects.get(depth=2)
    parent = StandardPage(title_en="Archive", slug_en="archive", slug_fr="archives")
    home.add_child(instance=parent)
    return parent


def add(parent, slug_en, slug_fr=""):
    page = StandardPage(title_en=slug_en, slug_en=slug_en, slug_fr=slug_fr)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def candidate(parent, slug_en, slug_fr=""):
    page = StandardPage(title_en=slug_en, slug_en=slug_en, slug_fr=slug_fr)
    # As the admin's create view does: the page is validated before it is saved.
    page.depth, page.path = parent.depth + 1, parent.path + "9999"
    page.set_url_path(parent)
    return page


@pytest.mark.parametrize(
    ("existing", "new", "errors"),
    [
        (("ideas", "idees"), ("ideas", "autres"), {"slug_en"}),
        (("ideas", "idees"), ("other", "idees"), {"slug_fr"}),
        (("ideas", "idees"), ("ideas", "idees"), {"slug_en", "slug_fr"}),
        (("ideas", "idees"), ("other", "autres"), set()),
        # A page without a French slug is at its English slug in French too.
        (("ideas", ""), ("other", "ideas"), {"slug_fr"}),
        (("ideas", "idees"), ("idees", ""), {"slug_fr"}),
    ],
)
def test_a_slug_in_use_by_a_sibling_is_refused_in_the_language_where_it_clashes(
    section, existing, new, errors
):
    add(section, *existing)
    page = candidate(section, *new)
    assert set(translated_slugs.slug_errors(page)) == errors
    # The same answer as wagtail-modeltranslation's own check, which loads every sibling.
    assert set(translated_slugs.REPLACED(page)) == errors
    if errors:
        with pytest.raises(ValidationError) as refused:
            page.full_clean()
        assert errors <= set(refused.value.message_dict)


def test_editing_a_page_does_not_clash_with_itself(section):
    page = add(section, "ideas", "idees")
    page.title_en = "Ideas, revised"
    page.full_clean()
    page.save_revision().publish()


def publish_cost(parent, slug):
    """(SQL queries, page objects built) to publish a new revision of a new child of parent."""
    page = StandardPage(title_en=slug, slug_en=slug, slug_fr=f"{slug}-fr")
    parent.add_child(instance=page)
    page = Page.objects.get(pk=page.pk).specific
    page.title_en = f"{slug} (revised)"
    built = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance.pk)

    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            page.save_revision().publish()
    finally:
        post_init.disconnect(count)
    return len(queries), len(built)


def test_publishing_costs_as_much_beside_5_siblings_as_beside_60(section):
    for number in range(5):
        add(section, f"paper-{number}")
    small = publish_cost(section, "small")
    for number in range(5, 60):
        add(section, f"paper-{number}")
    large = publish_cost(section, "large")
    # Same number of queries, and no sibling loaded: nothing grows with the archive.
    assert large == small


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the database search backend on PostgreSQL"
)
def test_publishing_sets_the_title_norm_of_its_own_search_entry_only(section):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(StandardPage)
    # An entry another process left with the default norm: a refresh for one page leaves it.
    other = add(section, "other")
    IndexEntry.objects.filter(content_type=content_type, object_id=str(other.pk)).update(
        title_norm=1.0
    )
    page = add(section, "a-rather-long-title-for-a-page-about-norms")
    entry = IndexEntry.objects.get(content_type=content_type, object_id=str(page.pk))
    assert entry.title_norm != 1.0
    assert (
        IndexEntry.objects.get(content_type=content_type, object_id=str(other.pk)).title_norm == 1.0
    )


def test_the_slug_check_finds_a_sibling_through_an_index():
    """Wagtail's own check (`Page._slug_is_available`) filters the siblings by slug in the
    current language: indexed (mila/migrations/0004), not read sibling by sibling."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    indexed = {tuple(info["columns"]) for info in constraints.values() if info["index"]}
    assert {("slug_en",), ("slug_fr",)} <= indexed
