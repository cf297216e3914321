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
