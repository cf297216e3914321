from django.urls import path

from . import api

app_name = "publications_api"

urlpatterns = [
    path("ingest/", api.ingest, name="ingest"),
]
