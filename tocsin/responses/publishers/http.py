"""JSON over HTTPS for the adapters that speak plain REST (LinkedIn, X, Facebook), through
:func:`tocsin.lib.safe_http.fetch`: no redirect to a private address, bounded time and size.
The API addresses come from settings (never from a firm's form), so a token only ever goes
to the network it belongs to; tests point them at loopback.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings

from tocsin.lib import safe_http
from tocsin.responses.publishers.base import PublishError, error_text

MAX_RETRY = 24 * 3600.0


def api_url(name: str, default: str) -> str:
    return str(getattr(settings, name, default)).rstrip("/")


def call(
    method: str,
    url: str,
    *,
    who: str,
    headers: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One request; returns status, headers and parsed JSON (``None`` if empty). Raises
    :class:`PublishError` for transport failures, 401/403 (not retryable), 429 (retry
    after the announced time), other 4xx (not retryable) and 5xx (retryable)."""
    sent = {"Accept": "application/json", **(headers or {})}
    content = None
    if body is not None:
        sent["Content-Type"] = "application/json"
        content = json.dumps(body).encode()
    try:
        answer = safe_http.fetch(url, method=method, headers=sent, content=content, data=form)
    except safe_http.BlockedAddress as exc:
        raise PublishError(f"{who}: address refused ({exc})", retryable=False) from None
    except safe_http.FetchError as exc:
        raise PublishError(f"{who}: {exc}") from None
    try:
        payload = json.loads(answer.content) if answer.content.strip() else None
    except ValueError:
        payload = None
    status = answer.status
    if status == 429:
        raise PublishError(
            f"{who} asks us to slow down (HTTP 429)",
            retry_after=_retry_after(answer.headers),
        )
    if status >= 400:
        message = error_text(payload, f"HTTP {status}")
        if status in (401, 403):
            raise PublishError(
                f"{who} refused the token (HTTP {status}: {message}); renew it in the account "
                "settings",
                retryable=False,
            )
        raise PublishError(f"{who} answered HTTP {status}: {message}", retryable=status >= 500)
    return status, {k.lower(): v for k, v in answer.headers.items()}, payload


def _retry_after(headers: Any) -> float:
    value = str(headers.get("retry-after") or "").strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY)
    reset = str(headers.get("x-rate-limit-reset") or "").strip()  # X: epoch seconds
    if reset.isdigit():
        return min(max(float(reset) - time.time(), 1.0), MAX_RETRY)
    return 300.0
