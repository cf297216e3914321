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
import multiprocessing
import random
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from mila import cache as page_cache
from mila.models import Institution, ResearchTopic
from mila.tree import child_path, lock_for_new_children
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
from publications import postgres_index
from publications.benchmarks import generate_papers
from publications.indexing import index_publications
from publications.ingest import Upserter
from publications.pipeline import paper_to_record
from sitesearch.documents import documents_for, is_searchable
from sitesearch.models import SearchDocument

GIVEN = [
    "Amélie",
    "Benoît",
    "Camille",
    "Chloé",
    "Daniel",
    "Élodie",
    "François",
    "Gabriel",
    "Hélène",
    "Inès",
    "Jacques",
    "Julie",
    "Karim",
    "Laurence",
    "Léa",
    "Louis",
    "Marc",
    "Maryam",
    "Mathieu",
    "Nadia",
    "Noémie",
    "Olivier",
    "Pierre",
    "Priya",
    "Raphaël",
    "Samuel",
    "Sophie",
    "Thomas",
    "Valérie",
    "Wei",
    "Xavier",
    "Yasmine",
    "Zoé",
    "Ahmed",
    "Ana",
    "Chen",
    "Diego",
    "Fatima",
    "Hiroshi",
    "Ingrid",
]
FAMILY = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lapointe",
    "Leclerc",
    "Lefebvre",
    "Poulin",
    "Nguyen",
    "Martin",
    "Chen",
    "Kumar",
    "Haddad",
    "Rossi",
    "Schmidt",
    "Okafor",
    "Moreau",
    "Dupuis",
]
POSITIONS = [
    ("Assistant Professor", "Professeur·e adjoint·e"),
    ("Associate Professor", "Professeur·e agrégé·e"),
    ("Full Professor", "Professeur·e titulaire"),
    ("Research Scientist", "Chercheur·e scientifique"),
]
STAFF_POSITIONS = [
    ("Research Programs Advisor", "Conseiller·ère, programmes de recherche"),
    ("Communications Officer", "Agent·e de communication"),
    ("Applied Research Scientist", "Scientifique en recherche appliquée"),
]
DEPARTMENTS = [
    ("Computer Science", "Informatique"),
    ("Electrical Engineering", "Génie électrique"),
    ("Mathematics and Statistics", "Mathématiques et statistique"),
]
BIO_EN = (
    "<p>{name} works on {topics}. Their group studies how learning systems generalise, with "
    "applications in health, climate and language.</p>"
)
BIO_FR = (
    "<p>{name} travaille sur {topics}. Son groupe étudie la généralisation des systèmes "
    "d'apprentissage, avec des applications en santé, en climat et en langue.</p>"
)
COMPANIES = [
    "Hydro Nord",
    "Banque Laurentienne",
    "Pharma Boréal",
    "AéroQuébec",
    "Santé Montréal",
    "Rail Atlantique",
    "Énergie Saint-Laurent",
    "Agro Mauricie",
    "Logistique Outaouais",
    "Assurances Horizon",
]
STARTUP_WORDS = [
    "Neuro",
    "Deep",
    "Vision",
    "Quanta",
    "Lumen",
    "Signal",
    "Cortex",
    "Helix",
    "Vector",
    "Atlas",
]
STARTUP_SUFFIX = [
    "AI",
    "Labs",
    "Health",
    "Robotics",
    "Analytics",
    "Bio",
    "Systems",
    "Data",
    "Works",
    "Mind",
]


@contextmanager
def deferred_search_index(models):
    """Pages and images saved in this block are not indexed one by one (a task per save);
    `index_bulk` indexes them together afterwards."""
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def index_bulk(objects):
    """Wagtail's search index and the site search documents of pages and images just created."""
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    documents = [
        document
        for obj in objects
        if hasattr(obj, "depth") and is_searchable(obj)
        for document in documents_for(obj)
    ]
    with transaction.atomic():
        created = SearchDocument.objects.bulk_create(documents)
        by_model[SearchDocument] = created
        for backend in get_search_backends(with_auto_update=True):
            for model, instances in by_model.items():
                if backend.__class__.__name__ == "PostgresSearchBackend":
                    postgres_index.add_bulk(backend, model, instances)  # same rows, faster
                else:
                    backend.add_bulk(model, instances)


class PaperIndexer:
    """Indexes each committed batch of papers in a second process while the next one is
    written. Inside a transaction (a test), the second process could not see the papers: they
    are indexed in this process instead."""

    def __init__(self, verbosity):
        self.verbosity = verbosity
        self.process = None
        if not connection.in_atomic_block:
            connections.close_all()  # the child opens its own connection
            context = multiprocessing.get_context("fork")
            self.queue = context.Queue()
            self.process = context.Process(target=self._run, daemon=True)
            self.process.start()

    def add(self, ids):
        if self.process is None:
            index_publications(ids)
        else:
            self.queue.put(sorted(ids))

    def close(self):
        if self.process is None:
            return
        self.queue.put(None)
        self.process.join()
        if self.process.exitcode != 0:
            raise CommandError("Indexing the publications failed (see the error above).")

    def _run(self):
        try:
            while (ids := self.queue.get()) is not None:
                started = time.monotonic()
                with transaction.atomic():
                    index_publications(ids)
                if self.verbosity > 1:
                    print(f"  {len(ids)} papers indexed in {time.monotonic() - started:.1f} s")
        finally:
            connections.close_all()


def add_children(parent, pages):
    """What `parent.add_child(instance=page)` does for each page, without Wagtail's full_clean,
    which loads every sibling to check the slugs in each language (a tenth of a second per
    profile in a directory of hundreds). The slugs here are unique by construction."""
    if not pages:
        return
    with transaction.atomic():
        parent, step = lock_for_new_children(parent)
        locale_id = Locale.get_default().pk
        for offset, page in enumerate(pages, start=1):
            page.depth = parent.depth + 1
            page.path = child_path(parent, step + offset)
            page.numchild = 0
            page.title = page.draft_title = page.title_en
            page.locale_id = locale_id
            page.save(clean=False)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


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


class Command(BaseCommand):
    help = "Create deterministic bulk content (people, publications, projects, startups)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--publications", type=int, default=20_000)
        parser.add_argument("--projects", type=int, default=100)
        parser.add_argument("--startups", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options):
        started = time.monotonic()
        self.verbosity = options["verbosity"]
        rng = random.Random(options["seed"])
        topics = list(ResearchTopic.objects.order_by("pk"))
        institutions = list(Institution.objects.order_by("pk"))
        created = []
        models = [PersonPage, PartnerProjectPage, StartupPage, get_image_model()]
        with deferred_search_index(models):
            people = self.people(rng, options["people"], topics, institutions, created)
        index_bulk(created)
        self.step(f"{len(people)} profiles", started)
        indexer = PaperIndexer(self.verbosity)
        try:
            papers = self.publications(
                rng, options["publications"], people, options["seed"], indexer
            )
            self.step(f"{papers} publications written", started)
            created = []
            with deferred_search_index(models):
                self.projects(rng, options["projects"], people, topics, created)
                self.startups(rng, options["startups"], people, created)
            index_bulk(created)
            self.step(f"{options['projects']} projects, {options['startups']} startups", started)
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
