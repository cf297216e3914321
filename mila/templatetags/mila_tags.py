import html

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from mila.cache import remembered
from mila.models import NavigationSettings

register = template.Library()

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _swap_language_prefix(path, language):
    parts = path.split("/", 2)
    if len(parts) > 1 and parts[1] in dict(settings.LANGUAGES):
        parts[1] = language
        return "/".join(parts)
    return f"/{language}{path}"


def _path_in(language, request, page):
    """The path of what the visitor is looking at, in another language."""
    if isinstance(page, Page) and page.pk:
        with translation.override(language):
            url = page.get_url(request)
        if url:
            return url
    translated = translate_url(request.path, language)
    if translated == request.path:
        translated = _swap_language_prefix(request.path, language)
    return translated


def translated_urls(context):
    """{language code: absolute URL of the current page in that language}, cached per request."""
    request = context.get("request")
    if request is None:
        return {}
    cached = getattr(request, "_translated_urls", None)
    if cached is None:
        query = request.META.get("QUERY_STRING", "")
        cached = {}
        for code, _name in settings.LANGUAGES:
            path = _path_in(code, request, context.get("page"))
            cached[code] = request.build_absolute_uri(path + (f"?{query}" if query else ""))
        request._translated_urls = cached
    return cached


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = translation.get_language()
    urls = translated_urls(context)
    links = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": urls[code],
        }
        for code, _name in settings.LANGUAGES
        if code != current and code in urls
    ]
    return {"links": links}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context):
    urls = translated_urls(context)
    return {"urls": urls, "default_url": urls.get(DEFAULT_LANGUAGE)}


def _navigation(request):
    """The site's menu and footer, as plain values remembered until content changes."""

    def build():
        navigation = NavigationSettings.for_request(request)

        def links(related):
            return [
                {"text": link.text, "url": link.page.get_url(request), "path": link.page.url_path}
                for link in related.select_related("page")
                if link.page.live
            ]

        return {
            "main_links": links(navigation.main_links),
            "footer_links": links(navigation.footer_links),
            "footer_text": navigation.footer_text,
            "footer_text_lang": field_lang(navigation, "footer_text"),
            "contact_email": navigation.contact_email,
            "social_links": list(navigation.social_links),
        }

    return remembered(f"navigation:{request.get_host()}", build, request)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    links = _navigation(request)["main_links"] if request else []
    current = context.get("page")
    current_path = current.url_path if isinstance(current, Page) else ""
    items = [
        {
            "text": link["text"],
            "url": link["url"],
            "active": bool(current_path) and current_path.startswith(link["path"]),
        }
        for link in links
    ]
    return {"items": items}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    return {"navigation": _navigation(request) if request else None, "request": request}


@register.simple_tag
def field_lang(obj, field_name):
    """` lang="en"` when a translated field shows its English fallback, so it is read as English."""
    language = translation.get_language()
    if language == DEFAULT_LANGUAGE or obj is None:
        return ""
    own_value = getattr(obj, build_localized_fieldname(field_name, language), None)
    default_value = getattr(obj, build_localized_fieldname(field_name, DEFAULT_LANGUAGE), None)
    if not own_value and default_value:
        return format_html(' lang="{}"', DEFAULT_LANGUAGE)
    return mark_safe("")


def _escaped(value):
    """`conditional_escape` without its lazy-string wrapper: called for every option."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _option_lang(option, lang_field):
    if not lang_field:
        return ""
    return option["lang"] if "lang" in option else field_lang(option["object"], lang_field)


@register.simple_tag
def select_options(options, lang_field=None):
    """The <option>s of a filter <select>: `value`, `label`, `selected` and, where given,
    `count` of each option; with `lang_field`, the option's `lang` attribute (field_lang),
    given as `lang` or read from the option's `object`. One tag for every listing's filters instead of a loop in each template; the
    author filter has hundreds of options, so they are joined as plain strings (ten times faster
    than format_html per option)."""
    parts = []
    for option in options:
        label = _escaped(option["label"])
        if "count" in option:
            label = f"{label} ({_escaped(option['count'])})"
        parts.append(
            f'<option value="{_escaped(option["value"])}"'
            f"{' selected' if option['selected'] else ''}"
            f"{_option_lang(option, lang_field)}>{label}</option>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` replaced, so pagination keeps the active filters."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def card_html(context, template_name, results, name, **options):
    """`{% card_html "publications/includes/publication_summary.html" page_obj "publication" as
    summaries %}`: the rendered cards only, without loading the rows when all are remembered
    (mila/cards.py). For templates that need nothing else of each object."""
    from mila.cards import card_html as html_of

    return html_of(template_name, results, name, request=context.get("request"), **options)
