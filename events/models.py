"""Events: talks, reading groups, symposiums and fairs, their series, listing and calendars."""

import datetime
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from mila.pages import BasePage, IndexPage, PersonOrName, Routable, SearchKind
from pages.blocks import BodyBlock

from .visibility import visible_to
from .vocabulary import Audience, EventSeries


def validate_time_zone(value):
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as America/Toronto."),
            params={"value": value},
        ) from error


class EventPage(Routable, BasePage):
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences, shown in listings and calendars."),
    )
    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("series"),
    )
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if it ends the same day.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Dates and times are in this time zone, e.g. America/Toronto for Montréal."),
    )
    # The same instants as aware datetimes, kept in step on save, to sort and filter in SQL.
    starts_at = models.DateTimeField(editable=False, db_index=True)
    ends_at = models.DateTimeField(editable=False, db_index=True)

    location_name = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For example: Mila, Auditorium 1.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Where to join online (video call, stream).")
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience,
        default=Audience.PUBLIC,
        help_text=_(
            "Members only: when published, the page gets a privacy rule so that only signed-in "
            "users see it, in listings and calendars too."
        ),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("Leave empty if no registration is needed."),
    )
    description = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("series"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("all_day"), FieldPanel("time_zone")]),
            ],
            heading=_("Date and time"),
        ),
        MultiFieldPanel(
            [FieldPanel("location_name"), FieldPanel("address"), FieldPanel("online_url")],
            heading=_("Location"),
        ),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("registration_url")]),
        InlinePanel("speakers", label=_("Speakers")),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("location_name"),
        index.FilterField("starts_at"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    search_kind = SearchKind("events", _("Events"), 70)
    description_fields = ("search_description", "summary")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def tzinfo(self):
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)

    def instants(self):
        """(start, end) as aware datetimes; the end of an all-day event is the next midnight."""
        zone = self.tzinfo
        end_date = self.end_date or self.start_date
        if self.all_day:
            return (
                datetime.datetime.combine(self.start_date, datetime.time.min, zone),
                datetime.datetime.combine(
                    end_date + datetime.timedelta(days=1), datetime.time.min, zone
                ),
            )
        start = datetime.datetime.combine(self.start_date, self.start_time, zone)
        end = datetime.datetime.combine(end_date, self.end_time, zone)
        return start, end

    def clean(self):
        super().clean()
        errors = {}
        if not self.all_day:
            if not self.start_time:
                errors["start_time"] = _("Give a start time, or tick “all day”.")
            if not self.end_time:
                errors["end_time"] = _("Give an end time, or tick “all day”.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        if not errors and self.start_date:
            start, end = self.instants()
            if end < start:
                errors["end_time"] = _("The event cannot end before it starts.")
        if not (self.location_name or self.address or self.online_url):
            errors["location_name"] = _("Give a place, an address or an online link.")
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, exclude=None, **kwargs):
        self.set_instants()
        # Derived from the dates and times, whose own errors say what to fix.
        exclude = {*(exclude or ()), "starts_at", "ends_at"}
        super().full_clean(*args, exclude=exclude, **kwargs)

    def save(self, *args, **kwargs):
        self.set_instants()
        # Children are found by their slug in the URL's language (mila.pages): an event
        # without a French slug is reached by its English one.
        for code, _name in settings.LANGUAGES:
            if not getattr(self, f"slug_{code}", None):
                setattr(self, f"slug_{code}", self.slug_en)
        super().save(*args, **kwargs)

    def set_instants(self):
        if self.start_date and (self.all_day or (self.start_time and self.end_time)):
            self.starts_at, self.ends_at = self.instants()

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.tzinfo)

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def members_only(self):
        return self.audience == Audience.MEMBERS

    @property
    def location_text(self):
        """Place and address on one line, for calendars."""
        return ", ".join(part for part in (self.location_name, self.address) if part)

    def ical_uid(self, domain):
        """Stable across edits, renames and moves: the page's translation key never changes."""
        return f"event-{self.translation_key}@{domain}"

    def sync_view_restriction(self):
        """Members-only events get a login restriction; other audiences lose the one we added."""
        restrictions = PageViewRestriction.objects.filter(
            page=self, restriction_type=PageViewRestriction.LOGIN
        )
        if self.members_only and not restrictions.exists():
            PageViewRestriction.objects.create(
                page=self, restriction_type=PageViewRestriction.LOGIN
            )
        elif not self.members_only:
            restrictions.delete()

    def live_speakers(self):
        return self.speakers.select_related("person")

    @cached_property
    def index_page(self):
        return self.get_parent().specific

    def other_dates(self, request, limit=5):
        """The series' next dates after this one, as this visitor may see them."""
        if not self.series_id:
            return []
        siblings = visible_to(
            EventPage.objects.live().filter(series_id=self.series_id), request.user
        )
        return list(
            siblings.filter(ends_at__gte=timezone.now())
            .exclude(pk=self.pk)
            .order_by("starts_at", "pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["speakers"] = self.live_speakers()
        context["other_dates"] = self.other_dates(request)
        context["index"] = self.index_page
        context["is_past"] = self.ends_at < timezone.now()
        return context

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("ics/")
    def ics(self, request):
        from .ical import calendar_response

        return calendar_response(request, self.title, [self], f"{self.slug}.ics", attachment=True)


class EventSpeaker(PersonOrName):
    """A speaker: a link to their profile, or a name and affiliation for guests."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
        verbose_name=_("profile"),
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("For speakers without a profile here.")
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    panels = [*PersonOrName.panels, FieldPanel("affiliation")]
    missing_name_message = _("Choose a profile or type the speaker’s name.")

    class Meta(PersonOrName.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")


class EventIndexPage(Routable, IndexPage):
    """Upcoming events first (each series once, at its next date), past events by year, and
    iCalendar feeds of all events and of each series."""

    subpage_types = ["events.EventPage"]

    page_size = 20
    # Calendars carry the coming events and those of the last months, not the whole archive.
    calendar_past_days = 180

    class Meta:
        verbose_name = _("event listing")

    def events(self, user):
        """Live events of this listing that `user` may see."""
        return visible_to(EventPage.objects.child_of(self).live(), user)

    @path("")
    def listing(self, request):
        from .listing import EventListing

        listing = EventListing(
            self.events(request.user), request.GET, timezone.now(), self.page_size
        )
        return self.render(request, context_overrides={"listing": listing})

    def calendar_events(self, user):
        since = timezone.now() - datetime.timedelta(days=self.calendar_past_days)
        return (
            self.events(user)
            .filter(ends_at__gte=since)
            .select_related("series")
            .order_by("starts_at", "pk")
        )

    @path("ics/")
    def ics(self, request):
        from .ical import calendar_response

        return calendar_response(
            request, self.title, self.calendar_events(request.user), "events.ics"
        )

    @path("series/<slug:slug>/ics/")
    def series_ics(self, request, slug):
        from .ical import calendar_response

        series = get_object_or_404(EventSeries, slug=slug)
        return calendar_response(
            request,
            series.name,
            self.calendar_events(request.user).filter(series=series),
            f"{series.slug}.ics",
        )
