"""iCalendar (RFC 5545) files: one event, a series or every event, with their time zones."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Event
from wagtail.models import Site

PRODID = "-//Mila – Quebec AI Institute//Events//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def uid_domain(request):
    """The site's configured host name, not the one this request came by, so UIDs stay put."""
    site = Site.find_for_request(request)
    return (site.hostname if site else "") or request.get_host().split(":")[0]


def build_calendar(request, name, events):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    domain = uid_domain(request)
    stamp = timezone.now()
    events = list(events)
    for event in events:
        calendar.add_component(build_event(request, event, domain, stamp))
    if events:
        # A VTIMEZONE for every TZID used, as RFC 5545 requires, covering the events' dates
        # (and a year around them) rather than decades of transitions.
        calendar.add_missing_timezones(
            first_date=min(event.start_date for event in events) - datetime.timedelta(days=366),
            last_date=max(event.local_end.date() for event in events)
            + datetime.timedelta(days=366),
        )
    return calendar


def build_event(request, event, domain, stamp):
    component = Event()
    component.add("uid", event.ical_uid(domain))
    component.add("dtstamp", stamp)
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    if event.all_day:
        # DATE values; the end date is exclusive (the day after the last day).
        component.add("dtstart", event.local_start.date())
        component.add("dtend", event.local_end.date())
    else:
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
    component.add("summary", event.title)
    url = event.get_full_url(request)
    description = "\n\n".join(part for part in (event.summary, url) if part)
    if description:
        component.add("description", description)
    location = event.location_text or event.online_url
    if location:
        component.add("location", location)
    if url:
        component.add("url", url)
    if event.series_id:
        component.add("categories", [event.series.name])
    component.add("class", "PRIVATE" if event.members_only else "PUBLIC")
    component.add("status", "CONFIRMED")
    return component


def calendar_response(request, name, events, filename, attachment=False):
    calendar = build_calendar(request, name, events)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Language"] = get_language()
    return response
