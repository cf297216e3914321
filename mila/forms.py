from django import forms
from django.core.exceptions import MultipleObjectsReturned


class ListingFilterForm(forms.Form):
    """Listing filters read from GET parameters.

    `filters()` returns the valid, non-empty values only: a bad value in one parameter (an
    unknown topic, a typo in a bookmarked URL) is ignored alone instead of failing the page.
    """

    def filters(self):
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}


class UniqueChoiceField(forms.ModelChoiceField):
    """A slug that matches two objects (two directories) is an invalid choice, not a 500."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except MultipleObjectsReturned as error:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


def choice_filter(label, all_label, *, choices=None, queryset=None, value_field="slug"):
    """An optional <select> filter: one of `choices`, or the object of `queryset` whose
    `value_field` is in the URL."""
    if queryset is None:
        return forms.ChoiceField(label=label, choices=[("", all_label), *choices], required=False)
    return UniqueChoiceField(
        label=label,
        queryset=queryset,
        to_field_name=value_field,
        required=False,
        empty_label=all_label,
    )
