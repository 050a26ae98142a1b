"""Top-level routes: the interface, the API under /api/v1/, the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from tocsin.api import api

urlpatterns = [
    path("", include("tocsin.firms.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
