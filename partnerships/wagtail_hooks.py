from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Sector


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name_en", "name_fr", "slug"]
    search_fields = ["name_en", "name_fr"]


register_snippet(SectorViewSet)
