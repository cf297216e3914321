"""Partner projects, startups, their listings, and the "Become a partner" form."""

from .common import (
    LOGO_FILTER,
    RICH_TEXT,
    YEAR_VALIDATORS,
    ProjectStatus,
    Sector,
    StartupRelationship,
    StartupStatus,
)
from .contact import PartnerContactPage, PartnerEnquiry
from .projects import PartnerProjectIndexPage, PartnerProjectMember, PartnerProjectPage
from .startups import StartupFounder, StartupIndexPage, StartupPage

__all__ = [
    "LOGO_FILTER",
    "RICH_TEXT",
    "YEAR_VALIDATORS",
    "PartnerContactPage",
    "PartnerEnquiry",
    "PartnerProjectIndexPage",
    "PartnerProjectMember",
    "PartnerProjectPage",
    "ProjectStatus",
    "Sector",
    "StartupFounder",
    "StartupIndexPage",
    "StartupPage",
    "StartupRelationship",
    "StartupStatus",
]
