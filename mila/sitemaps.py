from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    """Every live public page, once per language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000

    def items(self):
        return (
            Page.objects.live().public().filter(depth__gt=1).defer_streamfields().order_by("path")
        )

    def location(self, page):
        return page.get_url_parts()[2]

    def lastmod(self, page):
        return page.last_published_at or page.first_published_at

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        # Django builds x-default by stripping the language prefix, but every URL here has one:
        # point x-default at the default language's URL instead.
        for url in urls:
            by_language = {alt["lang_code"]: alt["location"] for alt in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls
