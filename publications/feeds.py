"""RSS 2.0 and Atom feeds of the latest publications: all of them, one person's, one topic's.

The feeds hang off the publication index (`<index>/feed/rss/`, `<index>/feed/atom/`; in French
`flux/rss/` and `flux/atom/`) and take the listing's own `author` and `topic` parameters, so
"this listing, as a feed" is the same query string. Django's Feed gives the feed the active
language, and links point to the pages in that language.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from mila.cache import remembered
from mila.models import ResearchTopic
from mila.signals import PUBLICATIONS
from people.models import PersonPage

from .authorship import Authorship, with_authors
from .listing import PublicationFilterForm

FEED_PARAMETERS = ("author", "topic")
ABSTRACT_WORDS = 60
AUTHORS_SHOWN = 10


@dataclass
class FeedSelection:
    """Which publications a feed lists: an index, optionally narrowed to an author or a topic."""

    index: object
    author: PersonPage | None = None
    topic: ResearchTopic | None = None

    @property
    def query_string(self):
        query = QueryDict(mutable=True)
        if self.author:
            query["author"] = self.author.slug_en
        if self.topic:
            query["topic"] = self.topic.slug
        return query.urlencode()

    def publications(self, limit):
        publications = self.index.children()
        if self.author:
            authored = Authorship.objects.filter(person=self.author).values("page_id")
            publications = publications.filter(pk__in=authored)
        if self.topic:
            publications = publications.filter(research_topics=self.topic)
        return with_authors(publications.order_by("-publication_date", "-pk"))[:limit]


def feed_title(selection):
    names = {
        "person": selection.author.full_name if selection.author else "",
        "topic": selection.topic.name if selection.topic else "",
    }
    if selection.author and selection.topic:
        return _("Publications by %(person)s on %(topic)s") % names
    if selection.author:
        return _("Publications by %(person)s") % names
    if selection.topic:
        return _("Publications on %(topic)s") % names
    return _("Latest publications")


class PublicationRssFeed(Feed):
    feed_type = Rss201rev2Feed
    max_items = 50
    item_guid_is_permalink = False

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        """The feed, built once per change of the papers for each selection and host.

        Rendering 50 items took 110–130 ms whatever the archive's size; nothing in it depends
        on the visitor. An unknown author or topic is a 404 before anything is kept.
        """
        self.request = request
        selection = self.get_object(request)

        def build():
            response = super(PublicationRssFeed, self).__call__(request, *args, **kwargs)
            return (
                response.content.decode(),
                response["Content-Type"],
                response.get("Last-Modified", ""),
            )

        key = f"feed:{type(self).__name__}:{request.get_host()}:{selection.query_string}"
        content, content_type, last_modified = remembered(key, build, depends_on=PUBLICATIONS)
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def get_object(self, request, *args, **kwargs):
        """The selection named by `author` and `topic`; an unknown one is a 404, not all papers."""
        form = PublicationFilterForm(request.GET)
        form.is_valid()
        if any(name in form.errors for name in FEED_PARAMETERS):
            raise Http404
        filters = form.filters()
        author = filters.get("author")
        if author is not None and not isinstance(author, PersonPage):
            raise Http404  # a feed is a profile's (`?author=<slug>`), not a name's
        return FeedSelection(self.index, author, filters.get("topic"))

    def title(self, selection):
        return _("%(feed)s | Mila – Quebec AI Institute") % {"feed": feed_title(selection)}

    def description(self, selection):
        return _("The newest publications by Mila researchers: %(feed)s.") % {
            "feed": feed_title(selection)
        }

    def link(self, selection):
        url = selection.index.get_url(self.request)
        query = selection.query_string
        return f"{url}?{query}" if query else url

    def feed_url(self, selection):
        query = selection.query_string
        return f"{self.request.path}?{query}" if query else self.request.path

    def items(self, selection):
        return selection.publications(self.max_items)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_description(self, item):
        venue = ", ".join(part for part in (item.venue_name, item.display_date) if part)
        parts = [self.item_author_name(item), venue, Truncator(item.abstract).words(ABSTRACT_WORDS)]
        return "\n\n".join(part for part in parts if part)

    def item_guid(self, item):
        # One id per paper, the same in both languages and after a change of slug.
        return f"urn:uuid:{item.translation_key}"

    def item_author_name(self, item):
        names = [author.name for author in item.author_list]
        shown = ", ".join(names[:AUTHORS_SHOWN])
        if len(names) > AUTHORS_SHOWN or item.authors_truncated:
            shown = _("%(authors)s et al.") % {"authors": shown}
        return shown

    def item_pubdate(self, item):
        midnight = datetime.datetime.combine(item.publication_date, datetime.time())
        return timezone.make_aware(midnight)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.research_topics.all()]


class PublicationAtomFeed(PublicationRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, selection):
        return self.description(selection)
