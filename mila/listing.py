"""One filtered, faceted and paginated listing for every index page.

A small GET form gives the valid filters (a bad value in one parameter is ignored alone), the
filters narrow the pages, each facet counts its options with the *other* filters applied, and
the results are paginated by ListingPaginator. An index page either declares its facets here
(`Listing(pages, params, per_page, facets=[...])`) or subclasses `Listing` for its extras:
`filter_<name>` methods for filters that are not a plain lookup, `counted()` for more counts,
`for_display()` for what the cards need. templates/includes/listing_page.html shows it.
"""

from functools import cached_property

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mila.cache import remembered
from mila.forms import ListingFilterForm, choice_filter
from mila.models import ResearchTopic
from mila.pagination import ListingPaginator, filters_key
from mila.text import fold


class Facet:
    """One filter shown with the number of results each of its options would give.

    Its options are (value, label) `choices` or a `queryset` of snippets whose `value_field`
    is in the URL; give a manager on a class, so the ordering follows the visitor's language.
    Snippets are sorted by their folded names ("Énergie" among the E's) unless `folded=False`.
    `lookup` is the ORM lookup it narrows (its name by default); `label` and `all_label` name
    the form field made from it.
    """

    def __init__(
        self,
        name,
        label,
        all_label,
        *,
        lookup=None,
        choices=None,
        queryset=None,
        value_field="slug",
        folded=True,
    ):
        self.name = name
        self.label = label
        self.all_label = all_label
        self.lookup = lookup or name
        self.choices = choices
        self.queryset = queryset
        self.value_field = value_field
        self.folded = folded

    def filter(self, pages, value):
        return pages.filter(**{self.lookup: value})

    def options(self):
        """[(key as `values_list(lookup)` gives it, value in the URL, label)]."""
        if self.queryset is None:
            return [(value, value, label) for value, label in self.choices]
        items = [
            (item.pk, getattr(item, self.value_field), str(item)) for item in self.queryset.all()
        ]
        return sorted(items, key=lambda item: fold(item[2])) if self.folded else items

    def form_field(self):
        return choice_filter(
            self.label,
            self.all_label,
            choices=self.choices,
            queryset=self.queryset,
            value_field=self.value_field,
        )


def topic_facet(**options):
    """The research topics, shared by people, publications, projects and news."""
    return Facet(
        "topic",
        _("Research topic"),
        _("All topics"),
        lookup="research_topics",
        queryset=ResearchTopic.objects,
        **options,
    )


class Listing:
    """The pages of an index that match the GET parameters, one page of them at a time.

    Set as class attributes, or as keyword arguments by an index that needs nothing else:
    - `form_class`: the filter form for what is not a facet;
    - `facets`: the counted filters; with a `cache_key`, their counts are remembered per set of
      filters until content changes;
    - `lookups`: {filter name: ORM lookup} for plain filters whose lookup is not their name;
    - `ordering` (empty: the pages' own), `select_related`, `prefetch_related` (for the cards);
    - `count_cap`: count at most this many results; `remember_count`: remember each set of
      filters' count (with a `cache_key`), until any content changes or, with `depends_on`,
      until that content changes (`mila.cache.purge_content`);
    - `all_labels`: the first option of a <select> whose form field is not a choice field;
    - `option_lang`: {filter name: translated field of its options' `object`}, marked `lang`
      where it shows the English fallback.
    """

    name = "listing"
    form_class = None
    facets = ()
    lookups = {}
    ordering = ()
    select_related = ()
    prefetch_related = ()
    count_cap = None
    remember_count = False
    depends_on = None
    all_labels = {}
    option_lang = {}

    def __init__(self, pages, params, per_page, *, cache_key=None, **options):
        for option, value in options.items():
            if not hasattr(type(self), option):
                raise TypeError(f"Listing has no option {option!r}")
            setattr(self, option, value)
        self.all_pages = pages
        self.params = params
        self.per_page = per_page
        self.cache_key = cache_key
        self.form = self.make_form(params)
        self.filters = self.form.filters()

    def make_form(self, params):
        """`form_class` with a field for each facet (its `field_order` orders them)."""
        form_class = self.form_class or ListingFilterForm
        fields = {facet.name: facet.form_field() for facet in self.facets}
        return type(form_class.__name__, (form_class,), fields)(params)

    def apply(self, pages, filters):
        """`pages` narrowed by `filters`: a facet's lookup, a `filter_<name>` method, or a
        plain lookup."""
        facets = {facet.name: facet for facet in self.facets}
        for name, value in filters.items():
            if name in facets:
                pages = facets[name].filter(pages, value)
            elif hasattr(self, f"filter_{name}"):
                pages = getattr(self, f"filter_{name}")(pages, value)
            else:
                pages = pages.filter(**{self.lookups.get(name, name): value})
        return pages

    @cached_property
    def results(self):
        results = self.apply(self.all_pages, self.filters)
        return results.order_by(*self.ordering) if self.ordering else results

    def for_display(self, results):
        """The results with what their cards show fetched in the same few queries."""
        return results.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    @cached_property
    def page_obj(self):
        remember_as = None
        if self.remember_count and self.cache_key is not None:
            remember_as = f"{self.name}-count:{self.cache_key}:{filters_key(self.filters)}"
        paginator = ListingPaginator(
            self.for_display(self.results),
            self.per_page,
            cap=self.count_cap,
            remember_as=remember_as,
            depends_on=self.depends_on,
        )
        return paginator.get_page(self.params.get("page"))

    @property
    def is_filtered(self):
        return bool(self.filters)

    def without(self, name):
        """All pages narrowed by every filter but `name`, unordered: an ordering would add its
        columns to the GROUP BY of the counts."""
        others = {key: value for key, value in self.filters.items() if key != name}
        return self.apply(self.all_pages, others).order_by()

    def counted(self):
        """{facet name: [{value, label, count, selected}]}: a query per facet."""
        return {facet.name: self._count_options(facet) for facet in self.facets}

    @cached_property
    def counts(self):
        """`counted()`, remembered per index, page size and set of filters until content changes."""
        if self.cache_key is None:
            return self.counted()
        key = f"{self.name}-facets:{self.cache_key}:{self.per_page}:{filters_key(self.filters)}"
        return remembered(key, self.counted)

    def _count_options(self, facet):
        counts = dict(
            self.without(facet.name)
            .values_list(facet.lookup)
            .annotate(count=Count("pk", distinct=True))
        )
        current = self.filters.get(facet.name)
        selected = getattr(current, "pk", current)
        return [
            {
                "value": value,
                "label": str(label),
                "count": counts.get(key, 0),
                "selected": key == selected,
            }
            for key, value, label in facet.options()
        ]

    def options(self, name):
        """The options of the filter `name` as a <select>, or None for another input: counted
        for a facet, else the form field's choices."""
        if any(facet.name == name for facet in self.facets):
            return self.counts[name]
        field = self.form[name]
        if not isinstance(field.field, forms.ChoiceField):
            return None
        current = str(field.value() or "")
        return [
            {"value": value, "label": label, "selected": str(value) == current}
            for value, label in field.field.choices
            if value != ""
        ]

    def all_label(self, name):
        field = self.form.fields[name]
        if getattr(field, "empty_label", None):
            return field.empty_label
        choices = dict(getattr(field, "choices", ()))
        return choices.get("", self.all_labels.get(name, ""))

    @cached_property
    def filter_fields(self):
        """What the filter form shows, in the form's order: each bound field with its current
        value and, for a <select>, its options and "all" label; for a checkbox, its count."""
        return [
            {
                "field": field,
                "value": self.filters.get(field.name, ""),
                "options": self.options(field.name),
                "all_label": self.all_label(field.name),
                "count": self.counts.get(field.name) if field.widget_type == "checkbox" else None,
                "lang_field": self.option_lang.get(field.name),
            }
            for field in self.form
        ]
