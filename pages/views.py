from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from .forms import SearchForm

RESULTS_PER_PAGE = 20


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().filter(depth__gt=1).specific().search(query)
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "pages/search.html",
        {"form": form, "query": query, "page_obj": page_obj},
    )
