"""Building the search documents of pages: one per page and language (see models.py)."""

import html
import re

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from mila.pages import BasePage
from mila.text import fold

from .models import SearchDocument

# Translated fields that are not text a visitor reads.
SKIPPED_FIELDS = {"slug", "url_path", "seo_title", "apply_url", "portrait_alt"}
SPACES = re.compile(r"\s+")
BATCH = 500


def plain_text(value):
    return SPACES.sub(" ", html.unescape(strip_tags(str(value)))).strip()


def _translated_fields(model):
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [name for name in options.all_fields if name not in SKIPPED_FIELDS]


def _field_texts(page, name):
    value = getattr(page, name, None)
    if not value:
        return []
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        return [plain_text(text) for text in field.get_searchable_content(value)]
    return [plain_text(value)]


def page_texts(page, language):
    """The text of a page in a language, as the visitor sees it (with English fallbacks)."""
    with translation.override(language):
        title = page.title
        texts = []
        for name in _translated_fields(type(page)):
            if name != "title":
                texts.extend(_field_texts(page, name))
        extra = getattr(page, "search_document_extra", None)
        if extra:
            texts.extend(plain_text(text) for text in extra())
    return title, " ".join(text for text in texts if text)


def kind_of(page):
    return page.search_kind.value


def is_searchable(page):
    """Every page type's pages but the site root's, unless the type has its own index
    (publications: their title and abstract are not translated)."""
    return page.depth > 1 and isinstance(page, BasePage) and page.has_search_documents


def documents_for(page):
    documents = []
    for language, _name in settings.LANGUAGES:
        title, text = page_texts(page, language)
        documents.append(
            SearchDocument(
                page_id=page.pk,
                language=language,
                kind=kind_of(page),
                title=title[:255],
                text=text,
                search_title=fold(title)[:255],
                search_text=fold(text),
            )
        )
    return documents


@transaction.atomic
def update_page(page):
    """Replace the documents of a page (call it with the live, specific page)."""
    remove_page(page)
    if page.live and is_searchable(page):
        for document in documents_for(page):
            document.save()


def remove_page(page):
    for document in SearchDocument.objects.filter(page_id=page.pk):
        document.delete()


@transaction.atomic
def rebuild():
    """Every live page's documents, from scratch, with bulk inserts and bulk indexing."""
    # A queryset delete sends post_delete per document: Wagtail removes their index entries.
    SearchDocument.objects.all().delete()
    pages = Page.objects.live().filter(depth__gt=1).specific().iterator(chunk_size=BATCH)
    batch, count = [], 0
    for page in pages:
        if is_searchable(page):
            batch.extend(documents_for(page))
        if len(batch) >= BATCH:
            count += _insert(batch)
            batch = []
    return count + _insert(batch)


def _insert(documents):
    if not documents:
        return 0
    created = SearchDocument.objects.bulk_create(documents)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(SearchDocument, created)
    return len(created)
