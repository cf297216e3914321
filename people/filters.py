from django import forms
from django.utils.translation import gettext_lazy as _

from mila.models import Institution, ResearchTopic

from .models import MembershipType


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from GET parameters; invalid values are ignored."""

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
        choices=[("", _("All members")), *MembershipType.choices],
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

    def filters(self):
        """The valid filters only: a bad value in one parameter does not discard the others."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if data.get(name)}
