from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import (
    PartnerContactPage,
    PartnerProjectIndexPage,
    PartnerProjectMember,
    PartnerProjectPage,
    Sector,
    StartupIndexPage,
    StartupPage,
)


@register(Sector)
class SectorTR(TranslationOptions):
    fields = ("name",)


@register(PartnerProjectPage)
class PartnerProjectPageTR(TranslationOptions):
    # Organisations such as Natural Resources Canada have an official name in each language.
    fields = ("partner_name", "summary", "challenge", "approach", "outcome")


@register(PartnerProjectMember)
class PartnerProjectMemberTR(TranslationOptions):
    fields = ("role",)


@register(PartnerProjectIndexPage)
class PartnerProjectIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(StartupPage)
class StartupPageTR(TranslationOptions):
    fields = ("pitch", "description")


@register(StartupIndexPage)
class StartupIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(PartnerContactPage)
class PartnerContactPageTR(TranslationOptions):
    fields = ("intro", "thank_you_text")
