"""Create or update publication pages from PublicationRecords, fast and in bulk.

Both importers (BibTeX and the pipeline's JSON) hand batches of records to an `Upserter`. For
each batch it finds the pages that already exist with a handful of queries (by external paper
id, DOI, arXiv id, then normalised title + year), compares, and writes only what changed.

New pages are not created with treebeard's `add_child` (several queries and a full clean per
page): their tree paths are computed in one go under a lock on the index page and the rows are
written with multi-row INSERTs (see `_insert_pages`). No revision is stored; search indexing is
done in bulk at the end (see indexing.py). See docs/decisions/003-publication-ingestion.md.
"""

import secrets
from collections import Counter, namedtuple
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from mila.models import ResearchTopic
from mila.tree import child_path, lock_for_new_children
from people.models import PersonPage

from .indexing import deferred_indexing
from .models import (
    Authorship,
    DatePrecision,
    PublicationIndexPage,
    PublicationPage,
    author_key,
    publication_slug,
    title_key,
)
from .records import PublicationRecord, normalise_orcid

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
COMPARED_FIELDS = ("title_en", "publication_date", "date_precision", "authors_truncated") + (
    PublicationRecord.PAGE_FIELDS
)
AuthorRow = namedtuple(
    "AuthorRow",
    "name person_id profile_slug orcid openreview_id semantic_scholar_id",
)
AMBIGUOUS = object()


class NoPublicationIndex(Exception):
    """There is no publication index page to put new publications under."""


def publication_index():
    index = PublicationIndexPage.objects.order_by("-live", "path").first()
    if index is None:
        raise NoPublicationIndex("Create a publication index page first.")
    return index


def _limit(model, name, value):
    """Text that fits its column, so one odd value never fails the whole batch."""
    if not isinstance(value, str):
        return value
    # PostgreSQL refuses NUL characters in text; they carry no meaning in a paper anyway.
    value = value.replace("\x00", "")
    max_length = model._meta.get_field(name).max_length
    if max_length and len(value) > max_length:
        return value[: max_length - 1] + "…"
    return value


class AuthorLinker:
    """Who is who: profile slug, ORCID, OpenReview, Semantic Scholar, then exact name."""

    def __init__(self):
        self.by_slug, self.by_orcid, self.by_openreview, self.by_s2 = {}, {}, {}, {}
        self.by_name = {}
        people = PersonPage.objects.values_list(
            "pk",
            "slug_en",
            "orcid",
            "openreview_id",
            "semantic_scholar_id",
            "given_name",
            "family_name",
        )
        for pk, slug, orcid, openreview_id, s2_id, given_name, family_name in people:
            for mapping, value in (
                (self.by_slug, slug),
                (self.by_orcid, normalise_orcid(orcid)),
                (self.by_openreview, openreview_id),
                (self.by_s2, s2_id),
            ):
                if value:
                    mapping[value] = pk
            key = author_key(f"{given_name} {family_name}")
            self.by_name[key] = AMBIGUOUS if key in self.by_name else pk

    def by_identifier(self, author):
        for mapping, value in (
            (self.by_slug, author.profile_slug),
            (self.by_orcid, normalise_orcid(author.orcid)),
            (self.by_openreview, author.openreview_id),
            (self.by_s2, author.semantic_scholar_id),
        ):
            if value and value in mapping:
                return mapping[value]
        return None

    def by_exact_name(self, name):
        pk = self.by_name.get(author_key(name))
        return None if pk is AMBIGUOUS else pk

    def resolve(self, author, previous_person_id=None):
        """An identifier wins; then a link an editor made; then the exact name."""
        return self.by_identifier(author) or previous_person_id or self.by_exact_name(author.name)


class TopicResolver:
    """Research topics by slug or name (English or French); unknown names are created."""

    def __init__(self):
        self.ids = {}
        for pk, slug, name_en, name_fr in ResearchTopic.objects.values_list(
            "pk", "slug", "name_en", "name_fr"
        ):
            for key in (slug, author_key(name_en or ""), author_key(name_fr or "")):
                if key:
                    self.ids.setdefault(key, pk)

    @staticmethod
    def clean(name):
        return " ".join(str(name).replace("\x00", "").split())[:120]

    def find(self, name):
        name = self.clean(name)
        return self.ids.get(slugify(name)) or self.ids.get(author_key(name))

    def create_all(self, names):
        """Create the topics not known yet, in one INSERT, and index them for search at once.

        (Saving them one by one costs a full pass over the search index each on PostgreSQL.)
        """
        new = {}
        for name in map(self.clean, names):
            if name and not self.find(name) and slugify(name) not in new:
                new[slugify(name)[:110] or "topic"] = name
        if not new:
            return
        taken = set(ResearchTopic.objects.filter(slug__in=new).values_list("slug", flat=True))
        topics = []
        for base, name in new.items():
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            label = name[:1].upper() + name[1:]
            topics.append(ResearchTopic(name=label, name_en=label, slug=slug))
        for topic in ResearchTopic.objects.bulk_create(topics):
            for key in (topic.slug, slugify(topic.name_en), author_key(topic.name_en)):
                self.ids[key] = topic.pk
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(
                ResearchTopic, list(ResearchTopic.objects.filter(pk__in=[t.pk for t in topics]))
            )


@dataclass
class Outcome:
    record: PublicationRecord
    action: str
    page_id: int | None = None
    reason: str = ""
    changes: dict = field(default_factory=dict)
    authors: list | None = None
    topic_ids: set = field(default_factory=set)
    new_topics: list = field(default_factory=list)

    @property
    def changed_fields(self):
        names = [name.removesuffix("_en") for name in self.changes]
        if self.authors is not None and self.action == UPDATED:
            names.append("authors")
        if self.topic_ids or self.new_topics:
            names.append("research_topics")
        return names


class Upserter:
    """Plans and writes batches of records under one publication index page.

    With `write=False` it only plans (dry runs and previews): nothing is written, not even
    research topics.
    """

    def __init__(self, index_page=None, *, write=True, pending_index=None):
        self.index = index_page or publication_index()
        self.write = write
        self.linker = AuthorLinker()
        self.topics = TopicResolver()
        self.counts = Counter()
        self.pending_index = pending_index if pending_index is not None else set()
        # Duplicates are looked for within a batch: memory stays flat over a long run (a
        # repeat in a later batch finds the page the first one created, and updates it).
        self._seen = {}
        self._claimed = set()

    # Planning

    def process(self, records):
        with translation.override(settings.LANGUAGE_CODE):
            outcomes = self.plan(records)
            if self.write:
                self.apply(outcomes)
        self.counts.update(outcome.action for outcome in outcomes)
        return outcomes

    def plan(self, records):
        self._seen, self._claimed = {}, set()
        outcomes, fresh = [], []
        for record in records:
            duplicate = self._duplicate_of(record)
            if duplicate:
                reason = _("same paper as %(other)s") % {"other": duplicate}
                outcomes.append(Outcome(record, SKIPPED, reason=reason))
            else:
                fresh.append(record)
                outcomes.append(None)
        candidates = self._candidates(fresh)
        existing_authors, existing_topics = self._related(candidates)
        planned = iter(fresh)
        for position, outcome in enumerate(outcomes):
            if outcome is None:
                record = next(planned)
                match = self._match(record, candidates)
                outcomes[position] = self._compare(
                    record,
                    match,
                    existing_authors.get(match["pk"], []) if match else [],
                    existing_topics.get(match["pk"], set()) if match else set(),
                )
        return outcomes

    def _duplicate_of(self, record):
        # A record with a pipeline id is the same paper only as another with the same id.
        keys = record.identifiers()[:1] if record.external_id else record.identifiers()
        for key in keys:
            if key in self._seen:
                return self._seen[key]
        for key in keys:
            self._seen[key] = record.source or record.title
        return None

    def _candidates(self, records):
        external_ids = [r.external_id for r in records if r.external_id]
        dois = [r.doi.lower() for r in records if r.doi]
        arxiv_ids = [r.arxiv_id for r in records if r.arxiv_id]
        title_keys = [title_key(r.title) for r in records]
        if not records:
            return []
        return list(
            PublicationPage.objects.annotate(doi_lower=Lower("doi"))
            .filter(
                Q(external_id__in=external_ids)
                | Q(doi_lower__in=dois)
                | Q(arxiv_id__in=arxiv_ids)
                | Q(title_key__in=title_keys)
            )
            .order_by("pk")
            .values("pk", "doi_lower", "title_key", *COMPARED_FIELDS)
        )

    def _related(self, candidates):
        ids = [candidate["pk"] for candidate in candidates]
        authors, topics = {}, {}
        if not ids:
            return authors, topics
        rows = (
            Authorship.objects.filter(page_id__in=ids)
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", *AuthorRow._fields)
        )
        for page_id, *values in rows:
            authors.setdefault(page_id, []).append(AuthorRow(*values))
        through = PublicationPage.research_topics.through.objects.filter(
            publicationpage_id__in=ids
        ).values_list("publicationpage_id", "researchtopic_id")
        for page_id, topic_id in through:
            topics.setdefault(page_id, set()).add(topic_id)
        return authors, topics

    def _match(self, record, candidates):
        def usable(candidate):
            other_id = candidate["external_id"]
            return candidate["pk"] not in self._claimed and not (
                record.external_id and other_id and other_id != record.external_id
            )

        match = None
        if record.external_id:
            match = next((c for c in candidates if c["external_id"] == record.external_id), None)
        tests = []
        if record.doi:
            tests.append(lambda c: c["doi_lower"] == record.doi.lower())
        if record.arxiv_id:
            tests.append(lambda c: c["arxiv_id"] == record.arxiv_id)
        key = title_key(record.title)
        tests.append(lambda c: c["title_key"] == key and c["publication_date"].year == record.year)
        for test in tests:
            if match:
                break
            match = next((c for c in candidates if test(c) and usable(c)), None)
        if match:
            self._claimed.add(match["pk"])
        return match

    def _target_fields(self, record):
        fields = {"title_en": record.title}
        for name in PublicationRecord.PAGE_FIELDS:
            value = getattr(record, name)
            if value:
                fields[name] = value
        if record.authors:
            fields["authors_truncated"] = record.authors_truncated
        fields["publication_date"] = record.publication_date
        fields["date_precision"] = int(record.date_precision)
        return {name: _limit(PublicationPage, name, value) for name, value in fields.items()}

    def _authors(self, record, previous):
        by_key = {author_key(row.name): row for row in previous}
        rows = []
        for author in record.authors:
            old = by_key.get(author_key(author.name))
            row = AuthorRow(
                name=_limit(Authorship, "name", author.name),
                person_id=None,
                profile_slug=_limit(Authorship, "profile_slug", author.profile_slug)
                or (old.profile_slug if old else ""),
                orcid=normalise_orcid(author.orcid) or (old.orcid if old else ""),
                openreview_id=_limit(Authorship, "openreview_id", author.openreview_id)
                or (old.openreview_id if old else ""),
                semantic_scholar_id=_limit(
                    Authorship, "semantic_scholar_id", author.semantic_scholar_id
                )
                or (old.semantic_scholar_id if old else ""),
            )
            rows.append(row._replace(person_id=self.linker.resolve(row, old and old.person_id)))
        return rows

    def _compare(self, record, match, previous_authors, previous_topics):
        fields = self._target_fields(record)
        authors = self._authors(record, previous_authors)
        topic_ids, new_topics = set(), []
        for name in record.topics:
            topic_id = self.topics.find(name)
            if topic_id:
                topic_ids.add(topic_id)
            elif TopicResolver.clean(name) and name not in new_topics:
                new_topics.append(TopicResolver.clean(name))
        if match is None:
            return Outcome(record, CREATED, None, "", fields, authors, topic_ids, new_topics)
        if self._less_precise_date(fields, match):
            del fields["publication_date"], fields["date_precision"]
        changes = {name: value for name, value in fields.items() if match[name] != value}
        replace_authors = bool(record.authors) and authors != previous_authors
        topic_ids -= previous_topics
        changed = changes or replace_authors or topic_ids or new_topics
        return Outcome(
            record,
            UPDATED if changed else UNCHANGED,
            match["pk"],
            "",
            changes,
            authors if replace_authors else None,
            topic_ids,
            new_topics,
        )

    @staticmethod
    def _less_precise_date(fields, match):
        """Keep 2025-04-24 when a source only says April 2025 (no flip-flopping between sources)."""
        new_date, new_precision = fields["publication_date"], fields["date_precision"]
        old_date, old_precision = match["publication_date"], match["date_precision"]
        if new_precision >= old_precision:
            return False
        same_year = new_date.year == old_date.year
        same_month = new_precision < DatePrecision.MONTH or new_date.month == old_date.month
        return same_year and same_month

    # Writing

    def apply(self, outcomes):
        created = [o for o in outcomes if o.action == CREATED]
        updated = [o for o in outcomes if o.action == UPDATED]
        if not created and not updated:
            return
        with transaction.atomic():
            self.topics.create_all(
                name for outcome in created + updated for name in outcome.new_topics
            )
            for outcome in created + updated:
                outcome.topic_ids |= {self.topics.find(name) for name in outcome.new_topics}
            self._create_pages(created)
            self._update_pages(updated)
            self._write_authors(created + updated)
            self._write_topics(created + updated)
        self.pending_index.update(o.page_id for o in created + updated)

    def _assign_slugs(self, parent, outcomes):
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

    def _create_pages(self, outcomes):
        if not outcomes:
            return
        parent, step = lock_for_new_children(self.index)
        content_type = ContentType.objects.get_for_model(PublicationPage)
        locale_id = Locale.get_default().pk
        now = timezone.now()
        pages = []
        slugs = self._assign_slugs(parent, outcomes)
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

    def _update_pages(self, outcomes):
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

    def _write_authors(self, outcomes):
        replaced = [o.page_id for o in outcomes if o.action == UPDATED and o.authors is not None]
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
                for outcome in outcomes
                if outcome.authors is not None
                for position, row in enumerate(outcome.authors)
            ],
            batch_size=1000,
        )

    def _write_topics(self, outcomes):
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


@contextmanager
def ingestion(index_page=None, *, write=True):
    """One transaction and bulk search indexing at the end; yields an Upserter.

    To abandon everything (a BibTeX file with errors), call `transaction.set_rollback(True)`
    and empty `upserter.pending_index` before leaving the block.
    """
    with transaction.atomic(), deferred_indexing() as pending:
        yield Upserter(index_page, write=write, pending_index=pending)


def link_authors(relink=False, chunk_size=2000):
    """Link authorships to profiles added since the papers came in. Returns how many changed."""
    linker = AuthorLinker()
    rows = Authorship.objects.order_by("pk").values_list(
        "pk", "person_id", "name", *AuthorRow._fields[2:]
    )
    if not relink:
        rows = rows.filter(person__isnull=True)
    changed = []
    for pk, person_id, name, profile_slug, orcid, openreview_id, s2_id in rows.iterator(
        chunk_size=chunk_size
    ):
        author = AuthorRow(name, None, profile_slug, orcid, openreview_id, s2_id)
        new_person_id = linker.by_identifier(author) or (
            person_id if relink and person_id else None
        )
        new_person_id = new_person_id or linker.by_exact_name(name)
        if new_person_id != person_id and new_person_id:
            changed.append(Authorship(pk=pk, person_id=new_person_id))
    with transaction.atomic():
        Authorship.objects.bulk_update(changed, ["person"], batch_size=1000)
    return len(changed)
