"""Writing planned outcomes (see upsert.py): new pages in bulk, changed fields, authors, topics.

New pages are not created with treebeard's `add_child` (several queries and a full clean per
page): their tree paths are computed in one go under a lock on the index page and the rows are
written with multi-row INSERTs (see `_insert_pages`). No revision is stored.
"""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from mila.tree import child_path, lock_for_new_children

from ..models import Authorship, PublicationPage, author_key, publication_slug, title_key


def write_outcomes(index, topics, created, updated):
    """Write the outcomes of a batch; returns the ids of the pages to index for search."""
    if not created and not updated:
        return []
    with transaction.atomic():
        topics.create_all(name for outcome in created + updated for name in outcome.new_topics)
        for outcome in created + updated:
            outcome.topic_ids |= {topics.find(name) for name in outcome.new_topics}
        _create_pages(index, created)
        _update_pages(updated)
        _write_authors(created, updated)
        _write_topics(created + updated)
    return [outcome.page_id for outcome in created + updated]


def _assign_slugs(parent, outcomes):
    """A free slug per new page: the title's, else with the year, else numbered."""
    variants = {}
    for outcome in outcomes:
        base = publication_slug(outcome.record.title)
        year = outcome.record.year
        variants[id(outcome)] = [base, f"{base}-{year}"] + [
            f"{base}-{year}-{number}" for number in range(2, 6)
        ]
    wanted = {slug for options in variants.values() for slug in options}
    # The untranslated `slug` column (kept equal to slug_en) is the indexed one: query it
    # without modeltranslation's rewriting to slug_<language>.
    siblings = Page.objects.rewrite(False).filter(
        path__startswith=parent.path, depth=parent.depth + 1
    )
    taken = {"bibtex"}  # a route of the index page (its BibTeX export)
    for slug_en, slug_fr in siblings.filter(slug__in=wanted).values_list("slug_en", "slug_fr"):
        taken.update((slug_en, slug_fr))
    slugs = []
    for outcome in outcomes:
        slug = next((s for s in variants[id(outcome)] if s not in taken), None)
        while slug is None or slug in taken:
            slug = f"{variants[id(outcome)][1]}-{secrets.token_hex(3)}"
            if siblings.filter(slug=slug).exists():
                slug = None
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _create_pages(index, outcomes):
    if not outcomes:
        return
    parent, step = lock_for_new_children(index)
    content_type = ContentType.objects.get_for_model(PublicationPage)
    locale_id = Locale.get_default().pk
    now = timezone.now()
    pages = []
    slugs = _assign_slugs(parent, outcomes)
    for offset, (outcome, slug) in enumerate(zip(outcomes, slugs, strict=True), start=1):
        fields = dict(outcome.changes)
        title = fields.pop("title_en")
        page = PublicationPage(
            **fields,
            title=title,
            title_en=title,
            title_fr=title,
            draft_title=title,
            title_key=title_key(title),
            slug=slug,
            slug_en=slug,
            slug_fr=slug,
            url_path=f"{parent.url_path_en}{slug}/",
            url_path_en=f"{parent.url_path_en}{slug}/",
            url_path_fr=f"{parent.url_path_fr or parent.url_path_en}{slug}/",
            path=child_path(parent, step + offset),
            depth=parent.depth + 1,
            numchild=0,
            content_type=content_type,
            locale_id=locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        page.external_id = page.external_id or None
        pages.append(page)
    _insert_pages(pages)
    for outcome, page in zip(outcomes, pages, strict=True):
        outcome.page_id = page.pk
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(outcomes))


def _update_pages(outcomes):
    now = timezone.now()
    for outcome in outcomes:
        changes = dict(outcome.changes)
        if "title_en" in changes:
            title = changes["title_en"]
            changes.update(
                title=title, title_fr=title, draft_title=title, title_key=title_key(title)
            )
        changes["last_published_at"] = now
        PublicationPage.objects.filter(pk=outcome.page_id).update(**changes)


def _write_authors(created, updated):
    replaced = [o.page_id for o in updated if o.authors is not None]
    if replaced:
        Authorship.objects.filter(page_id__in=replaced).delete()
    Authorship.objects.bulk_create(
        [
            Authorship(
                page_id=outcome.page_id,
                sort_order=position,
                name_key=author_key(row.name),
                **row._asdict(),
            )
            for outcome in created + updated
            if outcome.authors is not None
            for position, row in enumerate(outcome.authors)
        ],
        batch_size=1000,
    )


def _write_topics(outcomes):
    through = PublicationPage.research_topics.through
    through.objects.bulk_create(
        [
            through(publicationpage_id=outcome.page_id, researchtopic_id=topic_id)
            for outcome in outcomes
            for topic_id in outcome.topic_ids
        ],
        ignore_conflicts=True,
    )


def _insert_pages(pages):
    """INSERT complete, valid new pages in bulk: the Page rows, then the PublicationPage rows.

    Django's bulk_create refuses multi-table models, and Page.save would re-validate the slug
    against every sibling (a query per page and per language), so the two tables are filled
    with batched multi-row INSERTs: two statements per few dozen pages instead of several
    queries per page. No signal is sent; the caller indexes the pages for search.
    """
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    fields = PublicationPage._meta.local_concrete_fields
    connection = connections[PublicationPage.objects.db]
    batch_size = max(connection.ops.bulk_batch_size(fields, pages), 1)
    for start in range(0, len(pages), batch_size):
        PublicationPage._base_manager._insert(pages[start : start + batch_size], fields=fields)
    for page in pages:
        page._state.adding = False
