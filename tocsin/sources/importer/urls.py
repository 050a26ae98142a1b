"""The import wizard's pages; included by ``tocsin/sources/urls.py``."""

from __future__ import annotations

from django.urls import path

from tocsin.sources.importer import views

urlpatterns = [
    path("f/<slug:firm_slug>/sources/import/", views.upload, name="source_import"),
    path("f/<slug:firm_slug>/sources/import/mapping/", views.mapping, name="source_import_mapping"),
    path("f/<slug:firm_slug>/sources/import/done/", views.done, name="source_import_done"),
]
