"""The event listing: upcoming events (each series once, at its next date) or a past year."""

from functools import cached_property

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from mila.forms import ListingFilterForm, choice_filter
from mila.listing import Listing

from .vocabulary import Audience, EventSeries


class EventFilterForm(ListingFilterForm):
    series = choice_filter(_("Series"), _("All series"), queryset=EventSeries.objects.all())
    audience = choice_filter(_("Audience"), _("All audiences"), choices=Audience.choices)
    year = forms.TypedChoiceField(label=_("Past events of"), coerce=int, required=False)

    def __init__(self, data, past_years):
        super().__init__(data)
        self.fields["year"].choices = [("", _("Upcoming events"))] + [
            (year, year) for year in past_years
        ]


class EventListing(Listing):
    def __init__(self, events, params, now, per_page):
        self.now = now
        super().__init__(events, params, per_page)

    def make_form(self, params):
        past = self.all_pages.filter(ends_at__lt=self.now).order_by()
        self.past_years = [moment.year for moment in past.datetimes("starts_at", "year", "DESC")]
        return EventFilterForm(params, self.past_years)

    @property
    def archive_year(self):
        return self.filters.get("year")

    @property
    def series(self):
        return self.filters.get("series")

    def filter_year(self, events, year):
        return events.filter(ends_at__lt=self.now, starts_at__year=year)

    @cached_property
    def results(self):
        events = self.apply(self.all_pages, self.filters)
        if self.archive_year:
            return events.order_by("-starts_at", "-pk")
        upcoming = events.filter(ends_at__gte=self.now)
        if self.series:
            return upcoming.order_by("starts_at", "pk")
        return self.collapse_series(upcoming).order_by("starts_at", "pk")

    @staticmethod
    def collapse_series(upcoming):
        """Events outside a series, and the next date of each series with its number of dates."""
        same_series = upcoming.filter(series=OuterRef("series"))
        next_date = same_series.order_by("starts_at", "pk").values("pk")[:1]
        dates = same_series.order_by().values("series").annotate(count=Count("pk")).values("count")
        return upcoming.filter(Q(series__isnull=True) | Q(pk=Subquery(next_date))).annotate(
            series_dates=Subquery(dates, output_field=IntegerField())
        )

    def for_display(self, results):
        return results.defer_streamfields().select_related("series")
