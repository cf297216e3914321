"""Publications: the paper pages, their index, authorships and the pipeline's tokens."""

from ..authorship import Authorship, with_authors
from ..vocabulary import (
    DatePrecision,
    PublicationStatus,
    VenueType,
    author_key,
    publication_slug,
    title_key,
)
from .authors import person_publications
from .pages import PublicationIndexPage, PublicationPage
from .pipeline import ImportBatch, IngestToken

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
