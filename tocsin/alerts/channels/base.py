"""The one interface every notification channel implements, and the HTTP post they share.

A :class:`Notice` is what to say, already written in one language; a :class:`Channel`
subclass says it on one medium. ``notify`` raises :class:`DeliveryError` on any failure
(the delivery log retries with back-off); it never retries by itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tocsin.lib import safe_http

#: Seconds a chat or webhook receiver has to answer before the attempt counts as failed.
POST_DEADLINE = 10.0


class DeliveryError(Exception):
    """The channel did not accept the message; the text is shown in the delivery log."""


@dataclass(frozen=True)
class Notice:
    """A message to send, in one language: subject, plain text, HTML, a link, and the
    alert's facts for machine receivers (webhooks)."""

    event: str  # alert.raised, alert.escalated, alert.test, digest
    subject: str
    text: str  # the whole plain-text message (email body)
    html: str = ""
    summary: str = ""  # one or two sentences, for chat channels
    url: str = ""
    severity: str = "warning"
    language: str = "fr"
    facts: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)  # short bullet lines (mentions behind it)


class Channel:
    """Base of the channel classes: built with the channel's (unsealed) configuration."""

    kind: ClassVar[str] = ""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        """Send ``notice``; ``target`` is a recipient address for person-addressed kinds."""
        raise NotImplementedError


def post_json(
    url: str, body: dict[str, Any], *, headers: dict[str, str] | None = None
) -> safe_http.Fetched:
    """POST JSON to a user-given address through the SSRF-safe fetcher; non-2xx raises."""
    content = json.dumps(body, ensure_ascii=False).encode()
    return post_bytes(url, content, headers=headers)


def post_bytes(
    url: str, content: bytes, *, headers: dict[str, str] | None = None
) -> safe_http.Fetched:
    try:
        answer = safe_http.fetch(
            url,
            method="POST",
            headers={"Content-Type": "application/json", **(headers or {})},
            content=content,
            max_bytes=64 * 1024,
            deadline=POST_DEADLINE,
            max_redirects=0,
        )
    except safe_http.FetchError as exc:
        raise DeliveryError(str(exc)) from None
    if not 200 <= answer.status < 300:
        snippet = answer.content[:200].decode("utf-8", "replace")
        raise DeliveryError(f"HTTP {answer.status}: {snippet}")
    return answer
