"""Demo industry section: partner projects, startups and the partner form (see
mila/demo/partnerships.toml). Runs after people/, so projects can link to profiles."""

from django.db import transaction
from wagtail.models import Page

from mila.demo import read_data
from mila.models import ResearchTopic
from pages.demo import ensure_page
from pages.models import StandardPage
from people.models import PersonPage

from .models import (
    PartnerContactPage,
    PartnerProjectIndexPage,
    PartnerProjectMember,
    PartnerProjectPage,
    Sector,
    StartupFounder,
    StartupIndexPage,
    StartupPage,
)


@transaction.atomic
def load(home, stdout):
    data = read_data("partnerships.toml")
    sectors = _sectors(data["sector"])
    people = {person.slug_en: person for person in PersonPage.objects.all()}
    ensure_page(home, PartnerContactPage, data["contact"], stdout)
    section = ensure_page(home, StandardPage, _section(home, data["section"], people), stdout)

    projects = ensure_page(section, PartnerProjectIndexPage, data["projects"], stdout)
    topics = {topic.slug: topic for topic in ResearchTopic.objects.all()}
    for entry in data["project"]:
        fields = dict(entry)
        extra = {
            "sector": sectors[fields.pop("sector")],
            "research_topics": [topics[slug] for slug in fields.pop("topics")],
            "members": [
                PartnerProjectMember(
                    person=people[member["person"]],
                    role_en=member["role_en"],
                    role_fr=member["role_fr"],
                )
                for member in fields.pop("members")
                if member["person"] in people
            ],
        }
        ensure_page(projects, PartnerProjectPage, fields, stdout, **extra)

    startups = ensure_page(section, StartupIndexPage, data["startups"], stdout)
    for entry in data["startup"]:
        fields = dict(entry)
        extra = {
            "sector": sectors[fields.pop("sector")],
            "founders": [
                StartupFounder(
                    person=people.get(founder.get("person")), name=founder.get("name", "")
                )
                for founder in fields.pop("founders")
            ],
        }
        ensure_page(startups, StartupPage, fields, stdout, **extra)


def _sectors(entries):
    sectors = {}
    for entry in entries:
        sectors[entry["slug"]], _created = Sector.objects.get_or_create(
            slug=entry["slug"], defaults={"name_en": entry["name_en"], "name_fr": entry["name_fr"]}
        )
    return sectors


def _section(home, entry, people):
    """The section page's entry with block references (paths, profile slugs) turned into ids."""
    entry = dict(entry)
    for key in ("body_en", "body_fr"):
        entry[key] = [_resolve(home, block, people) for block in entry.get(key, [])]
    return entry


def _resolve(home, block, people):
    value = block["value"]
    if block["type"] == "call_to_action" and isinstance(value.get("page"), str):
        url_path = f"{home.url_path_en}{value['page']}/"
        page = Page.objects.filter(url_path_en=url_path).first()
        value = {**value, "page": page.pk if page else None}
    elif block["type"] == "people":
        value = {
            **value,
            "people": [people[slug].pk for slug in value["people"] if slug in people],
        }
    return {**block, "value": value}
