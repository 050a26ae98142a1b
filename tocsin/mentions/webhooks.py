"""Signed webhooks: a tool without an API token pushes mentions with an HMAC signature.

The sender signs each request with the source's secret (shown once when the webhook source
is created) and puts the result in a header::

    Tocsin-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

Tocsin refuses a signature older or newer than five minutes, and a signature it has seen
before (a replay), then ingests the body exactly like ``POST /api/v1/mentions``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from tocsin.mentions import pipeline
from tocsin.mentions.api import MentionBatchIn, MentionIn, _incoming
from tocsin.mentions.models import PushReceipt
from tocsin.sources.models import Source, SourceKind

TOLERANCE = 300
MAX_BODY = 10 * 1024 * 1024


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value a sender must send (also what our tests and docs use)."""
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def _parse(header: str) -> tuple[int, str] | None:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        return int(parts["t"]), parts["v1"]
    except (KeyError, ValueError):
        return None


def _refuse(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # authenticated by the HMAC signature, not by a session
@require_POST
def receive(request: HttpRequest, source_id: int) -> JsonResponse:
    source = (
        Source.unscoped.select_related("firm")
        .filter(pk=source_id, kind=SourceKind.WEBHOOK, enabled=True)
        .first()
    )
    parsed = _parse(request.headers.get("Tocsin-Signature", ""))
    secret = source.credentials.get("hmac_secret") if source else None
    # Unknown source and bad signature answer alike, so ids cannot be probed.
    if source is None or parsed is None or not secret:
        return _refuse(401, "missing or invalid signature")
    if len(request.body) > MAX_BODY:
        return _refuse(413, "body too large")
    timestamp, given = parsed
    if abs(time.time() - timestamp) > TOLERANCE:
        return _refuse(401, "signature timestamp outside the five-minute window")
    expected = sign(str(secret), request.body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        return _refuse(401, "missing or invalid signature")
    try:
        data = json.loads(request.body)
        payload = (
            MentionBatchIn.model_validate(data)
            if isinstance(data, dict) and "mentions" in data
            else MentionIn.model_validate(data)
        )
    except (ValueError, ValidationError) as exc:
        return _refuse(422, f"invalid body: {exc}"[:2000])
    items = payload.mentions if isinstance(payload, MentionBatchIn) else [payload]
    try:
        with transaction.atomic():
            receipt = PushReceipt.objects.create(firm=source.firm, key=f"sig:{given}", response={})
            answer = pipeline.ingest(
                source.firm, [_incoming(m) for m in items], source=source
            ).as_dict()
            receipt.response = answer
            receipt.save(update_fields=["response"])
    except IntegrityError:
        return _refuse(409, "this signature was already used (replay refused)")
    return JsonResponse(answer, status=201)
