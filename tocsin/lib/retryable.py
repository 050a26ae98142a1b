"""A database that is away for a moment (restarting, failing over, out of connections) is
an answer the client can act on: 503 with ``Retry-After``, never a 500 with a traceback.

Every write Tocsin acknowledges is committed before the 2xx is sent, and the push API is
idempotent (the same item twice is one mention), so a client that retries after a 503
loses nothing and duplicates nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds: about what a PostgreSQL restart or a failover takes
_RETRYABLE = (OperationalError, InterfaceError)
_SEEN = "_tocsin_retryable_error"


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 a client reads as "try again shortly": JSON under /api/, a short page else."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The service is briefly unavailable; retry the same request."},
            status=503,
        )
    else:
        response = HttpResponse(
            "<!doctype html><title>Tocsin</title><p>Tocsin is briefly unavailable. "
            "Reload this page in a few seconds.</p>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _remember(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django turns an error raised by a middleware below ours into a 500 response before
    # we see it; this receiver runs while that error is being handled and notes it.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, _RETRYABLE):
        setattr(request, _SEEN, error)


got_request_exception.connect(_remember, dispatch_uid="tocsin.lib.retryable")


class RetryableErrorsMiddleware:
    """First in ``MIDDLEWARE``: database errors become 503 + Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, _SEEN, None)
        if response.status_code == 500 and error is not None:
            log.warning("%s %s: database unavailable (%s)", request.method, request.path, error)
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, _RETRYABLE):
            return None
        log.warning("%s %s: database unavailable (%s)", request.method, request.path, exception)
        return unavailable(request)
