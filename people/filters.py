from django import forms
from django.utils.translation import gettext_lazy as _

from mila.forms import ListingFilterForm, choice_filter
from mila.models import Institution, ResearchTopic

from .models import ACADEMIC, MembershipType


class DirectoryFilterForm(ListingFilterForm):
    """The directory's filters."""

    q = forms.CharField(label=_("Name or research topic"), max_length=100, required=False)
    topic = choice_filter(
        _("Research topic"), _("All topics"), queryset=ResearchTopic.objects.all()
    )
    membership = choice_filter(
        _("Membership"),
        _("All members"),
        choices=[(ACADEMIC, _("Academic members (core and associate)")), *MembershipType.choices],
    )
    institution = choice_filter(
        _("Institution"),
        _("All institutions"),
        queryset=Institution.objects.all(),
        value_field="short_name",
    )
    chair = forms.BooleanField(label=_("Canada CIFAR AI Chairs only"), required=False)
    accepting = forms.BooleanField(label=_("Accepting new students"), required=False)
