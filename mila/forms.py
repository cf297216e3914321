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
