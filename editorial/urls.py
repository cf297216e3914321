from django.urls import path

from . import views

app_name = "editorial"
urlpatterns = [
    path("pages/<int:page_id>/translation/", views.translation, name="translation"),
    path("pages/<int:page_id>/copy-english/", views.copy_english, name="copy_english"),
    path("pages/<int:page_id>/xliff/", views.export_xliff, name="export_xliff"),
    path("pages/<int:page_id>/xliff/import/", views.import_xliff, name="import_xliff"),
]
