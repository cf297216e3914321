"""When the papers change, for the values derived from them alone (`depends_on="publications"`:
the publication list's counts, years and topics).

Any publish already empties the page cache; these values are kept across other content's
publishes, so every change that can alter them says so here: a paper or a publication list
published, unpublished, moved or deleted, an import or a relinking of authors, a research
topic or a privacy rule saved or deleted.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from mila.cache import draft_only, purge_content
from mila.models import ResearchTopic
from mila.signals import PUBLICATIONS, import_finished

from .authorship import Authorship

CONTENT = PUBLICATIONS


def papers_changed(**kwargs):
    purge_content(CONTENT)


def _page_saved(sender, update_fields=None, **kwargs):
    if not draft_only(update_fields):  # a draft changes nothing visitors see
        purge_content(CONTENT)


def _page_changed(sender, instance, **kwargs):
    from .models import PublicationIndexPage, PublicationPage

    if isinstance(instance, PublicationPage | PublicationIndexPage):
        purge_content(CONTENT)


def _imported(sender, imported=True, **kwargs):
    if imported:
        purge_content(CONTENT)


def connect():
    from .models import PublicationIndexPage, PublicationPage

    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(_page_changed, dispatch_uid=f"publications.{name}")
    for model in (PublicationPage, PublicationIndexPage):
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"publications.saved.{model}")
    for model in (PublicationPage, PublicationIndexPage, Authorship):
        post_delete.connect(papers_changed, sender=model, dispatch_uid=f"publications.gone.{model}")
    for model in (ResearchTopic, PageViewRestriction):
        for name, signal in (("saved", post_save), ("gone", post_delete)):
            signal.connect(
                papers_changed, sender=model, dispatch_uid=f"publications.{name}.{model}"
            )
    import_finished.connect(_imported, dispatch_uid="publications.content.imported")
