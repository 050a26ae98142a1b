"""The REST API under /api/v1/: one NinjaAPI; every Tocsin app with an ``api.py`` that
defines ``router`` adds it (its paths are written in full, e.g. ``/crises/{crisis_id}``)."""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from tocsin.firms.api import ApiTokenAuth
from tocsin.lib.unstorable import refusal

api = NinjaAPI(
    title="Tocsin API",
    version="1",
    description=(
        "Every call carries a personal API token (`Authorization: Bearer tsn_…`). A token "
        "belongs to one firm: every call sees that firm alone, with the token owner's role."
    ),
    auth=ApiTokenAuth(),
    urls_namespace="api",
)
for _config in apps.get_app_configs():
    if _config.name.startswith("tocsin.") and importlib.util.find_spec(f"{_config.name}.api"):
        _module = importlib.import_module(f"{_config.name}.api")
        if hasattr(_module, "router"):
            api.add_router("/", _module.router)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def value_cannot_be_stored(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An id or number past SQLite's 64-bit integers, or a value PostgreSQL refuses as data
    (a NUL byte in a text, a UTC offset past 16 hours, a number out of range), came from
    the request: a 422 (see :mod:`tocsin.lib.unstorable`, which pages share)."""
    message = refusal(request, exc)
    if message is None:
        raise exc  # an overflow in our own arithmetic is a bug: a 500, logged
    return api.create_response(request, {"detail": message}, status=422)
