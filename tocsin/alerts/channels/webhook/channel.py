"""A generic webhook signed with HMAC-SHA256, for any receiver a firm writes itself.

What a receiver gets, and how it checks it:

* ``POST`` with a JSON body ``{"event": "alert.raised" | "alert.escalated" | "alert.test" |
  "digest", "delivery": <id>, "sent_at": <ISO 8601>, "subject": ..., "text": ..., "url": ...,
  "severity": "warning" | "critical", "language": "fr" | "en", "alert": {facts}}``.
* ``Tocsin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`` (the
  same scheme Tocsin accepts for incoming webhooks) and ``Tocsin-Delivery: <id>``.
* The receiver recomputes the HMAC over the raw bytes with the channel's secret, compares in
  constant time, refuses a ``t`` more than five minutes from its clock (replay of an old
  message) and a ``Tocsin-Delivery`` it has already accepted (replay within the five
  minutes; a retried delivery keeps its id, so accepting it once is exactly what is wanted).
  :func:`verify` below is a reference implementation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime

from tocsin.alerts.channels.base import Channel, Notice, post_bytes

TOLERANCE = 300  # seconds


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(
    secret: str, header: str, body: bytes, *, now: float | None = None, seen: set[str] | None = None
) -> bool:
    """What a receiver does: signature, freshness, and (with ``seen``) no replay."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        return False
    if seen is not None:
        if parts["v1"] in seen:
            return False
        seen.add(parts["v1"])
    return True


class WebhookChannel(Channel):
    kind = "webhook"

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        body = json.dumps(
            {
                "event": notice.event,
                "delivery": delivery_id,
                "sent_at": datetime.now(UTC).isoformat(),
                "subject": notice.subject,
                "text": notice.summary or notice.text,
                "url": notice.url,
                "severity": notice.severity,
                "language": notice.language,
                "alert": notice.facts,
            },
            ensure_ascii=False,
        ).encode()
        timestamp = int(time.time())
        post_bytes(
            self.config["url"],
            body,
            headers={
                "Tocsin-Signature": sign(self.config["secret"], timestamp, body),
                "Tocsin-Delivery": str(delivery_id),
            },
        )
