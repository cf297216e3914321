import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from freezegun import freeze_time
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from events.models import EventPage
from tests.factories import make_event, make_event_index, make_person, make_series, many_events
from tests.site.test_sitemap import sitemap_urls

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture(autouse=True)
def _english():
    # Pages built in a test get their English URLs, whatever language a request left active.
    with translation.override("en"):
        yield


@pytest.fixture
def index():
    """An event listing of its own, so what a test sees does not depend on the demo events."""
    return make_event_index()


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def card_titles(content):
    return re.findall(r'class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', content)


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


# Dates, times and time zones


def test_times_are_shown_in_montreal_time_across_the_daylight_saving_change(client, index):
    # Daylight saving time started on Sunday 9 March 2025 in Montréal.
    before = make_event(index, start_date=datetime.date(2025, 3, 6), title_en="Before DST")
    after = make_event(index, start_date=datetime.date(2025, 3, 13), title_en="After DST")
    assert before.starts_at == datetime.datetime(2025, 3, 6, 21, 0, tzinfo=UTC)
    assert after.starts_at == datetime.datetime(2025, 3, 13, 20, 0, tzinfo=UTC)

    content = text(client.get(before.url))
    assert (
        '<time datetime="2025-03-06T16:00:00-05:00">Thursday, March 6, 2025, 4:00 p.m.</time>'
        ' – <time datetime="2025-03-06T17:00:00-05:00">5:00 p.m.</time>'
        ' <span class="event-when__zone">(EST)</span>'
    ) in content
    content = text(client.get(after.url))
    assert (
        '<time datetime="2025-03-13T16:00:00-04:00">Thursday, March 13, 2025, 4:00 p.m.</time>'
    ) in content
    assert "(EDT)" in content


def test_french_page_shows_the_time_the_french_way(client, index):
    event = make_event(index, start_date=datetime.date(2025, 3, 13), title_en="Horaire")
    with translation.override("fr"):
        url = event.url
    content = text(client.get(url))
    assert '<time datetime="2025-03-13T16:00:00-04:00">jeudi 13 mars 2025, 16 h 00</time>' in (
        content
    )
    assert "<dt>Quand</dt>" in content


def test_event_abroad_is_shown_in_its_own_time_zone(client, index):
    event = make_event(
        index,
        start_date=datetime.date(2025, 6, 2),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 30),
        time_zone="Europe/Paris",
    )
    assert event.starts_at == datetime.datetime(2025, 6, 2, 7, 0, tzinfo=UTC)
    content = text(client.get(event.url))
    assert '<time datetime="2025-06-02T09:00:00+02:00">Monday, June 2, 2025, 9:00 a.m.</time>' in (
        content
    )
    assert "(CEST)" in content


def test_all_day_event_over_two_days(client, index):
    event = make_event(
        index,
        all_day=True,
        start_date=datetime.date(2025, 11, 1),
        end_date=datetime.date(2025, 11, 2),
    )
    # Ends at midnight after its last day, in Montréal (after the return to standard time).
    assert event.ends_at == datetime.datetime(2025, 11, 3, 5, 0, tzinfo=UTC)
    content = text(client.get(event.url))
    assert (
        '<time datetime="2025-11-01">Saturday, November 1, 2025</time> – '
        '<time datetime="2025-11-02">Sunday, November 2, 2025</time> · All day'
    ) in content


def test_event_dates_are_validated():
    event = EventPage(
        title="Backwards",
        slug="backwards",
        start_date=datetime.date(2025, 5, 2),
        end_date=datetime.date(2025, 5, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
        location_name="Mila",
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "The event cannot end before it starts." in error.value.message_dict["end_date"]

    untimed = EventPage(title="Untimed", slug="untimed", start_date=datetime.date(2025, 5, 2))
    with pytest.raises(ValidationError) as error:
        untimed.full_clean()
    errors = error.value.message_dict
    assert errors["start_time"] == ["Give a start time, or tick “all day”."]
    assert errors["location_name"] == ["Give a place, an address or an online link."]

    wrong_zone = EventPage(
        title="Zone",
        slug="zone",
        start_date=datetime.date(2025, 5, 2),
        all_day=True,
        online_url="https://example.org/live",
        time_zone="Mars/Olympus",
    )
    with pytest.raises(ValidationError) as error:
        wrong_zone.full_clean()
    assert "time_zone" in error.value.message_dict


# Event page


def test_event_page_shows_place_speakers_and_registration(client, index):
    from events.models import EventSpeaker

    speaker = make_person(given_name="Yoshua", family_name="Speaker")
    event = make_event(
        index,
        title_en="Deep learning, then and now",
        location_name_en="Mila, Agora",
        address_en="6666 Saint-Urbain Street, Montréal",
        online_url="https://video.example.org/live",
        registration_url="https://example.org/register",
        audience="partners",
        speakers=[
            EventSpeaker(person=speaker),
            EventSpeaker(name="Ada Guest", affiliation="University of Elsewhere"),
        ],
    )
    content = text(client.get(event.url))
    assert "<h1>Deep learning, then and now</h1>" in content
    assert "6666 Saint-Urbain Street, Montréal" in content
    assert '<a href="https://video.example.org/live" rel="noopener">Join online too</a>' in content
    assert '<a href="https://example.org/register" rel="noopener">Register</a>' in content
    assert "<dd>Partners only</dd>" in content
    assert '<a href="/en/directory/speaker-yoshua/">Yoshua Speaker</a>' in content
    assert "<li>Ada Guest, University of Elsewhere</li>" in content
    assert f'href="{event.url}ics/"' in content


def test_event_without_registration_says_so(client, index):
    event = make_event(index)
    assert "<dd>No registration needed</dd>" in text(client.get(event.url))


# iCalendar


def test_event_ics_round_trips_start_end_and_uid(client, index):
    event = make_event(index, start_date=datetime.date(2025, 3, 13), title_en="Round trip")
    response = client.get(f"{event.url}ics/")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = parse_ics(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    [component] = vevents(calendar)
    start = component.decoded("DTSTART")
    end = component.decoded("DTEND")
    assert start == datetime.datetime(2025, 3, 13, 16, 0, tzinfo=TORONTO)
    assert start.tzinfo.key == "America/Toronto"
    assert start.astimezone(UTC) == event.starts_at
    assert end.astimezone(UTC) == event.ends_at
    assert str(component["UID"]) == f"event-{event.translation_key}@localhost"
    assert str(component["SUMMARY"]) == "Round trip"
    # Absolute URLs use the site's configured host, like the UID.
    assert str(component["URL"]) == f"http://localhost{event.url}"
    assert component.decoded("DTSTAMP").tzinfo is not None


def test_ics_declares_its_time_zone_and_folds_lines(client, index):
    event = make_event(index, start_date=datetime.date(2025, 3, 13), summary_en="x" * 200)
    response = client.get(f"{event.url}ics/")
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART;TZID=America/Toronto:20250313T160000\r\n" in raw
    [timezone] = parse_ics(response).walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "America/Toronto"
    # RFC 5545 3.1: lines are at most 75 octets, separated by CRLF.
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_ics_escapes_commas_and_semicolons(client, index):
    event = make_event(
        index,
        title_en="Reading group; optimisation, part 2",
        location_name_en="Mila, Agora; 2nd floor",
        address_en="",
    )
    response = client.get(f"{event.url}ics/")
    assert b"SUMMARY:Reading group\\; optimisation\\, part 2" in response.content
    assert b"LOCATION:Mila\\, Agora\\; 2nd floor" in response.content
    [component] = vevents(parse_ics(response))
    assert str(component["SUMMARY"]) == "Reading group; optimisation, part 2"
    assert str(component["LOCATION"]) == "Mila, Agora; 2nd floor"


def test_all_day_event_in_ics_uses_dates_with_an_exclusive_end(client, index):
    event = make_event(
        index,
        all_day=True,
        start_date=datetime.date(2025, 11, 1),
        end_date=datetime.date(2025, 11, 2),
    )
    response = client.get(f"{event.url}ics/")
    assert b"DTSTART;VALUE=DATE:20251101\r\n" in response.content
    [component] = vevents(parse_ics(response))
    assert component.decoded("DTEND") == datetime.date(2025, 11, 3)


def test_editing_an_event_keeps_its_uid(client, index):
    event = make_event(index, title_en="First title")
    first_uid = str(vevents(parse_ics(client.get(f"{event.url}ics/")))[0]["UID"])
    event.title_en = "Second title"
    event.slug_en = "second-title"
    event.start_time = datetime.time(18, 0)
    event.end_time = datetime.time(19, 0)
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.url.endswith("/second-title/")
    [component] = vevents(parse_ics(client.get(f"{event.url}ics/")))
    assert str(component["UID"]) == first_uid
    assert str(component["SUMMARY"]) == "Second title"
    assert component.decoded("DTSTART").hour == 18


def test_series_and_all_events_calendars(client, index):
    series = make_series(name_en="Tea time")
    with freeze_time("2025-05-01 12:00:00"):
        in_series = [
            make_event(index, series=series, start_date=datetime.date(2025, 5, day))
            for day in (2, 9)
        ]
        alone = make_event(index, start_date=datetime.date(2025, 5, 20))
        response = client.get(f"{index.url}series/{series.slug}/ics/")
        assert response["Content-Disposition"] == f'inline; filename="{series.slug}.ics"'
        calendar = parse_ics(response)
        assert str(calendar["X-WR-CALNAME"]) == "Tea time"
        uids = {str(component["UID"]) for component in vevents(calendar)}
        assert uids == {f"event-{event.translation_key}@localhost" for event in in_series}
        assert [str(c["CATEGORIES"].cats[0]) for c in vevents(calendar)] == ["Tea time"] * 2

        everything = vevents(parse_ics(client.get(f"{index.url}ics/")))
        assert len(everything) == 3
        assert str(everything[-1]["SUMMARY"]) == alone.title
    assert client.get(f"{index.url}series/no-such-series/ics/").status_code == 404


def test_calendar_leaves_out_events_long_past(client, index):
    with freeze_time("2025-05-01 12:00:00"):
        make_event(index, title_en="Last year", start_date=datetime.date(2024, 5, 1))
        make_event(index, title_en="Last month", start_date=datetime.date(2025, 4, 1))
        summaries = [str(c["SUMMARY"]) for c in vevents(parse_ics(client.get(f"{index.url}ics/")))]
    assert summaries == ["Last month"]


# Listing: upcoming, past, series, filters


def test_past_events_leave_the_upcoming_list_when_they_end(client, index):
    make_event(index, title_en="Afternoon talk", start_date=datetime.date(2025, 5, 15))
    # The talk runs 16:00-17:00 in Montréal (EDT), that is 20:00-21:00 UTC.
    with freeze_time("2025-05-15 19:59:00"):
        assert card_titles(text(client.get(index.url))) == ["Afternoon talk"]
    with freeze_time("2025-05-15 20:59:59"):
        # Under way: still listed.
        assert card_titles(text(client.get(index.url))) == ["Afternoon talk"]
    with freeze_time("2025-05-15 21:00:01"):
        content = text(client.get(index.url))
        assert card_titles(content) == []
        assert "No upcoming events at the moment." in content
        assert f'<a href="{index.url}?year=2025">2025</a>' in content
        archive = text(client.get(index.url, {"year": 2025}))
        assert card_titles(archive) == ["Afternoon talk"]
        assert "1 past event in 2025" in archive


def test_upcoming_events_come_first_in_date_order(client, index):
    with freeze_time("2025-05-01 12:00:00"):
        make_event(index, title_en="Later", start_date=datetime.date(2025, 6, 1))
        make_event(index, title_en="Sooner", start_date=datetime.date(2025, 5, 2))
        make_event(index, title_en="Gone", start_date=datetime.date(2025, 4, 2))
        content = text(client.get(index.url))
    assert card_titles(content) == ["Sooner", "Later"]
    assert "2 upcoming events" in content


def test_a_series_is_listed_once_at_its_next_date(client, index):
    series = make_series(name_en="Tea time")
    with freeze_time("2025-05-01 12:00:00"):
        make_event(index, series=series, title_en="Past tea", start_date=datetime.date(2025, 4, 25))
        for day in (2, 9, 16):
            make_event(
                index, series=series, title_en=f"Tea {day}", start_date=datetime.date(2025, 5, day)
            )
        make_event(index, title_en="Symposium", start_date=datetime.date(2025, 5, 5))
        content = text(client.get(index.url))
        assert card_titles(content) == ["Tea 2", "Symposium"]
        assert f'href="{index.url}?series={series.slug}">and 2 more dates</a>' in content
        only_series = text(client.get(index.url, {"series": series.slug}))
    assert card_titles(only_series) == ["Tea 2", "Tea 9", "Tea 16"]
    assert f'href="{index.url}series/{series.slug}/ics/"' in only_series
    assert f'href="webcal://testserver{index.url}series/{series.slug}/ics/"' in only_series


def test_filter_by_audience_and_ignore_bad_values(client, index):
    with freeze_time("2025-05-01 12:00:00"):
        make_event(index, title_en="Open talk", start_date=datetime.date(2025, 5, 2))
        make_event(
            index, title_en="Partner day", audience="partners", start_date=datetime.date(2025, 5, 3)
        )
        content = text(client.get(index.url, {"audience": "partners"}))
        assert card_titles(content) == ["Partner day"]
        assert '<option value="partners" selected>Partners only</option>' in content
        content = text(client.get(index.url, {"series": "nope", "year": "abc", "page": "x"}))
    assert card_titles(content) == ["Open talk", "Partner day"]


def test_filter_form_is_labelled_and_works_without_javascript(client, index):
    content = text(client.get(index.url))
    assert f'<form class="filters" method="get" action="{index.url}"' in content
    for name in ("series", "audience", "year"):
        assert f'<label for="id_{name}">' in content
        assert f'name="{name}" id="id_{name}"' in content
    assert '<button type="submit">Apply filters</button>' in content


# Members-only events


@pytest.fixture
def members_event(index):
    with freeze_time("2025-05-01 12:00:00"):
        return make_event(
            index,
            title_en="Members reading group",
            audience="members",
            start_date=datetime.date(2025, 5, 6),
        )


def test_members_only_event_asks_anonymous_visitors_to_log_in(client, members_event):
    response = client.get(members_event.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/_util/login/?next=")
    response = client.get(f"{members_event.url}ics/")
    assert response.status_code == 302


def test_members_only_event_is_hidden_from_anonymous_listing_calendars_and_sitemap(
    client, index, members_event
):
    with freeze_time("2025-05-01 12:00:00"):
        make_event(index, title_en="Public talk", start_date=datetime.date(2025, 5, 7))
        assert card_titles(text(client.get(index.url))) == ["Public talk"]
        assert card_titles(text(client.get(index.url, {"audience": "members"}))) == []
        summaries = [str(c["SUMMARY"]) for c in vevents(parse_ics(client.get(f"{index.url}ics/")))]
        assert summaries == ["Public talk"]
    sitemap = sitemap_urls(client)
    assert f"http://testserver{members_event.url}" not in sitemap
    assert f"http://testserver{index.url}" in sitemap


def test_members_only_event_is_listed_for_signed_in_users(client, index, members_event):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    with freeze_time("2025-05-01 12:00:00"):
        content = text(client.get(index.url))
        assert card_titles(content) == ["Members reading group"]
        assert '<span class="badge">Members only</span>' in content
        summaries = [str(c["SUMMARY"]) for c in vevents(parse_ics(client.get(f"{index.url}ics/")))]
        # (Inside the frozen day: each request renews the 8-hour session from "now".)
        assert "<h1>Members reading group</h1>" in text(client.get(members_event.url))
    assert summaries == ["Members reading group"]


def test_publishing_sets_and_lifts_the_members_only_restriction(index):
    event = make_event(index, title_en="Changing audience")
    restrictions = PageViewRestriction.objects.filter(page=event)
    assert not restrictions.exists()
    event.audience = "members"
    event.save_revision().publish()
    assert restrictions.get().restriction_type == PageViewRestriction.LOGIN
    event.audience = "public"
    event.save_revision().publish()
    assert not restrictions.exists()


def test_saving_a_members_only_draft_does_not_hide_the_live_page_yet(client, index):
    event = make_event(index, title_en="Still public")
    event.audience = "members"
    event.save_revision()
    assert client.get(event.url).status_code == 200


# Demo content and home page


def test_demo_events_show_tea_talks_once_and_hide_the_members_reading_group(client):
    content = text(client.get("/en/events/"))
    assert card_titles(content).count("Tea Talk") == 1
    assert "more dates</a>" in content
    assert "Reading group" not in card_titles(content)
    assert "Annual Partner Symposium" in content
    french = text(client.get("/fr/evenements/"))
    assert "<h1>Événements</h1>" in french
    assert "événements à venir" in french


def test_home_page_shows_upcoming_events(client):
    content = text(client.get("/en/"))
    assert '<h2 id="upcoming-events-heading">Upcoming events</h2>' in content
    section = content.split('id="upcoming-events-heading"')[1].split("</section>")[0]
    assert card_titles(section).count("Tea Talk") == 1
    assert "Reading group" not in section
    assert '<a class="button button--secondary" href="/en/events/">All events</a>' in section
    french = text(client.get("/fr/"))
    assert "Événements à venir" in french


def test_the_home_page_drops_an_event_within_a_minute_of_its_end(client):
    """The home page's events are remembered for the current minute (events/templatetags)."""
    from events.models import EventIndexPage

    listing = EventIndexPage.objects.live().order_by("path").first()
    make_event(listing, title_en="Zq closing talk")  # 20:00-21:00 UTC on 2025-05-15

    def shown():
        content = text(client.get("/en/"))
        return card_titles(content.split('id="upcoming-events-heading"')[1].split("</section>")[0])

    with freeze_time("2025-05-15 20:59:30"):
        assert "Zq closing talk" in shown()
    with freeze_time("2025-05-15 20:59:50"):
        assert "Zq closing talk" in shown()
    with freeze_time("2025-05-15 21:00:01"):
        assert "Zq closing talk" not in shown()


# Query budgets


@pytest.fixture
def crowded_index():
    """500 events: one-off talks past and future, two weekly series, some members only."""
    index = make_event_index()
    tea, reading = make_series(), make_series()
    start = datetime.date(2025, 1, 6)
    with many_events():
        for number in range(500):
            day = start + datetime.timedelta(days=number // 2)
            extra = {}
            if number % 10 == 0:
                extra["series"] = tea
            elif number % 10 == 5:
                extra.update(series=reading, audience="members")
            elif number % 7 == 0:
                extra["audience"] = "partners"
            make_event(index, title_en=f"Event {number}", start_date=day, **extra)
    assert EventPage.objects.child_of(index).count() == 500
    return index


@freeze_time("2025-06-01 12:00:00")
def test_home_page_queries_do_not_grow_with_events(client, crowded_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/")
    with CaptureQueriesContext(connection) as few:
        text(client.get("/en/"))
    # The home page lists the first event listing of the tree; move the crowded one first.
    crowded_index.move(crowded_index.get_parent(), pos="first-child")
    client.get("/en/")
    with CaptureQueriesContext(connection) as many:
        content = text(client.get("/en/"))
    assert card_titles(text(client.get(crowded_index.url)))[0] in content
    assert len(many) == len(few)


@freeze_time("2025-06-01 12:00:00")
def test_event_listing_query_budget_with_500_events(
    client, crowded_index, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    url = crowded_index.url
    with django_assert_max_num_queries(20):
        content = text(client.get(url))
    assert len(card_titles(content)) == 20
    for params in ({"page": 3}, {"year": 2025}, {"audience": "partners"}):
        with django_assert_max_num_queries(20):
            text(client.get(url, params))
    series_slug = EventPage.objects.child_of(crowded_index).exclude(series=None).first().series.slug
    with django_assert_max_num_queries(20):
        text(client.get(url, {"series": series_slug}))
    with django_assert_max_num_queries(12):
        assert client.get(f"{url}ics/").status_code == 200
    client.force_login(UserFactory())
    with django_assert_max_num_queries(25):
        text(client.get(url))
