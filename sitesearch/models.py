from django.db import models
from wagtail.search import index

from mila.pages import page_types


def kinds():
    """The groups of the search results page, in order: (value, label) of each kind.

    Each page type declares its kind on its class (`search_kind`, mila.pages.BasePage).
    """
    found = {model.search_kind.value: model.search_kind for model in page_types()}
    ordered = sorted(found.values(), key=lambda kind: (kind.position, kind.value))
    return [(kind.value, kind.label) for kind in ordered]


class SearchDocument(index.Indexed, models.Model):
    """What a visitor reads on one page in one language, for the site search.

    Wagtail indexes a page once, in whatever language was active when it was saved; a bilingual
    site needs one document per page and language so that a French search looks at French text
    only. `search_title` and `search_text` are the same text without accents or case, so that
    "joelle" finds "Joëlle" with any search backend; `title` and `text` are what results show.
    """

    is_content = False  # rewritten when its page is published

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=7)
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    search_title = models.CharField(max_length=255)
    search_text = models.TextField(blank=True)

    search_fields = [
        index.SearchField("search_title", boost=4),
        index.SearchField("search_text"),
        index.AutocompleteField("search_title"),
        index.FilterField("language"),
        index.FilterField("kind"),
        index.FilterField("page_id"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_document_per_language")
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"
