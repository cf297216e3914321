"""Site-wide models shared by every app: navigation, footer, topics, institutions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index


class MenuLink(Orderable):
    """A link to a page; the label defaults to the page's title in the visitor's language."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    label = models.CharField(
        _("label"), max_length=60, blank=True, help_text=_("Leave empty to use the page title.")
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.label or self.page.title


class MainMenuLink(MenuLink):
    setting = ParentalKey("mila.NavigationSettings", related_name="main_links")


class FooterLink(MenuLink):
    setting = ParentalKey("mila.NavigationSettings", related_name="footer_links")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting, ClusterableModel):
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Address and a short mission statement shown in the footer."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    github_url = models.URLField(_("GitHub"), blank=True)

    panels = [
        InlinePanel("main_links", label=_("Main navigation")),
        InlinePanel("footer_links", label=_("Footer links")),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
                FieldPanel("bluesky_url"),
                FieldPanel("github_url"),
            ],
            heading=_("Contact and social links"),
        ),
    ]

    class Meta:
        verbose_name = _("navigation and footer")

    @property
    def social_links(self):
        candidates = [
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
            ("Bluesky", self.bluesky_url),
            ("GitHub", self.github_url),
        ]
        return [(name, url) for name, url in candidates if url]


class ResearchTopic(index.Indexed, models.Model):
    """Controlled vocabulary shared by people, publications and partner projects."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")

    def __str__(self):
        return self.name


class Institution(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)

    panels = [FieldPanel("name"), FieldPanel("short_name")]
    search_fields = [index.SearchField("name"), index.SearchField("short_name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name
