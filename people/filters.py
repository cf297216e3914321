from django import forms
from django.utils.translation import gettext_lazy as _

from mila.forms import ListingFilterForm
from mila.models import Institution, ResearchTopic

from .vocabulary import ACADEMIC, MembershipType


class DirectoryFilterForm(ListingFilterForm):
    """The directory's filters."""

    q = forms.CharField(label=_("Name or research topic"), max_length=100, required=False)
    topic = forms.ModelChoiceField(
        label=_("Research topic"),
        queryset=ResearchTopic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    membership = forms.ChoiceField(
        label=_("Membership"),
        choices=[
            ("", _("All members")),
            (ACADEMIC, _("Academic members (core and associate)")),
            *MembershipType.choices,
        ],
        required=False,
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.all(),
        to_field_name="short_name",
        required=False,
        empty_label=_("All institutions"),
    )
    chair = forms.BooleanField(label=_("Canada CIFAR AI Chairs only"), required=False)
    accepting = forms.BooleanField(label=_("Accepting new students"), required=False)

    def clean_q(self):
        return self.cleaned_data["q"].strip()
