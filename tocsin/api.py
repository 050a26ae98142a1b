"""The REST API under /api/v1/: one NinjaAPI; every Tocsin app with an ``api.py`` that
defines ``router`` adds it (its paths are written in full, e.g. ``/crises/{crisis_id}``)."""

from __future__ import annotations

import importlib
import importlib.util
import logging

from django.apps import apps
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from tocsin.firms.api import ApiTokenAuth
from tocsin.lib.unstorable import is_out_of_range

log = logging.getLogger(__name__)

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
def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """An id or number past the database's 64-bit integers (SQLite raises instead of finding
    nothing) is the caller's mistake, not a server error."""
    if not is_out_of_range(exc):
        raise exc  # an overflow in our own arithmetic is a bug: a 500, logged
    return api.create_response(
        request, {"detail": "A number in the request is out of range."}, status=422
    )


@api.exception_handler(DataError)
def value_cannot_be_stored(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database refuses as data (PostgreSQL: a NUL byte in a text, a UTC offset
    past 16 hours, a number out of range) came from the request: a 422, logged."""
    log.warning("API %s %s: value refused by the database: %s", request.method, request.path, exc)
    return api.create_response(
        request, {"detail": "A value in the request cannot be stored."}, status=422
    )
