"""A value the database cannot store came from the request: a 400, not a 500.

* SQLite stores integers in 64 bits and its driver raises ``OverflowError`` ("Python int
  too large to convert to SQLite INTEGER") when a query compares a column with a larger
  one, where PostgreSQL simply finds nothing.
* PostgreSQL refuses some values as data (``DataError``): a NUL character in a text, a
  number out of a column's range, a UTC offset past 16 hours.

Such values can only come from the request (a form's field, an id among its choices, a
query string), so a page answers them with 400 and a short explanation, and the error is
logged as a warning. The API has its own handlers for the same errors, with the same words (422, see
``tocsin/api.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

_SQLITE_OVERFLOW = "too large to convert to SQLite INTEGER"


def is_out_of_range(exc: BaseException) -> bool:
    return isinstance(exc, OverflowError) and _SQLITE_OVERFLOW in str(exc)


def refusal(request: HttpRequest, exc: BaseException) -> str | None:
    """What to tell the client when ``exc`` is a value the database cannot store (logged),
    else None: the error is ours, a 500. Pages and the API both answer with it."""
    if is_out_of_range(exc):
        return _("A number in the request is out of range.")
    if isinstance(exc, DataError):
        log.warning("%s %s: value refused by the database: %s", request.method, request.path, exc)
        return _("A value in the request cannot be stored.")
    return None


class UnstorableValueMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        message = refusal(request, exception)
        if message is None:
            return None  # anything else is ours to fix: Django's usual 500
        return HttpResponseBadRequest(
            f"<!doctype html><title>Tocsin</title><p>{escape(message)}</p>",
            content_type="text/html; charset=utf-8",
        )
