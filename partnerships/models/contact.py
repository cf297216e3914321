"""The "Become a partner" form page and its submissions."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormSubmission, validate_to_address
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from mila.pages import BasePage

from ..forms import OrganisationType, PartnerContactForm, PartnershipInterest
from ..ratelimit import partner_contact_limit

logger = logging.getLogger(__name__)


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


class PartnerContactPage(AbstractForm, BasePage):
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
