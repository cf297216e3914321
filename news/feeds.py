"""RSS 2.0 and Atom feeds of a news listing, in the language of the URL they are read at
(Django's Feed sets the feed's language from the active one)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index):
        return _("%(title)s | Mila – Quebec AI Institute") % {"title": index.title}

    def link(self, index):
        return index.get_url(self.request)

    def description(self, index):
        return strip_tags(index.intro) or index.search_description or index.title

    def feed_url(self, index):
        return self.request.path

    def items(self, index):
        return index.children()[: index.items_per_feed]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        # The same article in both feeds and after a change of slug.
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.pub_datetime

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_category_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
