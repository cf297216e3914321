"""What search engines and link previews read: canonical URL, Open Graph, JSON-LD.

`page_meta` feeds templates/includes/page_meta.html; `structured_data` gives the schema.org
objects of a page (an Organization on the home page, the page type's own object, such as a
Person on a profile, and a BreadcrumbList below the home page). Each page type says its Open
Graph type, description, picture and schema.org object on its class (mila.pages.BasePage).
Publications have their own ScholarlyArticle (publications/citation.py).
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
OG_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
DEFAULT_IMAGE = "img/social-card.png"
DEFAULT_IMAGE_SIZE = (1200, 630)


def json_ld_script(data):
    """A <script type="application/ld+json"> that no value can close early."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def description(page):
    """The page's own description (BasePage.get_description), or nothing."""
    return page.get_description() if hasattr(page, "get_description") else ""


def image(page, request):
    """(url, width, height, alt) of the page's picture, or of the site's card."""
    if page is not None and not hasattr(page, "_social_image"):
        page._social_image = _image(page, request)
    return page._social_image if page is not None else _image(None, request)


def _image(page, request):
    found = page.get_social_image() if hasattr(page, "get_social_image") else None
    if found is not None:
        picture, alt = found
        rendition = picture.get_rendition("fill-1200x630-c60|format-jpeg")
        return absolute(request, rendition.url), rendition.width, rendition.height, alt
    return (
        absolute(request, static(DEFAULT_IMAGE)),
        *DEFAULT_IMAGE_SIZE,
        _("Mila – Quebec AI Institute"),
    )


def page_meta(page, request):
    language = get_language()
    url = absolute(request, page.get_url(request)) if page else absolute(request, request.path)
    title = (page.seo_title or page.title) if page else ""
    image_url, width, height, alt = image(page, request)
    return {
        "canonical": url,
        "title": title,
        "description": description(page) if page else "",
        "type": getattr(page, "og_type", "website"),
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [
            OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != language
        ],
        "image": image_url,
        "image_width": width,
        "image_height": height,
        "image_alt": alt,
        "site_name": _("Mila – Quebec AI Institute"),
    }


# schema.org


def organization(request):
    home = absolute(request, f"/{get_language()}/")
    return {
        "@type": "ResearchOrganization",
        "@id": absolute(request, "/#organization"),
        "name": _("Mila – Quebec AI Institute"),
        "alternateName": "Mila",
        "url": home,
        "logo": absolute(request, static(DEFAULT_IMAGE)),
        "foundingDate": "1993",
        "founder": {"@type": "Person", "name": "Yoshua Bengio"},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "6666, rue Saint-Urbain",
            "addressLocality": "Montréal",
            "addressRegion": "QC",
            "addressCountry": "CA",
        },
    }


def breadcrumbs(page, request, ancestors):
    trail = [*(ancestor for ancestor in ancestors if ancestor.depth > 1), page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": _("Home") if crumb.depth == 2 else crumb.title,
                "item": absolute(request, crumb.get_url(request)),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def structured_data(page, request, ancestors):
    """The schema.org objects of a page, as one JSON-LD graph (empty for none)."""
    graph = []
    if page.depth == 2:
        graph.append(organization(request))
    own = page.structured_data(request) if hasattr(page, "structured_data") else None
    if own:
        graph.append(own)
    if page.depth > 2:
        graph.append(breadcrumbs(page, request, ancestors))
    return {"@context": "https://schema.org", "@graph": graph} if graph else None
