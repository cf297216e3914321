from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mila.forms import ListingFilterForm
from mila.models import ResearchTopic

from .vocabulary import ProjectStatus, Sector, StartupStatus


def sector_field():
    return forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sectors"),
    )


class PartnerProjectFilterForm(ListingFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"] = sector_field()
        self.fields["topic"] = forms.ModelChoiceField(
            label=_("Research topic"),
            queryset=ResearchTopic.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=_("All topics"),
        )
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=[("", _("All projects")), *ProjectStatus.choices],
            required=False,
        )


class StartupFilterForm(ListingFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"] = sector_field()
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=[("", _("All startups")), *StartupStatus.choices],
            required=False,
        )


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Established company")
    STARTUP = "startup", _("Startup")
    PUBLIC = "public", _("Government or public agency")
    NON_PROFIT = "non-profit", _("Non-profit organisation")
    ACADEMIC = "academic", _("University or research centre")
    OTHER = "other", _("Other")


class PartnershipInterest(models.TextChoices):
    RESEARCH = "research", _("A research collaboration")
    ECOSYSTEM = (
        "ecosystem",
        _("Joining the partner community (reading groups, Tea Talks, symposium)"),
    )
    TALENT = "talent", _("Recruiting talent (job and internship fairs)")
    STARTUPS = "startups", _("Startup programs")
    OTHER = "other", _("Something else")


def single_line(value):
    # These values go into an email subject and headers, where a line break is refused.
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Write this on one line."), code="line_break")


class PartnerContactForm(forms.Form):
    """The "Become a partner" form. `subject_line` is a honeypot: people never see it or fill
    it, robots fill every field. Its name matches no browser autofill category."""

    HONEYPOT = "subject_line"

    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, validators=[single_line]
    )
    name = forms.CharField(label=_("Your name"), max_length=150, validators=[single_line])
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We only use it to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose one")), *OrganisationType.choices],
    )
    interests = forms.MultipleChoiceField(
        label=_("What are you interested in?"),
        help_text=_("Choose all that apply."),
        choices=PartnershipInterest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message"),
        help_text=_("Tell us about your organisation and what you would like to do with us."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    subject_line = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200, strip=False
    )

    def __init__(self, *args, page=None, user=None, **kwargs):
        # Wagtail's form pages pass the page and the user; this form needs neither.
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields[self.HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_spam(self):
        return bool(self.data.get(self.HONEYPOT, "").strip()) if self.is_bound else False

    @property
    def visible_fields_without_honeypot(self):
        return [field for field in self if field.name != self.HONEYPOT]

    @property
    def honeypot(self):
        return self[self.HONEYPOT]

    def submission_data(self):
        """What is stored: everything the visitor filled in, except the honeypot."""
        return {name: value for name, value in self.cleaned_data.items() if name != self.HONEYPOT}
