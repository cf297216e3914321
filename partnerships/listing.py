"""Filtered, faceted and paginated listings of child pages (partner projects, startups).

The same shape as the people directory: a small GET form gives the valid filters, each facet
counts its options with the *other* filters applied, and the results are paginated.
"""

import unicodedata
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count

from mila.cache import remembered


class Facet:
    """One filter: a form field, the ORM lookup it narrows, and the options shown with counts.

    `options` is either a list of (value, label) choices or a queryset of snippets whose
    `value_field` (for example the slug) appears in the URL.
    """

    def __init__(self, name, lookup, all_label, *, choices=None, queryset=None, value_field="slug"):
        self.name = name
        self.lookup = lookup
        self.all_label = all_label
        self.choices = choices
        self.queryset = queryset
        self.value_field = value_field

    def key(self, value):
        """The value as it comes back from `values_list(lookup)`: a pk or a plain value."""
        return value.pk if hasattr(value, "pk") else value

    def options(self):
        if self.queryset is not None:
            items = [
                (item.pk, getattr(item, self.value_field), str(item))
                for item in self.queryset.all()
            ]
            # In the visitor's language, with "Énergie" among the E's, not after "Z".
            return sorted(items, key=lambda option: _sort_key(option[2]))
        return [(value, value, label) for value, label in self.choices]


def _sort_key(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class FacetedListing:
    def __init__(self, pages, form, facets, per_page, page_number, ordering, cache_key=None):
        self.all_pages = pages
        self.cache_key = cache_key
        self.form = form
        self.filters = form.filters()
        self.facets = facets
        self.results = self.apply(pages, self.filters).order_by(*ordering)
        self.per_page = per_page
        self.page_number = page_number

    def apply(self, pages, filters):
        for facet in self.facets:
            if facet.name in filters:
                pages = pages.filter(**{facet.lookup: filters[facet.name]})
        return pages

    def paginate(self, listing):
        """Paginate `listing` (the results with their select/prefetch_related added)."""
        self.page_obj = Paginator(listing, self.per_page).get_page(self.page_number)
        return self.page_obj

    @property
    def is_filtered(self):
        return bool(self.filters)

    @cached_property
    def facet_options(self):
        """{facet name: [{value, label, count, selected}]} for the filter form.

        A query or two per facet: remembered per set of filters until content changes.
        """

        def build():
            return {facet.name: self._options(facet) for facet in self.facets}

        if self.cache_key is None:
            return build()
        filters = sorted(
            (name, getattr(value, "pk", value)) for name, value in self.filters.items()
        )
        return remembered(f"facets:{self.cache_key}:{filters}", build)

    def _options(self, facet):
        others = {name: value for name, value in self.filters.items() if name != facet.name}
        # No ordering: it would add the ordering columns to the GROUP BY of the counts.
        counts = dict(
            self.apply(self.all_pages, others)
            .order_by()
            .values_list(facet.lookup)
            .annotate(count=Count("pk", distinct=True))
        )
        selected = facet.key(self.filters[facet.name]) if facet.name in self.filters else None
        return [
            {
                "value": value,
                "label": str(label),
                "count": counts.get(key, 0),
                "selected": key == selected,
            }
            for key, value, label in facet.options()
        ]

    def facet_fields(self):
        """The form's bound fields with their counted options, in the order of `facets`."""
        options = self.facet_options
        return [
            {
                "field": self.form[facet.name],
                "all_label": facet.all_label,
                "options": options[facet.name],
            }
            for facet in self.facets
        ]
