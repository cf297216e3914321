"""Application windows of programs: is it open today, and if not, when does it open next?"""

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

OPEN = "open"
UPCOMING = "upcoming"
CLOSED = "closed"


def _shift_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class WindowStatus:
    state: str
    opens: datetime.date | None
    closes: datetime.date | None

    @property
    def is_open(self):
        return self.state == OPEN

    @property
    def message(self):
        """The sentence shown on the page, with machine-readable <time> elements."""
        if self.state == OPEN and self.closes:
            text, day = gettext("Applications open until %(date)s"), self.closes
        elif self.state == OPEN:
            text, day = gettext("Applications are open"), None
        elif self.state == UPCOMING:
            text, day = gettext("Next window opens %(date)s"), self.opens
        else:
            text, day = gettext("Applications closed on %(date)s"), self.closes
        if day is None:
            return conditional_escape(text)
        time = format_html(
            '<time datetime="{}">{}</time>', day.isoformat(), formats.date_format(day)
        )
        # Both parts are escaped: the translated sentence here, the date by format_html.
        return mark_safe(conditional_escape(text) % {"date": time})

    def __str__(self):
        return self.message


def window_status(opens, closes, today, repeats_yearly=True):
    """The state of an application window on `today`, or None when the program has no dates.

    A yearly window that has closed is moved to next year's dates, so the page announces the
    next opening instead of a past deadline.
    """
    if not opens and not closes:
        return None
    if closes and today > closes and repeats_yearly and opens:
        years = today.year - closes.year
        if _shift_years(closes, years) < today:
            years += 1
        opens, closes = _shift_years(opens, years), _shift_years(closes, years)
    if opens and today < opens:
        return WindowStatus(UPCOMING, opens, closes)
    if closes and today > closes:
        return WindowStatus(CLOSED, opens, closes)
    return WindowStatus(OPEN, opens, closes)
