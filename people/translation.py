from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import PeopleIndexPage, PersonPage


@register(PersonPage)
class PersonPageTR(TranslationOptions):
    fields = ("portrait_alt", "position_title", "department", "extra_roles", "bio")


@register(PeopleIndexPage)
class PeopleIndexPageTR(TranslationOptions):
    fields = ("intro",)
