"""The event listing: upcoming events (each series once, at its next date) or a past year."""

from functools import cached_property

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from mila.forms import ListingFilterForm

from .vocabulary import Audience, EventSeries


class EventFilterForm(ListingFilterForm):
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=EventSeries.objects.all(),
        to_field_name="slug",
        empty_label=_("All series"),
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[("", _("All audiences")), *Audience.choices],
        required=False,
    )
    year = forms.TypedChoiceField(label=_("Past events of"), coerce=int, required=False)

    def __init__(self, data, past_years):
        super().__init__(data)
        self.fields["year"].choices = [("", _("Upcoming events"))] + [
            (year, year) for year in past_years
        ]


class EventListing:
    def __init__(self, events, params, now, per_page):
        self.events = events
        self.now = now
        self.past_years = [
            moment.year
            for moment in events.filter(ends_at__lt=now)
            .order_by()
            .datetimes("starts_at", "year", order="DESC")
        ]
        self.form = EventFilterForm(params, self.past_years)
        self.filters = self.form.filters()
        self.per_page = per_page
        self.page_number = params.get("page")

    @property
    def is_filtered(self):
        return bool(self.filters)

    @property
    def archive_year(self):
        return self.filters.get("year")

    @property
    def series(self):
        return self.filters.get("series")

    def filtered(self):
        events = self.events
        if "series" in self.filters:
            events = events.filter(series=self.filters["series"])
        if "audience" in self.filters:
            events = events.filter(audience=self.filters["audience"])
        return events

    @cached_property
    def results(self):
        events = self.filtered()
        if self.archive_year:
            return events.filter(ends_at__lt=self.now, starts_at__year=self.archive_year).order_by(
                "-starts_at", "-pk"
            )
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

    @cached_property
    def page_obj(self):
        events = self.results.defer_streamfields().select_related("series")
        return Paginator(events, self.per_page).get_page(self.page_number)
