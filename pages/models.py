from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from mila import seo
from mila.cache import remembered
from mila.listing import Listing
from mila.pages import BasePage, IndexPage, SearchKind
from mila.routing import find_by_url_path
from mila.serializers import InstitutionSerializer

from .blocks import ApplicationStepsBlock, BodyBlock, FAQBlock
from .figures import calls_to_action, home_figures, listing_urls
from .programs import window_status


class ChildListingMixin:
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().in_menu()
        return context


class HomePage(ChildListingMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_items", label=_("Featured"), max_num=6),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def live_featured_items(self):
        """The editors' picks whose page is published, each with its specific page attached."""
        items = list(self.featured_items.filter(page__live=True).select_related("page"))
        specific = Page.objects.filter(pk__in=[item.page_id for item in items]).specific()
        pages = {page.pk: page for page in specific}
        for item in items:
            item.target = pages.get(item.page_id, item.page)
            # "Program", "Startup"...: says what the card leads to, except for plain pages.
            item.kind = (
                ""
                if isinstance(item.target, HomePage | StandardPage)
                else str(item.target.get_verbose_name())
            )
        return items

    def route(self, request, path_components):
        """Any page of the site in two queries, by its url_path in the current language."""
        page = find_by_url_path(self, path_components, request) if path_components else None
        if page is not None:
            return page.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()

        def build():
            urls = listing_urls(request)
            return {
                "figures": home_figures(urls, today),
                "calls_to_action": calls_to_action(urls),
            }

        context.update(remembered(f"home:{self.pk}:{request.get_host()}:{today}", build, request))
        # Pages, not plain data: not remembered (mila/cache/remember.py).
        context["featured_items"] = self.live_featured_items()
        return context


class HomeFeaturedItem(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_items")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    blurb = models.TextField(
        _("short text"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the page’s search description."),
    )

    panels = [FieldPanel("page"), FieldPanel("blurb")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured item")
        verbose_name_plural = _("featured items")


class StandardPage(ChildListingMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class DegreeLevel(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    PROFESSIONAL_MASTERS = "professional-masters", _("Professional master’s")
    DESS = "dess", _("DESS (graduate diploma)")
    RESEARCH_MSC = "research-msc", _("Research master’s (MSc)")
    PHD = "phd", _("PhD")
    POSTDOC = "postdoc", _("Postdoctoral fellowship")


class ProgramPage(BasePage):
    degree_level = models.CharField(_("degree level"), max_length=30, choices=DegreeLevel)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences, shown in the listing.")
    )
    partner_universities = ParentalManyToManyField(
        "mila.Institution",
        blank=True,
        related_name="programs",
        verbose_name=_("partner universities"),
    )
    duration = models.CharField(
        _("duration"), max_length=100, blank=True, help_text=_("For example: 2 years (full time).")
    )
    intake_fall = models.BooleanField(_("fall"), default=False)
    intake_winter = models.BooleanField(_("winter"), default=False)
    intake_summer = models.BooleanField(_("summer"), default=False)
    application_opens = models.DateField(_("applications open"), null=True, blank=True)
    application_closes = models.DateField(_("applications close"), null=True, blank=True)
    window_repeats_yearly = models.BooleanField(
        _("same dates every year"),
        default=True,
        help_text=_(
            "After the window closes, the page announces the same dates next year "
            "until you enter new ones."
        ),
    )
    eligibility = RichTextField(
        _("eligibility"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    how_to_apply = StreamField(ApplicationStepsBlock(), blank=True, verbose_name=_("how to apply"))
    apply_url = models.URLField(
        _("application link"), blank=True, help_text=_("Where candidates apply, if online.")
    )
    faq = StreamField(FAQBlock(), blank=True, verbose_name=_("frequently asked questions"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("degree_level"), FieldPanel("duration")]),
        FieldPanel("intro"),
        FieldPanel("partner_universities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("intake_fall"),
                        FieldPanel("intake_winter"),
                        FieldPanel("intake_summer"),
                    ],
                    heading=_("Intake terms"),
                ),
                FieldRowPanel([FieldPanel("application_opens"), FieldPanel("application_closes")]),
                FieldPanel("window_repeats_yearly"),
            ],
            heading=_("Admission"),
        ),
        FieldPanel("eligibility"),
        FieldPanel("how_to_apply"),
        FieldPanel("apply_url"),
        FieldPanel("faq"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("eligibility"),
        index.SearchField("faq"),
        index.FilterField("degree_level"),
    ]
    api_fields = [
        APIField("degree_level"),
        APIField("intro"),
        APIField("partner_universities", serializer=InstitutionSerializer(many=True)),
        APIField("duration"),
        APIField("intake_fall"),
        APIField("intake_winter"),
        APIField("intake_summer"),
        APIField("application_opens"),
        APIField("application_closes"),
        APIField("window_repeats_yearly"),
        APIField("eligibility"),
        APIField("how_to_apply"),
        APIField("apply_url"),
        APIField("faq"),
    ]

    parent_page_types = ["pages.ProgramIndexPage"]
    subpage_types = []

    search_kind = SearchKind("programs", _("Programs"), 50)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def clean(self):
        super().clean()
        opens, closes = self.application_opens, self.application_closes
        if opens and closes and closes < opens:
            raise ValidationError(
                {"application_closes": _("The closing date cannot be before the opening date.")}
            )

    @property
    def intake_terms(self):
        terms = [
            (self.intake_fall, _("Fall")),
            (self.intake_winter, _("Winter")),
            (self.intake_summer, _("Summer")),
        ]
        return [label for offered, label in terms if offered]

    def window_status(self, today=None):
        return window_status(
            self.application_opens,
            self.application_closes,
            today or timezone.localdate(),
            self.window_repeats_yearly,
        )

    def structured_data(self, request):
        data = {
            "@type": "EducationalOccupationalProgram",
            "name": self.title,
            "url": seo.absolute(request, self.get_url(request)),
            "description": self.get_description(),
            "provider": {"@id": seo.absolute(request, "/#organization"), "name": "Mila"},
            "educationalCredentialAwarded": self.get_degree_level_display(),
        }
        if self.duration:
            data["timeToComplete"] = self.duration
        if self.application_closes:
            data["applicationDeadline"] = self.application_closes.isoformat()
        if self.application_opens:
            data["applicationStartDate"] = self.application_opens.isoformat()
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["window"] = self.window_status()
        context["universities"] = self.partner_universities.all()
        return context


class ProgramListing(Listing):
    ordering = ("path",)
    prefetch_related = ("partner_universities",)


class ProgramIndexPage(IndexPage):
    subpage_types = ["pages.ProgramPage"]

    page_size = 24
    listing_class = ProgramListing

    class Meta:
        verbose_name = _("program listing")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        for program in context["listing"].page_obj:
            program.window = program.window_status(today)
        return context
