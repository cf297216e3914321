"""Partner projects, startups, their listings, and the "Become a partner" form."""

import logging
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractForm, AbstractFormSubmission, validate_to_address
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page
from wagtail.search import index

from mila.models import ResearchTopic
from mila.serializers import PageLinkField, TermSerializer

from .forms import (
    OrganisationType,
    PartnerContactForm,
    PartnerProjectFilterForm,
    PartnershipInterest,
    StartupFilterForm,
)
from .listing import Facet, FacetedListing
from .ratelimit import partner_contact_limit
from .vocabulary import ProjectStatus, Sector, StartupRelationship, StartupStatus

logger = logging.getLogger(__name__)

RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]
# The renditions of partnerships/includes/logo.html, fetched with the listing.
LOGO_FILTER = Filter.expand_spec(["max-{240x120,480x240}", "format-{webp,png}"])
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


def _logo_field():
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )


def _sector_field(related_name):
    # Required when a page is saved; SET_NULL so that deleting a sector never deletes pages.
    return models.ForeignKey(
        Sector,
        null=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=_("sector"),
    )


def _logos():
    return get_image_model().objects.prefetch_renditions(*LOGO_FILTER)


class PartnerProjectPage(Page):
    partner_name = models.CharField(_("partner organisation"), max_length=200)
    partner_logo = _logo_field()
    partner_website = models.URLField(_("partner website"), blank=True)
    sector = _sector_field("partner_projects")
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("One or two sentences, shown in listings and at the top of the page."),
    )
    challenge = RichTextField(_("challenge"), blank=True, features=RICH_TEXT)
    approach = RichTextField(_("approach"), blank=True, features=RICH_TEXT)
    outcome = RichTextField(_("outcome"), blank=True, features=RICH_TEXT)
    research_topics = ParentalManyToManyField(
        "mila.ResearchTopic",
        blank=True,
        related_name="partner_projects",
        verbose_name=_("research topics"),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus, default=ProjectStatus.ONGOING
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("partner_name"),
                FieldPanel("partner_logo"),
                FieldPanel("partner_website"),
                FieldPanel("sector"),
            ],
            heading=_("Partner organisation"),
        ),
        FieldPanel("summary"),
        FieldPanel("challenge"),
        FieldPanel("approach"),
        FieldPanel("outcome"),
        InlinePanel("members", label=_("People involved")),
        FieldPanel("research_topics", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")],
            heading=_("Dates and status"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("partner_name"),
        index.SearchField("summary"),
        index.SearchField("challenge"),
        index.SearchField("approach"),
        index.SearchField("outcome"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("partner_name"),
        APIField("partner_logo"),
        APIField("partner_website"),
        APIField("sector", serializer=TermSerializer()),
        APIField("summary"),
        APIField("challenge"),
        APIField("approach"),
        APIField("outcome"),
        APIField("research_topics", serializer=TermSerializer(many=True)),
        APIField("start_year"),
        APIField("end_year"),
        APIField("status"),
        APIField("members"),
    ]

    parent_page_types = ["partnerships.PartnerProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("partner project")
        verbose_name_plural = _("partner projects")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})

    @property
    def years(self):
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")

    def live_members(self):
        """People involved whose profile is published, in the editor's order."""
        return self.members.filter(person__live=True).select_related(
            "person", "person__institution"
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = self.live_members()
        context["topics"] = self.research_topics.all()
        return context


class PartnerProjectMember(Orderable):
    project = ParentalKey(PartnerProjectPage, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.PersonPage",
        on_delete=models.CASCADE,
        related_name="partner_project_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role in the project"),
        max_length=120,
        blank=True,
        help_text=_("For example: project lead. Leave empty to show the person’s title."),
    )

    panels = [PageChooserPanel("person", "people.PersonPage"), FieldPanel("role")]
    api_fields = [APIField("person", serializer=PageLinkField()), APIField("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")

    def __str__(self):
        return self.person.full_name


class PartnerProjectIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["partnerships.PartnerProjectPage"]

    projects_per_page = 12

    class Meta:
        verbose_name = _("partner project listing")

    def projects(self):
        return PartnerProjectPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = FacetedListing(
            self.projects(),
            PartnerProjectFilterForm(request.GET),
            [
                Facet("sector", "sector", _("All sectors"), queryset=Sector.objects.all()),
                Facet(
                    "topic",
                    "research_topics",
                    _("All topics"),
                    queryset=ResearchTopic.objects.all(),
                ),
                Facet("status", "status", _("All projects"), choices=ProjectStatus.choices),
            ],
            self.projects_per_page,
            request.GET.get("page"),
            cache_key=self.pk,
            ordering=(models.F("start_year").desc(nulls_last=True), "title", "pk"),
        )
        listing.paginate(
            listing.results.select_related("sector").prefetch_related(
                "research_topics", models.Prefetch("partner_logo", queryset=_logos())
            )
        )
        context["listing"] = listing
        return context


class StartupPage(Page):
    """A startup born at or supported by the institute. The page title is its name."""

    logo = _logo_field()
    pitch = models.CharField(
        _("one-line pitch"), max_length=200, help_text=_("What the company does, in one line.")
    )
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    sector = _sector_field("startups")
    relationship = models.CharField(
        _("relationship to the institute"),
        max_length=20,
        choices=StartupRelationship,
        default=StartupRelationship.SPIN_OFF,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StartupStatus, default=StartupStatus.ACTIVE
    )
    website = models.URLField(_("website"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("logo"),
        FieldPanel("pitch"),
        FieldPanel("description"),
        InlinePanel("founders", label=_("Founders")),
        FieldRowPanel([FieldPanel("founded_year"), FieldPanel("sector")]),
        FieldRowPanel([FieldPanel("relationship"), FieldPanel("status")]),
        FieldPanel("website"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("pitch"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("logo"),
        APIField("pitch"),
        APIField("description"),
        APIField("founded_year"),
        APIField("sector", serializer=TermSerializer()),
        APIField("relationship"),
        APIField("status"),
        APIField("website"),
        APIField("founders"),
    ]

    parent_page_types = ["partnerships.StartupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")

    @property
    def website_label(self):
        host = urlsplit(self.website).netloc
        return host.removeprefix("www.") or self.website

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["founders"] = self.founders.select_related("person")
        return context


class StartupFounder(Orderable):
    """A founder: a link to their profile, or only their name when they have none here."""

    startup = ParentalKey(StartupPage, on_delete=models.CASCADE, related_name="founders")
    person = models.ForeignKey(
        "people.PersonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founded_startups",
        verbose_name=_("profile"),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("For founders without a profile on this site."),
    )

    panels = [PageChooserPanel("person", "people.PersonPage"), FieldPanel("name")]
    api_fields = [APIField("name"), APIField("person", serializer=PageLinkField())]

    class Meta(Orderable.Meta):
        verbose_name = _("founder")
        verbose_name_plural = _("founders")

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if not self.person_id and not self.name.strip():
            raise ValidationError(_("Choose a profile or type the founder’s name."))

    def save(self, *args, **kwargs):
        # Keep the name too, so it still shows if the profile is deleted one day.
        if self.person_id and not self.name:
            self.name = self.person.full_name
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.person.full_name if self.person_id else self.name

    @property
    def profile(self):
        """The linked profile when it is published."""
        return self.person if self.person_id and self.person.live else None


class StartupIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["partnerships.StartupPage"]

    startups_per_page = 24

    class Meta:
        verbose_name = _("startup listing")

    def startups(self):
        return StartupPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = FacetedListing(
            self.startups(),
            StartupFilterForm(request.GET),
            [
                Facet("sector", "sector", _("All sectors"), queryset=Sector.objects.all()),
                Facet("status", "status", _("All startups"), choices=StartupStatus.choices),
            ],
            self.startups_per_page,
            request.GET.get("page"),
            cache_key=self.pk,
            ordering=("title", "pk"),
        )
        listing.paginate(
            listing.results.select_related("sector").prefetch_related(
                models.Prefetch("logo", queryset=_logos())
            )
        )
        context["listing"] = listing
        return context


class PartnerEnquiry(AbstractFormSubmission):
    """A "Become a partner" submission, with the language the visitor wrote in."""

    is_content = False  # a visitor's submission changes no page

    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("partner enquiry")
        verbose_name_plural = _("partner enquiries")

    def get_data(self):
        data = super().get_data()
        data["organisation_type"] = _choice_label(OrganisationType, data.get("organisation_type"))
        data["interests"] = [
            _choice_label(PartnershipInterest, value) for value in data.get("interests", [])
        ]
        data["language"] = self.get_language_display()
        return data


def _choice_label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class PartnerContactPage(AbstractForm):
    """ "Become a partner": a fixed, bilingual form (its labels are UI strings, not content).

    Submissions are stored (Forms in the admin) and emailed. A honeypot field and a per-IP
    rate limit keep simple spam out. After sending, the visitor is redirected to `?sent=1`
    (so reloading does not send twice), which shows the thank-you text in their language.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(
        _("thank-you message"), blank=True, features=["bold", "italic", "link"]
    )
    to_address = models.CharField(
        _("send submissions to"),
        max_length=255,
        blank=True,
        validators=[validate_to_address],
        help_text=_(
            "Addresses separated by commas. Leave empty to use the site’s partnerships address "
            "(PARTNER_CONTACT_EMAIL)."
        ),
    )

    content_panels = AbstractForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("to_address"),
    ]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("partner contact form")

    # Wagtail's form pages build their form from editor-defined fields; this one is fixed.
    def get_form_fields(self):
        return []

    def get_form_class(self):
        return PartnerContactForm

    def get_data_fields(self):
        form = PartnerContactForm()
        return [
            ("submit_time", _("Submission date")),
            *[(field.name, field.label) for field in form.visible_fields_without_honeypot],
            ("language", _("Language")),
        ]

    def get_submission_class(self):
        return PartnerEnquiry

    def process_form_submission(self, form):
        return PartnerEnquiry.objects.create(
            form_data=form.submission_data(),
            page=self,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )

    @property
    def recipients(self):
        addresses = self.to_address or settings.PARTNER_CONTACT_EMAIL
        return [address.strip() for address in addresses.split(",") if address.strip()]

    def send_notification(self, submission):
        """Email the partnerships team. A mail failure is logged, never shown to the visitor:
        the enquiry is already stored and listed in the admin."""
        if not self.recipients:
            return
        data = submission.form_data
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(f"Partnership enquiry: {data['organisation']}".split())
            body = render_to_string(
                "partnerships/email/partner_enquiry.txt",
                {"page": self, "submission": submission, "data": submission.get_data()},
            )
        message = EmailMessage(
            subject=subject[:200],
            body=body,
            to=self.recipients,
            reply_to=[data["email"]],
        )
        try:
            message.send()
        except Exception:
            logger.exception("Could not email partner enquiry %s.", submission.pk)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.serve_post(request)
        if request.GET.get("sent"):
            return self.render_landing_page(request)
        return self.render_form(request, self.get_form(page=self, user=request.user))

    def serve_post(self, request):
        form = self.get_form(request.POST, page=self, user=request.user)
        if form.is_spam:
            # Bots see the same success as people; nothing is stored or sent.
            logger.info("Partner form honeypot filled; submission dropped.")
            return self.redirect_to_thanks(request)
        if not form.is_valid():
            return self.render_form(request, form)
        if not partner_contact_limit().hit(request):
            return self.render_form(request, form, rate_limited=True, status=429)
        submission = self.process_form_submission(form)
        self.send_notification(submission)
        return self.redirect_to_thanks(request)

    def redirect_to_thanks(self, request):
        return HttpResponseRedirect(f"{self.get_url(request)}?sent=1")

    def render_form(self, request, form, rate_limited=False, status=200):
        context = self.get_context(request)
        context.update(form=form, rate_limited=rate_limited)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        return TemplateResponse(request, self.get_landing_page_template(request), context)
