from django import template
from django.utils import timezone

from events.listing import EventListing
from events.models import EventIndexPage
from events.when import describe
from mila.cache import remembered_html

register = template.Library()


def event_index():
    # Not remembered: a page is a model instance (mila/cache/remember.py keeps plain data).
    return EventIndexPage.objects.live().public().order_by("path").first()


@register.simple_tag(takes_context=True)
def upcoming_events(context, count=3):
    """A self-contained <section>: the next events (each series once) and a link to all.

    Remembered as HTML for the current minute, until content changes: the list only changes
    when an event ends or an editor publishes. Members see members-only events too.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    audience = "members" if user is not None and user.is_authenticated else "public"
    now = timezone.now()

    def build_context():
        index = event_index()
        events = []
        if index:
            upcoming = index.events(user).filter(ends_at__gte=now)
            events = list(
                EventListing.collapse_series(upcoming)
                .defer_streamfields()
                .select_related("series")
                .order_by("starts_at", "pk")[: max(int(count), 0)]
            )
        return {"index": index, "events": events}

    return remembered_html(
        f"upcoming-events:{count}:{audience}:{now:%Y-%m-%dT%H:%M}",
        "events/includes/upcoming_events.html",
        build_context,
        request,
    )


@register.inclusion_tag("events/includes/when.html")
def event_when(event):
    """<time> elements for the event's start and end, in its own time zone."""
    return {"when": describe(event)}


@register.simple_tag(takes_context=True)
def webcal_url(context, path):
    """The webcal:// address of a calendar, which calendar apps open as a subscription."""
    request = context["request"]
    return f"webcal://{request.get_host()}{path}"
