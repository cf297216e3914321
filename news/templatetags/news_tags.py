from django import template

from mila.cache import remembered_html
from news.models import NewsIndexPage

register = template.Library()


def news_index():
    # Not remembered: a page is a model instance (mila/cache/remember.py keeps plain data).
    return NewsIndexPage.objects.live().public().order_by("path").first()


@register.simple_tag(takes_context=True)
def latest_news(context, count=3):
    """A self-contained <section>: the newest articles and a link to all news (remembered)."""

    def build_context():
        index = news_index()
        items = list(index.children()[: max(int(count), 0)]) if index else []
        return {"index": index, "items": items}

    return remembered_html(
        f"latest-news:{count}",
        "news/includes/latest_news.html",
        build_context,
        context.get("request"),
    )
