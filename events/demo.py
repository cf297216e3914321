"""Demo events (see mila/demo/events.toml), dated from the day the demo is loaded."""

import datetime

from django.db import transaction
from django.utils import timezone

from mila.demo import read_data
from pages.demo import ensure_page
from people.models import PersonPage

from .models import EventIndexPage, EventPage, EventSeries, EventSpeaker

EVENT_FIELDS = (
    "slug_en",
    "slug_fr",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "audience",
    "online_url",
    "registration_url",
    "all_day",
)


@transaction.atomic
def load(home, stdout):
    data = read_data("events.toml")
    index = ensure_page(home, EventIndexPage, data["index"], stdout)
    people = {person.slug_en: person for person in PersonPage.objects.all()}
    today = timezone.localdate()
    for entry in data["series"]:
        series = _series(entry)
        monday = today - datetime.timedelta(days=today.weekday())
        for number, week in enumerate(range(-entry["weeks_before"], entry["weeks_after"])):
            day = monday + datetime.timedelta(weeks=week, days=entry["weekday"])
            speakers = entry["speakers"]
            occurrence = {
                **entry,
                "slug_en": f"{entry['slug_en']}-{day.isoformat()}",
                "slug_fr": f"{entry['slug_fr']}-{day.isoformat()}",
                "speakers": [speakers[number % len(speakers)]] if speakers else [],
            }
            _event(index, occurrence, day, data["place"], people, stdout, series=series)
    for entry in data["event"]:
        day = today + datetime.timedelta(days=entry["in_days"])
        _event(index, entry, day, data["place"], people, stdout)


def _series(entry):
    series, _created = EventSeries.objects.get_or_create(
        slug=entry["slug"],
        defaults={
            key: entry[key] for key in ("name_en", "name_fr", "description_en", "description_fr")
        },
    )
    return series


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


def _event(index, entry, day, place, people, stdout, series=None):
    fields = {key: entry[key] for key in EVENT_FIELDS if key in entry}
    for key in ("slug_en", "slug_fr", "title_en", "title_fr"):
        fields[key] = fields[key].replace("{year}", str(day.year))
    fields.update(place)
    extra = {
        "series": series,
        "start_date": day,
        "end_date": day + datetime.timedelta(days=entry.get("days", 1) - 1),
        "start_time": _time(entry.get("start_time")),
        "end_time": _time(entry.get("end_time")),
        "speakers": [
            EventSpeaker(person=people[slug]) for slug in entry["speakers"] if slug in people
        ],
    }
    event = ensure_page(index, EventPage, fields, stdout, **extra)
    event.sync_view_restriction()
    return event
