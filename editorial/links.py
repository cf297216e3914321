"""Internal links (pages, documents, images) written in rich text, and which ones are broken."""

from html.parser import HTMLParser

from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .fields import LANGUAGES, RICH, STREAM, translated_fields
from .streams import raw_stream, text_leaves


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("linktype") in ("page", "document"):
            kind = attrs["linktype"]
        elif tag == "embed" and attrs.get("embedtype") == "image":
            kind = "image"
        else:
            return
        if str(attrs.get("id", "")).isdigit():
            self.links.append((kind, int(attrs["id"])))


def links_in_html(html):
    parser = _LinkParser()
    parser.feed(html or "")
    return parser.links


def internal_links(page):
    """[{field, language, type, id}] for the links in the page's rich text, both languages."""
    found = []
    for field in translated_fields(type(page)):
        if field.kind not in (RICH, STREAM):
            continue
        for language in LANGUAGES:
            for value in field.values(page, language):
                if field.kind == RICH:
                    texts = [value]
                else:
                    stream_block = field.model_field.stream_block
                    texts = [
                        text
                        for _path, kind, text in text_leaves(stream_block, raw_stream(value))
                        if kind == RICH
                    ]
                for text in texts:
                    for kind, target in links_in_html(text):
                        found.append(
                            {"field": field.name, "language": language, "type": kind, "id": target}
                        )
    return found


def broken_links(statuses):
    """[(status, link)] for links to pages that are gone or unpublished, or missing files."""
    wanted = {"page": set(), "document": set(), "image": set()}
    for status in statuses:
        for link in status.internal_links:
            wanted[link["type"]].add(link["id"])
    existing = {
        "page": set(
            Page.objects.filter(Q(pk__in=wanted["page"]), live=True).values_list("pk", flat=True)
        ),
        "document": set(
            get_document_model()
            .objects.filter(pk__in=wanted["document"])
            .values_list("pk", flat=True)
        ),
        "image": set(
            get_image_model().objects.filter(pk__in=wanted["image"]).values_list("pk", flat=True)
        ),
    }
    return [
        (status, link)
        for status in statuses
        for link in status.internal_links
        if link["id"] not in existing[link["type"]]
    ]
