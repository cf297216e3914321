from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventSeries


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    list_display = ["name_en", "name_fr", "slug"]
    search_fields = ["name_en", "name_fr"]


register_snippet(EventSeriesViewSet)
