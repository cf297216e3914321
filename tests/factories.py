"""Test data, one style: factory_boy factories (pages through wagtail-factories).

Names, titles and slugs come from `factory.Sequence`, so two objects never share one, and a run
is reproducible; texts nobody looks up (summaries, abstracts) come from `factory.Faker`, drawn
per instance. A page factory needs `parent=`; the `make_*` helpers pick the usual parent and keep
the short calls the tests use, e.g. `make_person(given_name="Ada")`.
"""

import datetime
from contextlib import contextmanager
from unittest import mock

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.utils.text import slugify
from wagtail.search.signal_handlers import post_save_signal_handler

from events.models import EventIndexPage, EventPage, EventSeries
from mila.models import Institution, ResearchTopic
from news.models import NewsIndexPage, NewsPage
from pages.models import HomePage, ProgramPage, StandardPage
from partnerships.models import (
    PartnerProjectMember,
    PartnerProjectPage,
    Sector,
    StartupFounder,
    StartupPage,
)
from people.models import PeopleIndexPage, PersonPage
from publications.importing.records import AuthorRecord, PublicationRecord

GIVEN_NAMES = ("Ada", "Bruno", "Chloe", "Dmitri", "Esther", "Farid", "Grace", "Hugo")


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


# Snippets


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


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    name_en = factory.Sequence(lambda n: f"Series {n} talks")
    name_fr = factory.LazyAttribute(lambda series: f"Causeries {series.name_en}")
    slug = factory.LazyAttribute(lambda series: slugify(series.name_en))


# Pages


class PageFactory(wagtail_factories.PageFactory):
    """A live page with a unique title and slug in English and French."""

    class Meta:
        abstract = True

    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_fr = factory.LazyAttribute(lambda page: f"{page.title_en} (fr)")
    slug_en = factory.LazyAttribute(lambda page: slugify(page.title_en))
    slug_fr = factory.LazyAttribute(lambda page: slugify(page.title_fr))
    # wagtail-factories sets the active language's `title` and `slug`; the _en/_fr values above
    # are assigned after them, so they win in either language.
    title = factory.SelfAttribute("title_en")
    slug = factory.SelfAttribute("slug_en")


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title_en = factory.Sequence(lambda n: f"About us {n}")
    intro_en = factory.Faker("sentence")


class PersonPageFactory(PageFactory):
    class Meta:
        model = PersonPage

    given_name = factory.Sequence(lambda n: GIVEN_NAMES[n % len(GIVEN_NAMES)])
    family_name = factory.Sequence(lambda n: f"Person{n:05d}")
    position_title_en = "Assistant Professor"
    position_title_fr = "Professeur adjoint"
    # Derived from the names by PersonPage.full_clean() when left empty.
    title_en = title_fr = slug_en = slug_fr = ""


class PartnerProjectPageFactory(PageFactory):
    class Meta:
        model = PartnerProjectPage

    partner_name_en = factory.Sequence(lambda n: f"Partner {n} Inc.")
    title_en = factory.LazyAttribute(lambda page: f"Project with {page.partner_name_en}")
    summary_en = factory.Faker("sentence")
    summary_fr = factory.Faker("sentence", locale="fr_CA")
    sector = factory.SubFactory(SectorFactory)


class StartupPageFactory(PageFactory):
    class Meta:
        model = StartupPage

    title_en = factory.Sequence(lambda n: f"Startup {n}")
    pitch_en = factory.Faker("catch_phrase")
    sector = factory.SubFactory(SectorFactory)


class ProgramPageFactory(PageFactory):
    class Meta:
        model = ProgramPage

    title_en = factory.Sequence(lambda n: f"Program {n}")
    degree_level = "phd"


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title_en = factory.Sequence(lambda n: f"News {n}")
    slug_fr = None  # the French address falls back to the English slug


class NewsPageFactory(PageFactory):
    """An article written in both languages."""

    class Meta:
        model = NewsPage

    title_en = factory.Sequence(lambda n: f"Article {n}")
    title_fr = factory.LazyAttribute(lambda page: f"Article {page.title_en}")
    slug_fr = None  # the French address falls back to the English slug
    lead_en = factory.Faker("sentence")
    lead_fr = "Une phrase en français."
    date = datetime.date(2025, 5, 1)


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title_en = factory.Sequence(lambda n: f"Events {n}")
    slug_fr = None  # the French address falls back to the English slug


class EventPageFactory(PageFactory):
    """An hour-long talk at Mila on 2025-05-15 (Montréal time), unless told otherwise.

    Members-only events get their login restriction as publishing would give it."""

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Talk {n}")
    title_fr = factory.LazyAttribute(lambda page: f"Causerie {page.title_en}")
    slug_fr = None  # the French address falls back to the English slug
    start_date = datetime.date(2025, 5, 15)
    start_time = factory.LazyAttribute(lambda page: None if page.all_day else datetime.time(16))
    end_time = factory.LazyAttribute(lambda page: None if page.all_day else datetime.time(17))
    all_day = False
    location_name_en = "Mila, Auditorium 1"
    summary_en = "A talk."

    @factory.post_generation
    def view_restriction(self, create, extracted, **kwargs):
        if create:
            self.sync_view_restriction()


# Helpers: the usual parent, and the shapes tests pass (topics, members, founders as lists).


def directory():
    """The demo directory page (created once per test session by load_demo)."""
    return PeopleIndexPage.objects.get(slug_en="directory")


def make_page(parent=None, **fields):
    """A live StandardPage under the home page."""
    return StandardPageFactory(parent=parent or HomePage.objects.get(), **fields)


def make_person(parent=None, topics=(), **fields):
    """A live PersonPage under the directory."""
    if topics:
        fields["research_topics"] = list(topics)
    return PersonPageFactory(parent=parent or directory(), **fields)


def make_project(parent, topics=(), members=(), **fields):
    """A live PartnerProjectPage under `parent` (a PartnerProjectIndexPage)."""
    if topics:
        fields["research_topics"] = list(topics)
    if members:
        fields["members"] = [PartnerProjectMember(person=person) for person in members]
    return PartnerProjectPageFactory(parent=parent, **fields)


def make_startup(parent, founders=(), **fields):
    """A live StartupPage under `parent`; `founders` are PersonPages or plain names."""
    if founders:
        fields["founders"] = [
            StartupFounder(name=founder)
            if isinstance(founder, str)
            else StartupFounder(person=founder)
            for founder in founders
        ]
    return StartupPageFactory(parent=parent, **fields)


def make_program(parent, universities=(), **fields):
    """A live ProgramPage under `parent` (a ProgramIndexPage)."""
    if universities:
        fields["partner_universities"] = list(universities)
    return ProgramPageFactory(parent=parent, **fields)


def make_news_index(**fields):
    return NewsIndexPageFactory(parent=HomePage.objects.get(), **fields)


def make_news(index, **fields):
    """A NewsPage under `index`, live unless `live=False`."""
    return NewsPageFactory(parent=index, **fields)


def make_event_index(**fields):
    return EventIndexPageFactory(parent=HomePage.objects.get(), **fields)


def make_event(index, **fields):
    """An EventPage under `index`, live unless `live=False`."""
    return EventPageFactory(parent=index, **fields)


def make_series(**fields):
    return EventSeriesFactory(**fields)


@contextmanager
def many_events():
    """Create hundreds of events quickly: no search indexing and no per-page validation
    (wagtail-modeltranslation compares each new slug with every sibling's)."""
    assert post_save.disconnect(post_save_signal_handler, sender=EventPage)
    try:
        with mock.patch.object(EventPage, "full_clean", EventPage.set_instants):
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=EventPage)


# Publications: records (what the importers produce), stored through the bulk importer.


class PublicationRecordFactory(factory.Factory):
    """`authors` may mix names and PersonPages."""

    class Meta:
        model = PublicationRecord

    title = factory.Sequence(lambda n: f"Paper {n:05d}")
    authors = factory.List([factory.Faker("name") for _ in range(3)])
    publication_date = datetime.date(2024, 5, 1)
    date_precision = 2
    abstract = factory.Faker("paragraph", nb_sentences=5)
    venue_name = "International Conference on Machine Learning"
    venue_type = "conference"

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs["authors"] = [
            AuthorRecord(name=author.full_name, profile_slug=author.slug_en)
            if isinstance(author, PersonPage)
            else AuthorRecord(name=author)
            for author in kwargs["authors"]
        ]
        return kwargs


def publication_index():
    """The demo publication index (/en/research/publications/, created by load_demo)."""
    from publications.models import PublicationIndexPage

    return PublicationIndexPage.objects.get(slug_en="publications")


def publication_record(**fields):
    """A PublicationRecord with unique defaults (see PublicationRecordFactory)."""
    if not fields.get("authors"):
        fields.pop("authors", None)
    return PublicationRecordFactory(**fields)


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
