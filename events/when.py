"""When an event takes place, in its own time zone and the visitor's language."""

import datetime

from django.utils import dateformat
from django.utils.translation import pgettext


def _date_format():
    return pgettext("event date, PHP-style format", "l, F j, Y")


def _time_format():
    return pgettext("event time, PHP-style format", "g:i a")


def _moment(value, fmt):
    return {"iso": value.isoformat(), "text": dateformat.format(value, fmt)}


def describe(event):
    """{"start", "end" (or None), "all_day", "zone"}: each moment an ISO value and a text."""
    start, end = event.local_start, event.local_end
    if event.all_day:
        last_day = (end - datetime.timedelta(days=1)).date()
        return {
            "all_day": True,
            "start": _moment(start.date(), _date_format()),
            "end": None if last_day == start.date() else _moment(last_day, _date_format()),
            "zone": "",
        }
    date_time = f"{_date_format()}, {_time_format()}"
    same_day = start.date() == end.date()
    return {
        "all_day": False,
        "start": _moment(start, date_time),
        "end": _moment(end, _time_format() if same_day else date_time),
        "zone": start.tzname() if same_day or start.tzname() == end.tzname() else "",
    }
