from django import template

from mila.cache import remembered
from news.models import NewsIndexPage

register = template.Library()


def news_index():
    return remembered(
        "index:news", lambda: NewsIndexPage.objects.live().public().order_by("path").first()
    )


@register.inclusion_tag("news/includes/latest_news.html", takes_context=True)
def latest_news(context, count=3):
    """A self-contained <section>: the newest articles and a link to all news."""
    index = news_index()
    items = list(index.news()[: max(int(count), 0)]) if index else []
    return {"request": context.get("request"), "index": index, "items": items}
