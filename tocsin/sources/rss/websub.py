"""WebSub (formerly PubSubHubbub): when a feed names a hub, the hub pushes new items to us.

The protocol (https://www.w3.org/TR/websub/):

1. we POST ``hub.mode=subscribe``, ``hub.topic``, ``hub.callback`` and ``hub.secret`` to the
   hub (through safe_http: the hub's address comes from the feed, so it is untrusted);
2. the hub GETs our callback with ``hub.challenge``; we echo it only for a subscription we
   asked for, on the topic we asked for;
3. the hub POSTs each new version of the feed to the callback, signed with
   ``X-Hub-Signature: sha256=<HMAC of the body>`` (sha1, sha384 and sha512 too) keyed with
   the per-source secret kept encrypted in ``Source.credentials["websub_secret"]``. A push
   with a missing or wrong signature is acknowledged (the spec says so, to tell an attacker
   nothing) and ignored.

Polling goes on at the source's interval as a safety net; WebSub only makes news arrive
sooner. Subscriptions are renewed by the poll a day before their lease ends.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tocsin.lib import safe_http
from tocsin.sources import services
from tocsin.sources.models import Source, WebSubState, WebSubSubscription
from tocsin.sources.rss import feeds

if TYPE_CHECKING:
    from tocsin.mentions.pipeline import IngestResult

log = logging.getLogger(__name__)

LEASE_SECONDS = 10 * 24 * 3600
RENEW_BEFORE = timedelta(days=1)
RETRY_PENDING = timedelta(hours=1)
RETRY_FAILED = timedelta(days=1)
DIGESTS = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}


def callback_url(source: Source) -> str:
    return settings.SITE_URL + reverse("websub_callback", args=[source.ensure_callback_token()])


def secret_of(source: Source) -> str:
    """The source's WebSub secret, created (and stored encrypted) on first use."""
    creds = source.credentials
    if not creds.get("websub_secret"):
        creds["websub_secret"] = secrets.token_urlsafe(32)  # 43 bytes: hubs take < 200
        source.credentials = creds
        Source.objects.for_firm(source.firm_id).filter(pk=source.pk).update(
            sealed_credentials=source.sealed_credentials
        )
    return str(creds["websub_secret"])


def ensure_subscribed(source: Source, hub: str, topic: str) -> WebSubSubscription | None:
    """Called after each successful poll of a feed that names ``hub``: subscribe unless a
    live (or recently tried) subscription to the same hub and topic exists."""
    sub = WebSubSubscription.objects.for_firm(source.firm_id).filter(source=source).first()
    now = timezone.now()
    if sub is not None and sub.hub == hub and sub.topic == topic:
        if (
            sub.state == WebSubState.ACTIVE
            and sub.lease_until
            and sub.lease_until - now > RENEW_BEFORE
        ):
            return sub
        if sub.state == WebSubState.PENDING and now - sub.requested_at < RETRY_PENDING:
            return sub
        if (
            sub.state in (WebSubState.DENIED, WebSubState.FAILED)
            and now - sub.requested_at < RETRY_FAILED
        ):
            return sub
    return subscribe(source, hub, topic)


def subscribe(source: Source, hub: str, topic: str) -> WebSubSubscription:
    """Ask ``hub`` to push ``topic`` to us. The secret and the pending state are stored
    before the request, since a hub may verify while we are still waiting for its answer."""
    secret = secret_of(source)
    callback = callback_url(source)
    sub, _ = WebSubSubscription.unscoped.update_or_create(
        source=source,
        defaults={
            "firm_id": source.firm_id,
            "hub": hub[:2000],
            "topic": topic[:2000],
            "state": WebSubState.PENDING,
            "requested_at": timezone.now(),
            "last_error": "",
        },
    )
    try:
        answer = safe_http.fetch(
            hub,
            method="POST",
            data={
                "hub.mode": "subscribe",
                "hub.topic": topic,
                "hub.callback": callback,
                "hub.secret": secret,
                "hub.lease_seconds": str(LEASE_SECONDS),
            },
            max_bytes=64 * 1024,
            deadline=15.0,
        )
    except safe_http.FetchError as exc:
        return _failed(sub, f"subscribing at the hub failed: {exc}")
    if answer.status not in (200, 202, 204):
        return _failed(sub, f"the hub refused the subscription (HTTP {answer.status})")
    return sub


def unsubscribe(source: Source) -> None:
    """Ask the hub to stop pushing (the source was disabled). The subscription row goes
    when the hub confirms; a new poll after re-enabling subscribes again."""
    sub = WebSubSubscription.objects.for_firm(source.firm_id).filter(source=source).first()
    if sub is None or sub.state not in (WebSubState.ACTIVE, WebSubState.PENDING):
        return
    sub.state = WebSubState.UNSUBSCRIBING
    sub.save(update_fields=["state"])
    try:
        answer = safe_http.fetch(
            sub.hub,
            method="POST",
            data={
                "hub.mode": "unsubscribe",
                "hub.topic": sub.topic,
                "hub.callback": callback_url(source),
            },
            max_bytes=64 * 1024,
            deadline=15.0,
        )
    except safe_http.FetchError as exc:
        error = f"unsubscribing at the hub failed: {exc}"
    else:
        if answer.status in (200, 202, 204):
            return
        error = f"the hub refused to unsubscribe (HTTP {answer.status})"
    # The lease runs out by itself; pushes meanwhile are ignored (the source is disabled).
    sub.last_error = error[:2000]
    sub.save(update_fields=["last_error"])


def _failed(sub: WebSubSubscription, error: str) -> WebSubSubscription:
    WebSubSubscription.unscoped.filter(pk=sub.pk, state=WebSubState.PENDING).update(
        state=WebSubState.FAILED, last_error=error[:2000]
    )
    sub.refresh_from_db()
    return sub


def source_for(token: str) -> Source | None:
    """The feed source a callback address belongs to (a system lookup: the token is the
    only thing the hub knows)."""
    if not token:
        return None
    return Source.unscoped.select_related("firm").filter(callback_token=token, kind="rss").first()


def verify_intent(source: Source, params: dict[str, str]) -> str | None:
    """The challenge to echo when the hub's GET confirms what we asked, else None (404)."""
    sub = WebSubSubscription.objects.for_firm(source.firm_id).filter(source=source).first()
    mode = params.get("hub.mode", "")
    if sub is None or params.get("hub.topic", "") != sub.topic:
        return None
    if mode == "denied":
        sub.state = WebSubState.DENIED
        sub.last_error = ("the hub refused: " + params.get("hub.reason", ""))[:2000]
        sub.save(update_fields=["state", "last_error"])
        return ""
    challenge = params.get("hub.challenge", "")
    if mode == "unsubscribe":
        if not challenge or sub.state != WebSubState.UNSUBSCRIBING:
            return None  # only what we asked for: nobody else may cancel our feed
        sub.delete()
        return challenge
    if mode != "subscribe" or not challenge or not source.enabled:
        return None
    if sub.state not in (WebSubState.PENDING, WebSubState.ACTIVE):
        return None
    lease = params.get("hub.lease_seconds", "")
    now = timezone.now()
    sub.state, sub.verified_at, sub.last_error = WebSubState.ACTIVE, now, ""
    sub.lease_until = now + timedelta(seconds=int(lease) if lease.isdigit() else LEASE_SECONDS)
    sub.save(update_fields=["state", "verified_at", "lease_until", "last_error"])
    return challenge


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """Whether ``X-Hub-Signature`` (``method=hexdigest``) signs ``body`` with ``secret``."""
    method, _, given = header.partition("=")
    digest = DIGESTS.get(method.strip().lower())
    if digest is None or not given:
        return False
    expected = hmac.new(secret.encode(), body, digest).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def receive(
    source: Source, body: bytes, signature: str, content_type: str = ""
) -> IngestResult | None:
    """Ingest a pushed feed; None when the push was ignored (unsigned, badly signed, not
    subscribed, unreadable), which is recorded on the subscription."""
    sub = WebSubSubscription.objects.for_firm(source.firm_id).filter(source=source).first()
    if sub is None or sub.state != WebSubState.ACTIVE or not source.enabled:
        return None
    secret = str(source.credentials.get("websub_secret", ""))
    if not secret or not signature_valid(secret, body, signature):
        log.warning("WebSub push to source %s with a wrong signature ignored", source.pk)
        sub.last_error = "a push with a missing or wrong signature was ignored"
        sub.save(update_fields=["last_error"])
        return None
    try:
        parsed = feeds.parse(body, url=sub.topic, headers={"content-type": content_type})
    except feeds.FeedProblem as exc:
        sub.last_error = f"a pushed feed was unreadable: {exc}"[:2000]
        sub.save(update_fields=["last_error"])
        return None
    result = services.ingest_pushed(source, parsed.items)
    sub.last_push_at, sub.pushes_received = timezone.now(), sub.pushes_received + 1
    sub.last_error = ""
    sub.save(update_fields=["last_push_at", "pushes_received", "last_error"])
    return result
