"""Demo news (see mila/demo/news.toml). Runs after people/, so articles can link to profiles."""

from django.db import transaction

from mila.demo import read_data
from mila.models import ResearchTopic
from pages.demo import ensure_page
from people.models import PersonPage

from .models import NewsIndexPage, NewsPage, NewsPersonLink


@transaction.atomic
def load(home, stdout):
    data = read_data("news.toml")
    index = ensure_page(home, NewsIndexPage, data["index"], stdout)
    people = {person.slug_en: person for person in PersonPage.objects.all()}
    topics = {topic.slug: topic for topic in ResearchTopic.objects.all()}
    for entry in data["item"]:
        fields = {key: value for key, value in entry.items() if value != ""}
        extra = {
            "research_topics": [topics[slug] for slug in fields.pop("topics", [])],
            "related_people": [
                NewsPersonLink(person=people[slug])
                for slug in fields.pop("people", [])
                if slug in people
            ],
        }
        ensure_page(index, NewsPage, fields, stdout, **extra)
