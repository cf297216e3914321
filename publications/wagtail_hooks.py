from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from . import views


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.IMPORT_PERMISSION)


class BibtexImportViewSet(ViewSet):
    name = "publications_import"
    url_prefix = "publications/import"
    icon = "upload"
    menu_label = _("Import BibTeX")
    menu_item_class = ImportMenuItem

    @property
    def menu_url(self):
        return reverse("publications_import:upload")

    def get_urlpatterns(self):
        return [
            path("", views.upload, name="upload"),
            path("<int:pk>/", views.batch_detail, name="batch"),
            path("<int:pk>/analyse/", views.analyse, name="analyse"),
            path("<int:pk>/import/", views.run_import, name="import"),
            path("<int:pk>/cancel/", views.cancel, name="cancel"),
        ]


class PublicationsMenu(ViewSetGroup):
    menu_label = _("Publications")
    menu_icon = "doc-full"
    menu_order = 250
    items = (BibtexImportViewSet, views.IngestTokenViewSet)


@hooks.register("register_admin_viewset")
def register_publications_menu():
    return PublicationsMenu()
