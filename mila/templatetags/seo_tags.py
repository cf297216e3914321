from django import template

from mila import seo

register = template.Library()


@register.simple_tag
def page_ancestors(page):
    """The page's ancestors, fetched once per request (breadcrumbs and their JSON-LD share them)."""
    if not hasattr(page, "_cached_ancestors"):
        page._cached_ancestors = list(page.get_ancestors())
    return page._cached_ancestors


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, title=""):
    page = context.get("page")
    request = context["request"]
    meta = seo.page_meta(page if hasattr(page, "get_url") else None, request)
    return {"meta": meta, "title": meta["title"] or title or meta["site_name"]}


@register.simple_tag(takes_context=True)
def structured_data(context):
    page = context.get("page")
    if not hasattr(page, "get_ancestors"):
        return ""
    data = seo.structured_data(page, context["request"], page_ancestors(page))
    return seo.json_ld_script(data) if data else ""
