from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import HomePage, StandardPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "body")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")
