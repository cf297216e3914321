from django.urls import path

from .importing import api

app_name = "publications_api"

urlpatterns = [
    path("ingest/", api.ingest, name="ingest"),
]
