"""Keep the search documents in step with what is published."""

from wagtail.signals import page_published, page_unpublished

from . import documents


def _published(sender, instance, **kwargs):
    documents.update_page(instance.specific)


def _unpublished(sender, instance, **kwargs):
    documents.remove_page(instance)


def connect():
    page_published.connect(_published, dispatch_uid="sitesearch_published")
    page_unpublished.connect(_unpublished, dispatch_uid="sitesearch_unpublished")
