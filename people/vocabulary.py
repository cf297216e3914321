"""Membership types and the A–Z initial: used by the profile pages, the directory and its filters.

Kept apart from models.py so that the directory imports these without importing the pages that
use it (no import cycle; tests/site/test_import_graph.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipType(models.TextChoices):
    CORE = "core", _("Core academic member")
    ASSOCIATE = "associate", _("Associate academic member")
    INDUSTRY = "industry", _("Industry member")
    STAFF = "staff", _("Staff")


# Core and associate members are the institute's faculty; the directory filters them together.
ACADEMIC_MEMBERSHIPS = (MembershipType.CORE, MembershipType.ASSOCIATE)


ACADEMIC = "academic"


def initial_of(sort_key):
    """The letter a person is listed under in the directory's A–Z."""
    return (sort_key[:1] or "#").upper()
