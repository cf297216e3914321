"""factory_boy factories. Faker values are generated per instance (factory.Faker / Sequence)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from mila.models import Institution, ResearchTopic
from people.models import PeopleIndexPage, PersonPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class ResearchTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchTopic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name_en = factory.Sequence(lambda n: f"University {n}")
    name_fr = factory.Sequence(lambda n: f"Université {n}")
    short_name = factory.Sequence(lambda n: f"U{n}")


def directory():
    """The demo directory page (created once per test session by load_demo)."""
    return PeopleIndexPage.objects.get(slug_en="directory")


def make_person(parent=None, topics=(), **fields):
    """A live PersonPage under the directory; names default to unique Faker values."""
    from faker import Faker

    fake = Faker()
    fields.setdefault("given_name", fake.first_name())
    fields.setdefault("family_name", f"{fake.last_name()}{fake.unique.random_int(1, 10**6)}")
    fields.setdefault("position_title_en", "Assistant Professor")
    fields.setdefault("position_title_fr", "Professeur adjoint")
    person = PersonPage(**fields)
    if topics:
        person.research_topics = list(topics)
    (parent or directory()).add_child(instance=person)
    return person


# Partnerships and programs


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Sector"
        django_get_or_create = ("slug",)

    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


def _add_page(parent, page_class, title, fields):
    from django.utils.text import slugify

    fields.setdefault("title_en", title)
    fields.setdefault("title_fr", f"{fields['title_en']} (fr)")
    fields.setdefault("slug_en", slugify(fields["title_en"]))
    fields.setdefault("slug_fr", slugify(fields["title_fr"]))
    page = page_class(**fields)
    parent.add_child(instance=page)
    return page


def make_project(parent, topics=(), members=(), **fields):
    """A live PartnerProjectPage under `parent` (a PartnerProjectIndexPage)."""
    from faker import Faker

    from partnerships.models import PartnerProjectMember, PartnerProjectPage

    fake = Faker()
    company = fake.company()
    fields.setdefault("partner_name_en", company)
    fields.setdefault("summary_en", fake.sentence())
    fields.setdefault("summary_fr", fake.sentence())
    if "sector" not in fields:
        fields["sector"] = SectorFactory()
    if topics:
        fields["research_topics"] = list(topics)
    if members:
        fields["members"] = [PartnerProjectMember(person=person) for person in members]
    title = f"Project with {company} {fake.unique.random_int(1, 10**6)}"
    return _add_page(parent, PartnerProjectPage, title, fields)


def make_startup(parent, founders=(), **fields):
    """A live StartupPage under `parent`; `founders` are PersonPages or plain names."""
    from faker import Faker

    from partnerships.models import StartupFounder, StartupPage

    fake = Faker()
    fields.setdefault("pitch_en", fake.catch_phrase())
    if "sector" not in fields:
        fields["sector"] = SectorFactory()
    if founders:
        fields["founders"] = [
            StartupFounder(name=founder)
            if isinstance(founder, str)
            else StartupFounder(person=founder)
            for founder in founders
        ]
    title = f"{fake.company()} {fake.unique.random_int(1, 10**6)}"
    return _add_page(parent, StartupPage, title, fields)


def make_program(parent, universities=(), **fields):
    """A live ProgramPage under `parent` (a ProgramIndexPage)."""
    from faker import Faker

    from pages.models import ProgramPage

    fields.setdefault("degree_level", "phd")
    if universities:
        fields["partner_universities"] = list(universities)
    title = f"Program {Faker().unique.random_int(1, 10**6)}"
    return _add_page(parent, ProgramPage, title, fields)


# Publications


def publication_index():
    """The demo publication index (/en/research/publications/, created by load_demo)."""
    from publications.models import PublicationIndexPage

    return PublicationIndexPage.objects.get(slug_en="publications")


def publication_record(**fields):
    """A PublicationRecord (what the importers produce) with unique Faker defaults.

    `authors` may mix names and PersonPages; `topics` are topic names.
    """
    import datetime

    from faker import Faker

    from publications.importing.records import AuthorRecord, PublicationRecord

    fake = Faker()
    authors = fields.pop("authors", None) or [fake.name() for _ in range(3)]
    fields["authors"] = [
        AuthorRecord(name=author.full_name, profile_slug=author.slug_en)
        if isinstance(author, PersonPage)
        else AuthorRecord(name=author)
        for author in authors
    ]
    fields.setdefault(
        "title", f"{fake.sentence(nb_words=6).rstrip('.')} {fake.unique.random_int(1, 10**7)}"
    )
    fields.setdefault("publication_date", datetime.date(2024, 5, 1))
    fields.setdefault("date_precision", 2)
    fields.setdefault("abstract", fake.paragraph(nb_sentences=5))
    fields.setdefault("venue_name", "International Conference on Machine Learning")
    fields.setdefault("venue_type", "conference")
    return PublicationRecord(**fields)


def make_publications(records, index=None):
    """Store records through the bulk importer (fast enough for thousands); returns the pages."""
    from publications.importing.upsert import ingestion
    from publications.models import PublicationPage

    with ingestion(index or publication_index()) as upserter:
        outcomes = upserter.process(list(records))
    pages = PublicationPage.objects.in_bulk([outcome.page_id for outcome in outcomes])
    return [pages[outcome.page_id] for outcome in outcomes]


def make_publication(**fields):
    """One live PublicationPage under the demo index (see publication_record for the fields)."""
    return make_publications([publication_record(**fields)])[0]
