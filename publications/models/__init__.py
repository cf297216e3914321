"""Publications: the paper pages, their index, authorships and the pipeline's tokens."""

from .authors import Authorship, person_publications, with_authors
from .pages import PublicationIndexPage, PublicationPage
from .pipeline import ImportBatch, IngestToken
from .vocabulary import (
    DatePrecision,
    PublicationStatus,
    VenueType,
    author_key,
    publication_slug,
    title_key,
)

__all__ = [
    "Authorship",
    "DatePrecision",
    "ImportBatch",
    "IngestToken",
    "PublicationIndexPage",
    "PublicationPage",
    "PublicationStatus",
    "VenueType",
    "author_key",
    "person_publications",
    "publication_slug",
    "title_key",
    "with_authors",
]
