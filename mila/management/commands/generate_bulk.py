"""Bulk content at the size of a real institute, for query budgets and benchmarks.

Deterministic: the same options give the same people, papers, projects and startups; running it
again adds nothing (profiles and pages are matched by slug, papers by `paper_id`).
"""

import io
import random
import time

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model

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
from publications.benchmarks import generate_papers
from publications.ingest import ingestion
from publications.pipeline import paper_to_record

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
        rng = random.Random(options["seed"])
        topics = list(ResearchTopic.objects.order_by("pk"))
        institutions = list(Institution.objects.order_by("pk"))
        people = self.people(rng, options["people"], topics, institutions)
        self.step(f"{len(people)} profiles", started)
        papers = self.publications(rng, options["publications"], people, options["seed"])
        self.step(f"{papers} publications", started)
        self.projects(rng, options["projects"], people, topics)
        self.startups(rng, options["startups"], people)
        self.step(f"{options['projects']} projects, {options['startups']} startups", started)
        page_cache.purge_all()

    def step(self, what, started):
        self.stdout.write(f"{what} ({time.monotonic() - started:.1f} s)")

    def people(self, rng, count, topics, institutions):
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
                person.portrait_alt_en = f"Portrait of {given} {family}"
                person.portrait_alt_fr = f"Portrait de {given} {family}"
            person.research_topics = chosen
            directory.add_child(instance=person)
            people.append((person, staff))
        return people

    def publications(self, rng, count, people, seed):
        academics = [person.slug_en for person, staff in people if not staff]
        # A long tail: the first profiles author hundreds of papers, the last a few dozen.
        weights = [1 / (rank + 1) ** 0.6 for rank in range(len(academics))]
        batch_size = 2000
        for offset in range(0, count, batch_size):
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
            with ingestion() as upserter:
                upserter.process([paper_to_record(paper) for paper in papers])
        return count

    def projects(self, rng, count, people, topics):
        index = PartnerProjectIndexPage.objects.first()
        sectors = list(Sector.objects.order_by("pk"))
        existing = set(PartnerProjectPage.objects.values_list("slug_en", flat=True))
        academics = [person for person, staff in people if not staff]
        for number in range(count):
            company = COMPANIES[number % len(COMPANIES)]
            title = f"{company}: applied project {number + 1}"
            slug = slugify(title)
            members = rng.sample(academics, min(len(academics), rng.randint(1, 4)))
            chosen = rng.sample(topics, min(len(topics), 2))
            if slug in existing:
                continue
            with transaction.atomic():
                index.add_child(
                    instance=PartnerProjectPage(
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

    def startups(self, rng, count, people):
        index = StartupIndexPage.objects.first()
        sectors = list(Sector.objects.order_by("pk"))
        existing = set(StartupPage.objects.values_list("slug_en", flat=True))
        academics = [person for person, staff in people if not staff]
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
            index.add_child(
                instance=StartupPage(
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
