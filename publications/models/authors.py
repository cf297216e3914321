"""A person's publications, for the profile page (authorships: publications/authorship.py)."""

from ..authorship import Authorship
from .pages import PublicationPage


def person_publications(person):
    """Live publications listing `person` as an author, newest first."""
    ids = Authorship.objects.filter(person=person).values("page_id")
    return (
        PublicationPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .order_by("-publication_date", "-pk")
    )
