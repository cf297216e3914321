from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from .models import FooterLink, Institution, MainMenuLink, NavigationSettings, ResearchTopic


@register(NavigationSettings)
class NavigationSettingsTR(TranslationOptions):
    fields = ("footer_text",)


@register(MainMenuLink)
class MainMenuLinkTR(TranslationOptions):
    fields = ("label",)


@register(FooterLink)
class FooterLinkTR(TranslationOptions):
    fields = ("label",)


@register(ResearchTopic)
class ResearchTopicTR(TranslationOptions):
    fields = ("name",)


@register(Institution)
class InstitutionTR(TranslationOptions):
    fields = ("name",)
