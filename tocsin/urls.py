"""Top-level routes: the interface, the API under /api/v1/, the admin.

Every Tocsin app with a ``urls.py`` is included at the root; its firm pages start with
``f/<slug:firm_slug>/`` and go through ``tocsin.firms.access.firm_view``.
"""

from __future__ import annotations

import importlib.util

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from tocsin.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("tocsin.firms.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
for _config in apps.get_app_configs():
    _name = _config.name
    if (
        _name.startswith("tocsin.")
        and _name != "tocsin.firms"
        and importlib.util.find_spec(f"{_name}.urls")
    ):
        urlpatterns.append(path("", include(f"{_name}.urls")))
