"""Builders for news and events tests (pages need a parent, so they are functions, not
factory_boy factories). Faker values are generated per call."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.db.models.signals import post_save
from django.utils.text import slugify
from faker import Faker
from wagtail.search.signal_handlers import post_save_signal_handler

from events.models import EventIndexPage, EventPage, EventSeries
from news.models import NewsIndexPage, NewsPage
from pages.models import HomePage


def _unique_title(prefix):
    fake = Faker()
    return f"{prefix} {fake.catch_phrase()} {fake.unique.random_int(1, 10**7)}"


def add_page(parent, page, live=True):
    page.live = live
    parent.add_child(instance=page)
    return page


def make_news_index(**fields):
    title = _unique_title("News")
    fields.setdefault("title_en", title)
    fields.setdefault("title_fr", f"{title} (fr)")
    fields.setdefault("slug_en", slugify(title))
    return add_page(HomePage.objects.get(), NewsIndexPage(**fields))


def make_news(index, live=True, **fields):
    """A live NewsPage written in both languages unless told otherwise."""
    fake = Faker()
    title = _unique_title("Article")
    fields.setdefault("title_en", title)
    fields.setdefault("title_fr", f"Article {title}")
    fields.setdefault("slug_en", slugify(fields["title_en"]))
    fields.setdefault("lead_en", fake.sentence())
    fields.setdefault("lead_fr", "Une phrase en français.")
    fields.setdefault("date", datetime.date(2025, 5, 1))
    return add_page(index, NewsPage(**fields), live=live)


def make_event_index(**fields):
    title = _unique_title("Events")
    fields.setdefault("title_en", title)
    fields.setdefault("title_fr", f"{title} (fr)")
    fields.setdefault("slug_en", slugify(title))
    return add_page(HomePage.objects.get(), EventIndexPage(**fields))


def make_series(**fields):
    fake = Faker()
    name = f"{fake.word().title()} talks {fake.unique.random_int(1, 10**7)}"
    fields.setdefault("name_en", name)
    fields.setdefault("name_fr", f"Causeries {name}")
    fields.setdefault("slug", slugify(name))
    return EventSeries.objects.create(**fields)


def make_event(index, live=True, **fields):
    """A live EventPage; by default an hour-long talk at Mila on 2025-05-15 (Montréal time).

    Members-only events get their login restriction as publishing would give it."""
    title = _unique_title("Talk")
    fields.setdefault("title_en", title)
    fields.setdefault("title_fr", f"Causerie {title}")
    fields.setdefault("slug_en", slugify(fields["title_en"]))
    fields.setdefault("start_date", datetime.date(2025, 5, 15))
    if not fields.get("all_day"):
        fields.setdefault("start_time", datetime.time(16, 0))
        fields.setdefault("end_time", datetime.time(17, 0))
    fields.setdefault("location_name_en", "Mila, Auditorium 1")
    fields.setdefault("summary_en", "A talk.")
    event = add_page(index, EventPage(**fields), live=live)
    event.sync_view_restriction()
    return event


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
