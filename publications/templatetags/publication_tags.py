from django import template

from mila.cache import remembered_html
from mila.pagination import ListingPaginator
from publications.models import (
    PublicationIndexPage,
    PublicationPage,
    person_publications,
    with_authors,
)

register = template.Library()

PERSON_PUBLICATIONS_PER_PAGE = 10


def publication_index():
    # Not remembered: a page is a model instance (mila/cache/remember.py keeps plain data).
    return PublicationIndexPage.objects.live().public().order_by("path").first()


@register.simple_tag(takes_context=True)
def latest_publications(context, count=5):
    """A self-contained <section>: the newest live publications and a link to all (remembered)."""

    def build_context():
        index = publication_index()
        publications = []
        if index:
            publications = with_authors(
                PublicationPage.objects.child_of(index)
                .live()
                .public()
                .order_by("-publication_date", "-pk")
            )[: max(int(count), 0)]
        return {"index": index, "publications": publications}

    return remembered_html(
        f"latest-publications:{count}",
        "publications/includes/latest_publications.html",
        build_context,
        context.get("request"),
    )


@register.inclusion_tag(
    "publications/includes/person_publications_section.html", takes_context=True
)
def person_publication_list(context, person):
    """The profile's publications: newest first, paginated with `?page=`, with a count."""
    request = context.get("request")
    number = request.GET.get("page") if request else None
    page_obj = ListingPaginator(
        with_authors(person_publications(person)),
        PERSON_PUBLICATIONS_PER_PAGE,
        remember_as=f"person-publication-count:{person.pk}",
    ).get_page(number)
    return {
        "request": request,
        "person": person,
        "page_obj": page_obj,
        "index": publication_index(),
    }
