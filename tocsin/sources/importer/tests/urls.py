"""The project's routes plus the import wizard's, until the sources URLconf includes them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from tocsin.urls import urlpatterns as project

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("tocsin.sources.importer.urls")),
    *project,
]
