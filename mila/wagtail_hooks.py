from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": _("Two-step verification"),
        "help_text": _("Ask for a code from your phone after the password when you sign in."),
    }
