"""Which events a visitor may see in listings and calendars.

Members-only events carry a Wagtail login restriction: signed-in users pass it, so they see
those events listed; anonymous visitors (and calendar apps, which never sign in) do not.
Password- and group-restricted pages stay out of listings for everyone.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction


def _restricted_q(restrictions):
    q = Q()
    for path, depth in restrictions.values_list("page__path", "page__depth"):
        q |= Q(path__startswith=path, depth__gte=depth)
    return q


def visible_to(pages, user):
    if user is None or not user.is_authenticated:
        return pages.public()
    q = _restricted_q(
        PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
    )
    return pages.exclude(q) if q else pages
