from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from mila import health, sitemaps, two_factor
from mila import views as mila_views
from sitesearch import views as search_views

urlpatterns = [
    # Two-step sign-in (decision 010): the admin's sign-in page, then the code.
    path("admin/login/", two_factor.LoginView.as_view(), name="two_factor_login"),
    path("admin/login/code/", two_factor.LoginCodeView.as_view(), name="two_factor_login_code"),
    path("admin/two-factor/", two_factor.setup, name="two_factor_setup"),
    path("admin/two-factor/remove/", two_factor.remove, name="two_factor_remove"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:name>.xml", sitemaps.section, name="sitemap_file"),
    path("robots.txt", mila_views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("mila.api")),  # /api/v2/: the read-only Wagtail API
    path("api/publications/", include("publications.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    # Wagtail's catch-all page serving must stay last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
