from django import forms


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


def choice_filter(label, all_label, *, choices=None, queryset=None, value_field="slug", **kwargs):
    """An optional <select> filter: one of `choices`, or the object of `queryset` whose
    `value_field` is in the URL (`field_class`, in `kwargs`, to use another model field)."""
    if queryset is None:
        return forms.ChoiceField(label=label, choices=[("", all_label), *choices], required=False)
    field_class = kwargs.pop("field_class", forms.ModelChoiceField)
    return field_class(
        label=label,
        queryset=queryset,
        to_field_name=value_field,
        required=False,
        empty_label=all_label,
        **kwargs,
    )
