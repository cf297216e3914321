from django import forms
from django.utils.translation import gettext_lazy as _

from .models import kinds


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), max_length=200, required=False)
    type = forms.ChoiceField(
        label=_("Show"), choices=lambda: [("", _("All results")), *kinds()], required=False
    )
