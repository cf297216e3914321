from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Kind(models.TextChoices):
    """The groups of the search results page (publications are searched on their own pages)."""

    PEOPLE = "people", _("People")
    PUBLICATIONS = "publications", _("Publications")
    PROJECTS = "projects", _("Partner projects")
    STARTUPS = "startups", _("Startups")
    PROGRAMS = "programs", _("Programs")
    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    PAGES = "pages", _("Pages")


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
    kind = models.CharField(max_length=20, choices=Kind.choices)
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
