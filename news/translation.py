from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import NewsIndexPage, NewsPage


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("lead", "body", "main_image_alt")
    # An article written in one language only is shown in it in the other (with a note), so
    # each language falls back to the other one, not only to English.
    fallback_languages = {"default": ("en", "fr")}


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)
