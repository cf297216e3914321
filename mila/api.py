"""The read-only Wagtail API v2 at /api/v2/ (pages, images, documents) for partner sites and the
harvesting pipeline.

Pages come in one language, chosen by `?locale=en|fr`, else by the `Accept-Language` header,
else English. The site keeps one page tree with both languages in each page
(wagtail-modeltranslation), so Wagtail's own `locale` filter, which picks pages by their Wagtail
Locale, would find no French page: here `locale` picks the language of the titles, slugs, URLs
and translated fields instead, and every page is listed in either language.
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.permissions import AllowAny
from wagtail.api.v2.filters import LocaleFilter, TranslationOfFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from mila.cache import remembered

LANGUAGES = dict(settings.LANGUAGES)


# Beyond this, `offset` is refused (a database cannot skip 2**63 rows: it was a 500).
MAX_OFFSET = 1_000_000


class RememberedCountPagination(WagtailPagination):
    """Wagtail's pagination, with `meta.total_count` counted once per content change.

    Counting 100,000 papers for every listing request (a parallel scan of the page table,
    345 ms) is the cost that grew with the archive; the count of a query is remembered under
    the content generation (mila.cache.remembered), so it changes when a publish changes it.
    """

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        if isinstance(queryset, QuerySet):
            try:
                sql, params = queryset.query.sql_with_params()
            except EmptyResultSet:
                sql = None
            if sql is not None:
                count = queryset.count
                key = f"api-count:{queryset.model._meta.label}:{sql}:{params!r}"
                queryset.count = lambda: remembered(key, count)
        return super().paginate_queryset(queryset, request, view)


class ReadOnlyMixin:
    """Anonymous and read-only: no login is read, so no session, password or CSRF is involved."""

    authentication_classes = []
    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]
    pagination_class = RememberedCountPagination


class InLanguageMixin:
    """Serve the request in the language of `?locale=`, else of Accept-Language."""

    def dispatch(self, request, *args, **kwargs):
        # The API is outside i18n_patterns; without this, LocaleMiddleware would answer its 404s
        # with a redirect to /en/api/v2/..., a path that Wagtail's catch-all accepts.
        request.urlconf = __name__
        language = self.requested_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                # Render now: lazily translated values must come out in the requested language.
                response.render()
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    @staticmethod
    def requested_language(request):
        requested = request.GET.get("locale")
        if requested in LANGUAGES:
            return requested
        # LocaleMiddleware read Accept-Language (URLs outside i18n_patterns carry no language).
        language = getattr(request, "LANGUAGE_CODE", "")
        return language if language in LANGUAGES else settings.LANGUAGE_CODE

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        requested = request.GET.get("locale")
        if requested is not None and requested not in LANGUAGES:
            raise BadRequestError(f"locale must be one of: {', '.join(LANGUAGES)}")


class InLanguagePagesAPIViewSet(ReadOnlyMixin, InLanguageMixin, PagesAPIViewSet):
    filter_backends = [
        backend
        for backend in PagesAPIViewSet.filter_backends
        if backend not in (LocaleFilter, TranslationOfFilter)
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"translation_of"}
    # Wagtail's `locale` field is every page's single Wagtail Locale ("en"), even in French.
    meta_fields = [field for field in PagesAPIViewSet.meta_fields if field != "locale"]

    @classmethod
    def get_detail_default_fields(cls, model):
        # Every field, as Wagtail's base class has it (the pages class removes "locale").
        return cls.get_available_fields(model)

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is not Page:
            # One page type was asked for: its relations are fetched once for the whole list.
            queryset = queryset.prefetch_related(*related_lookups(queryset.model))
        return queryset

    def find_object(self, queryset, request):
        """`html_path` may start with the language, as the site's own URLs do (/fr/...)."""
        parts = [part for part in request.GET.get("html_path", "").split("/") if part]
        site = Site.find_for_request(request)
        if not parts or parts[0] not in LANGUAGES or site is None:
            return super().find_object(queryset, request)
        with translation.override(parts[0]):
            try:
                page, _args, _kwargs = site.root_page.specific.route(request, parts[1:])
            except Http404:
                return None
        return page if queryset.filter(pk=page.pk).exists() else None


class PublicImagesAPIViewSet(ReadOnlyMixin, InLanguageMixin, ImagesAPIViewSet):
    known_query_parameters = ImagesAPIViewSet.known_query_parameters | {"locale"}


class PublicDocumentsAPIViewSet(ReadOnlyMixin, InLanguageMixin, DocumentsAPIViewSet):
    """Wagtail leaves out the documents of collections with a view restriction."""

    known_query_parameters = DocumentsAPIViewSet.known_query_parameters | {"locale"}


def related_lookups(model, prefix=""):
    """prefetch_related lookups for the relations among a model's api_fields, child rows' too."""
    lookups = []
    for api_field in getattr(model, "api_fields", []):
        try:
            field = model._meta.get_field(api_field.name)
        except FieldDoesNotExist:
            continue
        if field.is_relation:
            lookups.append(prefix + field.name)
            if field.one_to_many:
                lookups += related_lookups(field.related_model, f"{prefix}{field.name}__")
    return lookups


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", InLanguagePagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)

# Included by mila/urls.py, and the whole urlconf of API requests (see InLanguageMixin.dispatch).
urlpatterns = [path("api/v2/", api_router.urls)]
