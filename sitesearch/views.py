"""The site search: per-language documents for pages; publications as the publication list
matches them (docs/decisions/011-publication-search.md)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import NotSupportedError, transaction
from django.db.models import Q
from django.db.utils import ProgrammingError
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modelsearch.query import Fuzzy
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from mila.cache import remembered
from mila.pagination import ListingPaginator
from mila.text import fold
from pages.models import ProgramIndexPage
from partnerships.models import PartnerProjectIndexPage, StartupIndexPage
from people.models import PeopleIndexPage
from publications.listing import SEARCH_COUNT_CAP, matches
from publications.models import PublicationIndexPage, PublicationPage

from .forms import SearchForm
from .highlight import snippet
from .models import SearchDocument, kinds

# Publications are searched as the publication list searches them, not by search documents.
PUBLICATIONS = PublicationPage.search_kind.value
RESULTS_PER_PAGE = 20
PER_GROUP = 5
# The overview groups the best documents of every kind: enough to fill most groups.
OVERVIEW_DOCUMENTS = 60
SUGGESTED_SECTIONS = (
    PeopleIndexPage,
    PublicationIndexPage,
    ProgramIndexPage,
    PartnerProjectIndexPage,
    StartupIndexPage,
)


@dataclass
class Result:
    title: str
    url: str
    snippet: str
    kind: str
    details: str = ""


@dataclass
class Group:
    kind: str
    label: str
    count: int
    results: list = field(default_factory=list)
    more: bool = False

    @property
    def count_label(self):
        return count_label(self.count, self.more)


def count_label(count, more=False):
    """A result count as shown: "42", or "more than 1000" where counting stopped."""
    return _("more than %(count)s") % {"count": count} if more else str(count)


def _document_result(document, query, request):
    return Result(
        title=document.title,
        url=document.page.get_url(request),
        snippet=snippet(document.text, query),
        kind=document.kind,
    )


def _publication_result(publication, query, request):
    details = " · ".join(
        part
        for part in (publication.author_names(), publication.venue_name, str(publication.year))
        if part
    )
    return Result(
        title=publication.title,
        url=publication.get_url(request),
        snippet=snippet(publication.abstract, query),
        kind=PUBLICATIONS,
        details=details,
    )


class Search:
    """One query in the current language: counts per kind, an overview and pages of results.

    Publications are matched as in the publication list (`publications.listing.matches`), newest
    first, and counted up to SEARCH_COUNT_CAP: ranking every paper a common word is in took
    seconds with 20,000 papers, and the two searches now agree on what matches.
    """

    def __init__(self, request, query):
        self.request = request
        self.query = query
        self.folded = fold(query)
        self.fuzzy = False
        visible = Page.objects.live().public().values("pk")
        self.documents = SearchDocument.objects.filter(
            language=get_language(), page_id__in=visible
        ).select_related("page")
        self.publications = (
            matches(PublicationPage.objects.live().public(), query)
            .prefetch_related("authors")
            .order_by("-publication_date", "-pk")
        )
        # The counts serve the overview, every type and every page of this query: remembered
        # until content changes.
        self.counts, self.more, self.fuzzy = remembered(
            f"site-search-counts:{SEARCH_COUNT_CAP}:{query}", self._count_everything, request
        )

    def _count_everything(self):
        self.fuzzy, self.more = False, set()
        counts = self._counts(self.folded)
        if not any(counts.values()):
            counts = self._try_similar_spellings(counts)
        return counts, self.more, self.fuzzy

    def _search(self, documents, query):
        return get_search_backend().search(Fuzzy(query) if self.fuzzy else query, documents)

    def _counts(self, query):
        counts = dict(self._search(self.documents, query).facet("kind"))
        counts[PUBLICATIONS] = 0
        if not self.fuzzy:
            paginator = self._publication_paginator()
            counts[PUBLICATIONS] = paginator.count
            if paginator.is_capped:
                self.more.add(PUBLICATIONS)
        return counts

    def _publication_paginator(self):
        """Newest first, counted up to SEARCH_COUNT_CAP once per query and content change."""
        return ListingPaginator(
            self.publications,
            RESULTS_PER_PAGE,
            cap=SEARCH_COUNT_CAP,
            remember_as=f"site-search-publications:{SEARCH_COUNT_CAP}:{self.query}",
        )

    def _try_similar_spellings(self, counts):
        """Where the backend can (PostgreSQL with pg_trgm), match words spelled close to these."""
        self.fuzzy = True
        try:
            with transaction.atomic():
                counts = self._counts(self.folded)
        except (NotImplementedError, NotSupportedError, ProgrammingError):
            self.fuzzy = False
        if not any(counts.values()):
            self.fuzzy = False
        return counts

    @property
    def total(self):
        return sum(self.counts.values())

    def groups(self):
        """Each kind with results: its count and its best few results."""
        # Ranked by the backend on their kind only; the few shown are loaded whole afterwards.
        ranked = self._search(self.documents.select_related(None).only("pk", "kind"), self.folded)
        shown_ids = {}
        for document in ranked[:OVERVIEW_DOCUMENTS]:
            ids = shown_ids.setdefault(document.kind, [])
            if len(ids) < PER_GROUP:
                ids.append(document.pk)
        loaded = self.documents.in_bulk([pk for ids in shown_ids.values() for pk in ids])
        groups = []
        for kind, label in kinds():
            count = self.counts.get(kind, 0)
            if not count:
                continue
            if kind == PUBLICATIONS:
                results = [
                    _publication_result(publication, self.query, self.request)
                    for publication in self.publications[:PER_GROUP]
                ]
            else:
                results = [
                    _document_result(loaded[pk], self.query, self.request)
                    for pk in shown_ids.get(kind, [])
                ]
            groups.append(Group(kind, label, count, results, more=kind in self.more))
        return groups

    def page_of(self, kind, number):
        if kind == PUBLICATIONS:
            paginator, build = self._publication_paginator(), _publication_result
        else:
            source = self._search(self.documents.filter(kind=kind), self.folded)
            paginator, build = Paginator(source, RESULTS_PER_PAGE), _document_result
        page_obj = paginator.get_page(number)
        page_obj.results = [build(item, self.query, self.request) for item in page_obj]
        return page_obj


def promotions(query, request):
    """Editors' picks for this query (Wagtail search promotions), live public pages only.

    Remembered per query until content changes (promotions are content, mila/cache/purge.py)."""
    normalised = normalise_query_string(query)

    def picks():
        visible = Page.objects.live().public().values("pk")
        chosen = (
            SearchPromotion.objects.filter(query__query_string=normalised)
            .filter(Q(page__isnull=True) | Q(page__in=visible))
            .select_related("page")
        )
        return [
            {
                "title": pick.page.title if pick.page else pick.external_link_text,
                "url": pick.page.get_url(request) if pick.page else pick.external_link_url,
                "description": pick.description,
            }
            for pick in chosen
        ]

    return remembered(f"search-promotions:{request.get_host()}:{normalised}", picks, request)


def suggested_sections(request):
    pages = Page.objects.live().public().type(*SUGGESTED_SECTIONS).order_by("path")
    return [{"title": page.title, "url": page.get_url(request)} for page in pages]


def search(request):
    form = SearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"].strip() if valid else ""
    kind = form.cleaned_data["type"] if valid else ""
    context = {"form": form, "query": query, "kind": kind}
    if query:
        found = Search(request, query)
        context.update(
            total=found.total,
            more=bool(found.more),
            total_label=count_label(found.total, bool(found.more)),
            counts=[
                (value, label, count_label(found.counts[value], value in found.more))
                for value, label in kinds()
                if found.counts.get(value, 0)
            ],
            similar_spellings=found.fuzzy,
            promotions=promotions(query, request),
        )
        if kind:
            context["page_obj"] = found.page_of(kind, request.GET.get("page"))
            context["kind_label"] = dict(kinds())[kind]
        elif found.total:
            context["groups"] = found.groups()
    if not query or not context.get("total"):
        context["suggestions"] = suggested_sections(request)
    return TemplateResponse(request, "sitesearch/search.html", context)
