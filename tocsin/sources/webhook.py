"""Signed webhooks: a tool that cannot hold an API token POSTs mentions to a secret address.

Each webhook source has its own receiving address (``/hooks/<token>/``) and HMAC secret
(shown once, stored encrypted). A delivery carries

    X-Tocsin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>

and is refused when the signature is wrong or the timestamp is more than five minutes away
from our clock; a signature already accepted is a replay and stores nothing again (the
sender is told ``replayed``, so an honest retry is not an error). The body is the push API's
JSON: one mention, or ``{"mentions": [...]}``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from tocsin.mentions.api import MentionBatchIn, MentionIn
from tocsin.mentions.pipeline import Incoming
from tocsin.sources import services
from tocsin.sources.models import Source, WebhookDelivery

TOLERANCE = 300
HEADER = "X-Tocsin-Signature"


class WebhookRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Delivery:
    replayed: bool
    result: dict[str, Any]


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value a sender puts on ``body`` (also what the docs show)."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def source_for(token: str) -> Source | None:
    if not token:
        return None
    return (
        Source.unscoped.select_related("firm").filter(callback_token=token, kind="webhook").first()
    )


def _parse_header(value: str) -> tuple[int, list[str]]:
    stamp, signatures = -1, []
    for part in value.split(","):
        key, _, val = part.strip().partition("=")
        if key == "t" and val.isdigit():
            stamp = int(val)
        elif key == "v1" and val:
            signatures.append(val.strip().lower())
    return stamp, signatures


def receive(source: Source, body: bytes, header: str) -> Delivery:
    """Check and ingest one delivery; raise :class:`WebhookRefused` with the HTTP status."""
    if not source.enabled:
        raise WebhookRefused(410, "this webhook is disabled")
    secret = str(source.credentials.get("hmac_secret", ""))
    stamp, given = _parse_header(header)
    if not secret or stamp < 0 or not given:
        raise WebhookRefused(401, f"missing or malformed {HEADER} header")
    if abs(time.time() - stamp) > TOLERANCE:
        raise WebhookRefused(401, "the signature's timestamp is too far from now (replay?)")
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, g) for g in given):
        raise WebhookRefused(401, "wrong signature")
    items = _items(body)
    # The delivery is remembered in the same transaction as its mentions: if storing fails,
    # the sender's retry is not mistaken for a replay. A concurrent copy waits on the
    # unique index, then finds the delivery and stores nothing.
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(firm=source.firm, source=source, signature=expected)
        except IntegrityError:
            return Delivery(replayed=True, result={})
        result = services.ingest_pushed(source, items).as_dict()
    WebhookDelivery.objects.for_firm(source.firm).filter(
        received_at__lt=timezone.now() - timedelta(seconds=3 * TOLERANCE)
    ).delete()
    return Delivery(replayed=False, result=result)


def _items(body: bytes) -> list[Incoming]:
    try:
        payload = json.loads(body or b"null")
    except ValueError as exc:
        raise WebhookRefused(400, f"the body is not JSON: {exc}") from None
    try:
        if isinstance(payload, dict) and "mentions" in payload:
            mentions = MentionBatchIn.model_validate(payload).mentions
        else:
            mentions = [MentionIn.model_validate(payload)]
    except ValidationError as exc:
        raise WebhookRefused(422, f"the body is not a mention: {exc.errors()[:3]}") from None
    return [m.to_incoming() for m in mentions]
