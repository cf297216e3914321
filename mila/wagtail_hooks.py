from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Institution, ResearchTopic


class ResearchTopicViewSet(SnippetViewSet):
    model = ResearchTopic
    icon = "tag"
    list_display = ["name_en", "name_fr", "slug"]
    search_fields = ["name_en", "name_fr"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "site"
    list_display = ["name_en", "name_fr", "short_name"]
    search_fields = ["name_en", "name_fr", "short_name"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ResearchTopicViewSet, InstitutionViewSet)


register_snippet(VocabularyGroup)
