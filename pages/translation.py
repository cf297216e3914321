from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import HomeFeaturedItem, HomePage, ProgramIndexPage, ProgramPage, StandardPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "body")


@register(HomeFeaturedItem)
class HomeFeaturedItemTR(TranslationOptions):
    fields = ("blurb",)


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(ProgramPage)
class ProgramPageTR(TranslationOptions):
    # Application links can differ by language (a university's French or English form).
    fields = ("intro", "duration", "eligibility", "how_to_apply", "apply_url", "faq")


@register(ProgramIndexPage)
class ProgramIndexPageTR(TranslationOptions):
    fields = ("intro",)
