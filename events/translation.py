from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import EventIndexPage, EventPage, EventSeries


@register(EventSeries)
class EventSeriesTR(TranslationOptions):
    fields = ("name", "description")


@register(EventPage)
class EventPageTR(TranslationOptions):
    fields = ("summary", "location_name", "address", "description")


@register(EventIndexPage)
class EventIndexPageTR(TranslationOptions):
    fields = ("intro",)
