"""Create or update publication pages from PublicationRecords, fast and in bulk.

Both importers (BibTeX and the pipeline's JSON) hand batches of records to an `Upserter`. For
each batch it finds the pages that already exist with a handful of queries (by external paper
id, DOI, arXiv id, then normalised title + year), compares, and writes only what changed.

Planning is here; writing.py writes (new pages with multi-row INSERTs, no revision) and
matching.py says who is who. Search indexing is done in bulk at the end (see indexing.py).
See docs/decisions/003-publication-ingestion.md.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import (
    Authorship,
    DatePrecision,
    PublicationIndexPage,
    PublicationPage,
    author_key,
    title_key,
)
from .indexing import deferred_indexing
from .matching import AuthorLinker, AuthorRow, TopicResolver
from .records import PublicationRecord, normalise_orcid
from .writing import write_outcomes

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
COMPARED_FIELDS = ("title_en", "publication_date", "date_precision", "authors_truncated") + (
    PublicationRecord.PAGE_FIELDS
)


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

    def apply(self, outcomes):
        created = [outcome for outcome in outcomes if outcome.action == CREATED]
        updated = [outcome for outcome in outcomes if outcome.action == UPDATED]
        self.pending_index.update(write_outcomes(self.index, self.topics, created, updated))


@contextmanager
def ingestion(index_page=None, *, write=True):
    """One transaction and bulk search indexing at the end; yields an Upserter.

    To abandon everything (a BibTeX file with errors), call `transaction.set_rollback(True)`
    and empty `upserter.pending_index` before leaving the block.
    """
    with transaction.atomic(), deferred_indexing() as pending:
        yield Upserter(index_page, write=write, pending_index=pending)
