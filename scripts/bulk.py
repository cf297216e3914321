"""Bulk content at the size of a real institute, for query budgets and benchmarks.

Deterministic: the same options give the same people, papers, projects and startups; running it
again adds nothing (profiles and pages are matched by slug, papers by `paper_id`).

Fast enough for the full size in under two minutes on PostgreSQL (issue 9): pages are created
without Wagtail's per-save search-index and reference-index tasks and indexed in bulk at the
end (the reference index, which only feeds the admin's "usage" counts, is left to
`manage.py rebuild_references_index`, as for papers that come in through the ingestion
pipeline), and the search indexing of each batch of papers runs in a second process while the
next batch is written.
"""

import io
import random
import time

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.signal_handlers import disable_reference_index_auto_update

from mila import cache as page_cache
from mila.models import Institution, ResearchTopic
from partnerships.models import (
    PartnerProjectIndexPage,
    PartnerProjectMember,
    PartnerProjectPage,
    Sector,
    StartupFounder,
    StartupIndexPage,
    StartupPage,
)
from people.models import MembershipType, PeopleIndexPage, PersonPage
from publications.importing.pipeline import paper_to_record
from publications.importing.upsert import Upserter
from scripts.bulk_names import (
    BIO_EN,
    BIO_FR,
    COMPANIES,
    DEPARTMENTS,
    FAMILY,
    GIVEN,
    POSITIONS,
    STAFF_POSITIONS,
    STARTUP_SUFFIX,
    STARTUP_WORDS,
)
from scripts.bulk_writing import PaperIndexer, add_children, deferred_search_index, index_bulk
from scripts.sample_papers import generate_papers


def _portrait(rng, number):
    from PIL import Image as PILImage

    colour = tuple(rng.randint(60, 200) for _ in range(3))
    picture = PILImage.new("RGB", (480, 600), colour)
    for y in range(0, 600, 6):  # a gradient, so the file is not a trivial colour
        shade = tuple(max(0, c - y // 12) for c in colour)
        picture.paste(shade, (0, y, 480, y + 6))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return ImageFile(buffer, name=f"bulk-portrait-{number:04d}.jpg")


class BulkContent:
    """Writes the bulk data set; `manage.py generate_bulk` runs it (see its options).

    `stdout` is the command's (one line per step); with verbosity 2, a line per batch too.
    """

    def __init__(self, stdout, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity

    def generate(self, *, people, publications, projects, startups, seed):
        started = time.monotonic()
        rng = random.Random(seed)
        topics = list(ResearchTopic.objects.order_by("pk"))
        institutions = list(Institution.objects.order_by("pk"))
        created = []
        models = [PersonPage, PartnerProjectPage, StartupPage, get_image_model()]
        with deferred_search_index(models):
            profiles = self.people(rng, people, topics, institutions, created)
        index_bulk(created)
        self.step(f"{len(profiles)} profiles", started)
        indexer = PaperIndexer(self.verbosity)
        try:
            papers = self.publications(rng, publications, profiles, seed, indexer)
            self.step(f"{papers} publications written", started)
            created = []
            with deferred_search_index(models):
                self.projects(rng, projects, profiles, topics, created)
                self.startups(rng, startups, profiles, created)
            index_bulk(created)
            self.step(f"{projects} projects, {startups} startups", started)
        finally:
            indexer.close()
        self.step("publications indexed", started)
        if connection.vendor == "postgresql":
            # Fresh planner statistics now, not when autovacuum gets to them: with the tables'
            # old sizes PostgreSQL picks plans that made listings 2 to 5 times slower. VACUUM
            # also merges the GIN indexes' pending entries: until then a search for an author
            # name read every name inserted since (4 ms instead of 0.3). VACUUM cannot run in a
            # transaction (a test's), ANALYZE can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(command)
            self.step(f"statistics updated ({command})", started)
        page_cache.purge_all()

    def step(self, what, started):
        self.stdout.write(f"{what} ({time.monotonic() - started:.1f} s)")

    def people(self, rng, count, topics, institutions, created):
        directory = PeopleIndexPage.objects.first()
        existing = {person.slug_en: person for person in PersonPage.objects.all()}
        names = [(given, family) for family in FAMILY for given in GIVEN]
        rng.shuffle(names)
        Image = get_image_model()
        people = []
        for number in range(count):
            given, family = names[number % len(names)]
            if number >= len(names):
                family = f"{family}-{FAMILY[(number // len(names)) % len(FAMILY)]}"
            slug = slugify(f"{given} {family}")
            staff = number % 4 == 3  # a quarter are staff, with no papers
            chosen = rng.sample(topics, min(len(topics), rng.randint(1, 3)))
            with_portrait = number % 3 == 0
            if slug in existing:
                people.append((existing[slug], staff))
                continue
            position = rng.choice(STAFF_POSITIONS if staff else POSITIONS)
            department = rng.choice(DEPARTMENTS)
            topic_names = ", ".join(topic.name_en for topic in chosen)
            person = PersonPage(
                given_name=given,
                family_name=family,
                slug_en=slug,
                slug_fr=slug,
                membership_type=MembershipType.STAFF
                if staff
                else rng.choice(
                    [MembershipType.CORE, MembershipType.CORE, MembershipType.ASSOCIATE]
                ),
                position_title_en=position[0],
                position_title_fr=position[1],
                department_en="" if staff else department[0],
                department_fr="" if staff else department[1],
                institution=None if staff or not institutions else rng.choice(institutions),
                cifar_chair=not staff and rng.random() < 0.2,
                accepting_students=not staff and rng.random() < 0.5,
                accepts_msc=rng.random() < 0.5,
                accepts_phd=rng.random() < 0.5,
                bio_en=BIO_EN.format(name=f"{given} {family}", topics=topic_names),
                bio_fr=BIO_FR.format(
                    name=f"{given} {family}",
                    topics=", ".join(topic.name_fr or topic.name_en for topic in chosen),
                ),
                semantic_scholar_id=str(90_000_000 + number),
                website=f"https://example.org/~{slug}",
            )
            if with_portrait:
                person.portrait = Image.objects.create(
                    title=f"{given} {family}", file=_portrait(rng, number)
                )
                created.append(person.portrait)
                person.portrait_alt_en = f"Portrait of {given} {family}"
                person.portrait_alt_fr = f"Portrait de {given} {family}"
            person.research_topics = chosen
            for language, _name in settings.LANGUAGES:
                setattr(person, f"title_{language}", person.full_name)
            created.append(person)
            people.append((person, staff))
        add_children(directory, [page for page in created if isinstance(page, PersonPage)])
        return people

    def publications(self, rng, count, people, seed, indexer):
        academics = [person.slug_en for person, staff in people if not staff]
        # A long tail: at full size (150 academics, 20,000 papers) the first profile authors
        # about 800 papers, the last a few dozen; staff author none.
        weights = [1 / (rank + 1) ** 0.47 for rank in range(len(academics))]
        batch_size = 2000
        for offset in range(0, count, batch_size):
            started = time.monotonic()
            papers = generate_papers(
                min(batch_size, count - offset), seed=seed + offset, offset=offset
            )
            for paper in papers:
                authors = paper["authors"]
                if rng.random() < 0.03:  # a large collaboration
                    authors.extend(
                        {"author": {"author_id": f"{paper['paper_id']}-x{i}", "name": name}}
                        for i, name in enumerate(
                            f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(40)
                        )
                    )
                if academics:
                    for position in range(min(2, len(authors))):
                        if rng.random() < (0.75 if position == 0 else 0.25):
                            slug = rng.choices(academics, weights)[0]
                            authors[position]["author"]["links"].append(
                                {"type": "bio", "link": slug}
                            )
            records = [paper_to_record(paper) for paper in papers]
            generated = time.monotonic()
            pending = set()
            with transaction.atomic(), disable_reference_index_auto_update():
                Upserter(pending_index=pending).process(records)
            indexer.add(pending)
            if self.verbosity > 1:
                self.stdout.write(
                    f"  papers {offset + len(papers)}: generated in {generated - started:.1f} s,"
                    f" written in {time.monotonic() - generated:.1f} s"
                )
        return count

    def projects(self, rng, count, people, topics, created):
        index = PartnerProjectIndexPage.objects.first()
        sectors = list(Sector.objects.order_by("pk"))
        existing = set(PartnerProjectPage.objects.values_list("slug_en", flat=True))
        academics = [person for person, staff in people if not staff]
        pages = []
        for number in range(count):
            company = COMPANIES[number % len(COMPANIES)]
            title = f"{company}: applied project {number + 1}"
            slug = slugify(title)
            members = rng.sample(academics, min(len(academics), rng.randint(1, 4)))
            chosen = rng.sample(topics, min(len(topics), 2))
            if slug in existing:
                continue
            pages.append(
                PartnerProjectPage(
                    title_en=title,
                    title_fr=f"{company} : projet appliqué {number + 1}",
                    slug_en=slug,
                    slug_fr=slugify(f"{company} projet applique {number + 1}"),
                    partner_name_en=company,
                    sector=rng.choice(sectors) if sectors else None,
                    summary_en=f"Machine learning with {company} on a real operational problem.",
                    summary_fr=f"Apprentissage automatique avec {company} sur un problème réel.",
                    challenge_en="<p>Forecast demand from noisy, incomplete records.</p>",
                    challenge_fr="<p>Prévoir la demande à partir de données bruitées.</p>",
                    start_year=rng.randint(2016, 2025),
                    status=rng.choice(["ongoing", "completed"]),
                    research_topics=chosen,
                    members=[PartnerProjectMember(person=person) for person in members],
                )
            )
        add_children(index, pages)
        created.extend(pages)

    def startups(self, rng, count, people, created):
        index = StartupIndexPage.objects.first()
        sectors = list(Sector.objects.order_by("pk"))
        existing = set(StartupPage.objects.values_list("slug_en", flat=True))
        academics = [person for person, staff in people if not staff]
        pages = []
        for number in range(count):
            name = (
                f"{STARTUP_WORDS[number % len(STARTUP_WORDS)]}"
                f"{STARTUP_SUFFIX[(number // len(STARTUP_WORDS)) % len(STARTUP_SUFFIX)]}"
                f" {number + 1}"
            )
            slug = slugify(name)
            founders = rng.sample(academics, min(len(academics), rng.randint(0, 2)))
            if slug in existing:
                continue
            pages.append(
                StartupPage(
                    title_en=name,
                    title_fr=name,
                    slug_en=slug,
                    slug_fr=slug,
                    pitch_en="Machine learning for a specific industry problem.",
                    pitch_fr="L'apprentissage automatique au service d'un problème industriel.",
                    founded_year=rng.randint(2012, 2025),
                    sector=rng.choice(sectors) if sectors else None,
                    relationship=rng.choice(["spin-off", "incubated", "supported"]),
                    status=rng.choice(["active", "active", "acquired", "closed"]),
                    website=f"https://{slug}.example.com",
                    founders=[StartupFounder(person=person) for person in founders]
                    + [StartupFounder(name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")],
                )
            )
        add_children(index, pages)
        created.extend(pages)
