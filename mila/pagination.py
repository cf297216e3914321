"""Pagination for listings whose counting is the expensive part."""

from functools import cached_property

from django.core.paginator import Paginator

from mila.cache import remembered


class ListingPaginator(Paginator):
    """A paginator that counts at most `cap` results (all without one) and says whether there
    were more; with `remember_as`, the count is remembered until content changes."""

    def __init__(self, object_list, per_page, cap=None, remember_as=None, depends_on=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.remember_as = remember_as
        self.depends_on = depends_on

    def _count_found(self):
        results = self.object_list.order_by()
        return (results[: self.cap + 1] if self.cap else results).count()

    @cached_property
    def _found(self):
        if self.remember_as is None:
            return self._count_found()
        return remembered(self.remember_as, self._count_found, depends_on=self.depends_on)

    @cached_property
    def count(self):
        return min(self._found, self.cap) if self.cap else self._found

    @property
    def is_capped(self):
        return bool(self.cap) and self._found > self.cap


def filters_key(filters):
    """A form's cleaned filters as a stable string, for the key of a remembered count."""
    return "&".join(
        f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items())
    )
