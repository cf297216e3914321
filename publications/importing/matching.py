"""Who is who and which topic is which, for the importers.

Authors are linked to profiles by profile slug, ORCID, OpenReview, Semantic Scholar, then exact
name; research topics are found by slug or name (English or French), and unknown ones created.
"""

from collections import namedtuple

from django.db import transaction
from django.utils.text import slugify
from wagtail.search.backends import get_search_backends

from mila.cache import purge_after_change, purge_content
from mila.models import ResearchTopic
from mila.signals import PUBLICATIONS
from people.models import PersonPage

from ..models import Authorship, author_key
from .records import normalise_orcid

AuthorRow = namedtuple(
    "AuthorRow",
    "name person_id profile_slug orcid openreview_id semantic_scholar_id",
)
AMBIGUOUS = object()


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
        if changed:
            # A bulk update sends no signal: profiles and lists show the new links.
            purge_after_change()
            purge_content(PUBLICATIONS)
    return len(changed)
