"""What search engines and link previews read: canonical URL, Open Graph, JSON-LD.

`page_meta` feeds templates/includes/page_meta.html; `structured_data` gives the schema.org
objects of a page (an Organization on the home page, a Person on a profile, an
EducationalOccupationalProgram on a program, a BreadcrumbList below the home page).
Publications have their own ScholarlyArticle (publications/citation.py).
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
OG_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
# Page fields that can describe a page when it has no search description, in this order.
DESCRIPTION_FIELDS = ("search_description", "intro", "lead", "summary", "pitch", "bio", "abstract")
# Page fields that can hold its picture for link previews, in this order.
IMAGE_FIELDS = ("social_image", "image", "main_image", "portrait", "logo")
DEFAULT_IMAGE = "img/social-card.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
OG_TYPES = {
    "people.personpage": "profile",
    "publications.publicationpage": "article",
    "news.newspage": "article",
}


def json_ld_script(data):
    """A <script type="application/ld+json"> that no value can close early."""
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def absolute(request, url):
    return request.build_absolute_uri(url) if url else ""


def description(page):
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return Truncator(strip_tags(value).strip()).chars(200)
    return ""


def image(page, request):
    """(url, width, height, alt) of the page's picture, or of the site's card."""
    if page is not None and not hasattr(page, "_social_image"):
        page._social_image = _image(page, request)
    return page._social_image if page is not None else _image(None, request)


def _image(page, request):
    for name in IMAGE_FIELDS:
        picture = getattr(page, name, None)
        if picture is not None and hasattr(picture, "get_rendition"):
            rendition = picture.get_rendition("fill-1200x630-c60|format-jpeg")
            alt = getattr(page, f"{name}_alt", "") or picture.title
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
        "type": OG_TYPES.get(page._meta.label_lower, "website") if page else "website",
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


def person(page, request):
    same_as = [
        url
        for url in (
            f"https://orcid.org/{page.orcid}" if page.orcid else "",
            page.google_scholar_url,
            f"https://github.com/{page.github_username}" if page.github_username else "",
            f"https://openreview.net/profile?id={page.openreview_id}" if page.openreview_id else "",
            page.website,
        )
        if url
    ]
    affiliations = [{"@id": absolute(request, "/#organization"), "name": "Mila"}]
    if page.institution:
        affiliations.append({"@type": "CollegeOrUniversity", "name": page.institution.name})
    data = {
        "@type": "Person",
        "name": page.full_name,
        "givenName": page.given_name,
        "familyName": page.family_name,
        "url": absolute(request, page.get_url(request)),
        "affiliation": affiliations,
    }
    if page.position_title:
        data["jobTitle"] = page.position_title
    if page.portrait:
        data["image"] = image(page, request)[0]
    if same_as:
        data["sameAs"] = same_as
    return data


def program(page, request):
    data = {
        "@type": "EducationalOccupationalProgram",
        "name": page.title,
        "url": absolute(request, page.get_url(request)),
        "description": description(page),
        "provider": {"@id": absolute(request, "/#organization"), "name": "Mila"},
        "educationalCredentialAwarded": page.get_degree_level_display(),
    }
    if page.duration:
        data["timeToComplete"] = page.duration
    if page.application_closes:
        data["applicationDeadline"] = page.application_closes.isoformat()
    if page.application_opens:
        data["applicationStartDate"] = page.application_opens.isoformat()
    return data


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


BUILDERS = {"people.personpage": person, "pages.programpage": program}


def structured_data(page, request, ancestors):
    """The schema.org objects of a page, as one JSON-LD graph (empty for none)."""
    graph = []
    if page.depth == 2:
        graph.append(organization(request))
    builder = BUILDERS.get(page._meta.label_lower)
    if builder:
        graph.append(builder(page, request))
    if page.depth > 2:
        graph.append(breadcrumbs(page, request, ancestors))
    return {"@context": "https://schema.org", "@graph": graph} if graph else None
