from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import PublicationIndexPage, PublicationPage


@register(PublicationIndexPage)
class PublicationIndexPageTR(TranslationOptions):
    fields = ("intro",)


# Title and abstract stay in their original language; only Page's own fields are registered
# (the French title and slug are copied from the English ones, see PublicationPage.full_clean).
@register(PublicationPage)
class PublicationPageTR(TranslationOptions):
    fields = ()
