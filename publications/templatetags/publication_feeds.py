from django import template

from publications.feeds import FeedSelection, feed_title

from .publication_tags import publication_index

register = template.Library()

FORMATS = (
    ("rss_feed", "RSS", "application/rss+xml"),
    ("atom_feed", "Atom", "application/atom+xml"),
)


@register.simple_tag(takes_context=True)
def publication_feeds(context, index=None, author=None, topic=None):
    """The RSS and Atom feeds of an index's publications, or of one person's or topic's.

    Returns `[{"format", "type", "url", "title"}]` (empty without a live index), for the
    `<link rel="alternate">` tags and the visible subscribe links.
    """
    index = index or publication_index()
    base_url = index.get_url(context.get("request")) if index else None
    if not base_url:
        return []
    selection = FeedSelection(index, author or None, topic or None)
    query = f"?{selection.query_string}" if selection.query_string else ""
    title = feed_title(selection)
    return [
        {
            "format": label,
            "type": content_type,
            "url": f"{base_url.rstrip('/')}/{index.reverse_subpage(route)}{query}",
            "title": f"{title} ({label})",
        }
        for route, label, content_type in FORMATS
    ]
