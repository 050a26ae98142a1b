"""WebSub: a feed that names a hub is subscribed to, verified, and pushes signed content."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.models import Source, WebSubState, WebSubSubscription
from tocsin.sources.tests.loopback import Loopback, Reply
from tocsin.testing import Cast

TOPIC = "https://blog-gestion.example.org/atom.xml"

pytestmark = pytest.mark.usefixtures("allow_loopback")


def _atom(hub: str, entry_id: str, title: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog de la gestion</title><id>urn:blog</id><updated>2026-11-27T10:00:00Z</updated>
  <link rel="hub" href="{hub}"/>
  <link rel="self" href="{TOPIC}"/>
  <entry><title>{title}</title><id>{entry_id}</id>
    <link href="https://blog-gestion.example.org/{entry_id}"/>
    <updated>2026-11-27T10:00:00Z</updated><summary>{title}, suite.</summary></entry>
</feed>""".encode()


def _subscribed(cast: Cast, loopback: Loopback) -> tuple[Source, dict[str, list[str]]]:
    loopback.route("/hub", Reply(202))
    loopback.route("/atom.xml", Reply(200, _atom(loopback.url("/hub"), "e1", "Premier billet")))
    source = Source.objects.create(
        firm=cast.firm_a, name="Blog", kind="rss", url=loopback.url("/atom.xml")
    )
    assert services.collect(source).created == 1
    [request] = [s for s in loopback.seen if s.path == "/hub"]
    return source, parse_qs(request.body.decode())


def _verify(params: dict[str, list[str]], **extra: str) -> tuple[int, bytes]:
    callback = urlsplit(params["hub.callback"][0]).path
    query = {
        "hub.mode": "subscribe",
        "hub.topic": params["hub.topic"][0],
        "hub.challenge": "défi-42",
        "hub.lease_seconds": "86400",
        **extra,
    }
    response = Client().get(callback, query)
    return response.status_code, response.content


def _push(params: dict[str, list[str]], body: bytes, signature: str) -> int:
    callback = urlsplit(params["hub.callback"][0]).path
    return (
        Client()
        .post(
            callback,
            body,
            content_type="application/atom+xml",
            headers={"X-Hub-Signature": signature},
        )
        .status_code
    )


def test_feed_with_a_hub_is_subscribed_once(cast: Cast, loopback: Loopback) -> None:
    source, params = _subscribed(cast, loopback)
    assert params["hub.mode"] == ["subscribe"]
    assert params["hub.topic"] == [TOPIC]
    assert params["hub.callback"][0].startswith("http://127.0.0.1:8000/websub/")
    assert params["hub.secret"] == [source.credentials["websub_secret"]]
    services.collect(Source.objects.for_firm(cast.firm_a).get(pk=source.pk))
    assert [s.path for s in loopback.seen].count("/hub") == 1


def test_hub_subscription_round_trip(cast: Cast, loopback: Loopback) -> None:
    source, params = _subscribed(cast, loopback)
    assert _verify(params) == (200, "défi-42".encode())
    sub = WebSubSubscription.objects.for_firm(cast.firm_a).get(source=source)
    assert sub.state == WebSubState.ACTIVE and sub.lease_until is not None

    body = _atom(loopback.url("/hub"), "e2", "Le Cabinet Alpha répond aux critiques")
    secret = params["hub.secret"][0].encode()
    signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    assert _push(params, body, signature) == 202
    titles = set(Mention.objects.for_firm(cast.firm_a).values_list("title", flat=True))
    assert titles == {"Premier billet", "Le Cabinet Alpha répond aux critiques"}
    sub.refresh_from_db()
    assert sub.pushes_received == 1


def test_sha1_signatures_are_accepted_too(cast: Cast, loopback: Loopback) -> None:
    _, params = _subscribed(cast, loopback)
    _verify(params)
    body = _atom(loopback.url("/hub"), "e3", "Billet signé en SHA-1")
    digest = hmac.new(params["hub.secret"][0].encode(), body, hashlib.sha1).hexdigest()
    assert _push(params, body, "sha1=" + digest) == 202
    assert Mention.objects.for_firm(cast.firm_a).filter(title="Billet signé en SHA-1").exists()


@pytest.mark.parametrize("signature", ["", "sha256=00", "md5=abc", "sha256"])
def test_push_with_a_wrong_signature_is_acknowledged_and_ignored(
    cast: Cast, loopback: Loopback, signature: str
) -> None:
    source, params = _subscribed(cast, loopback)
    _verify(params)
    body = _atom(loopback.url("/hub"), "forged", "Faux billet")
    assert _push(params, body, signature) == 202
    assert not Mention.objects.for_firm(cast.firm_a).filter(title="Faux billet").exists()
    sub = WebSubSubscription.objects.for_firm(cast.firm_a).get(source=source)
    assert "wrong signature" in sub.last_error


def test_verification_for_another_topic_is_refused(cast: Cast, loopback: Loopback) -> None:
    _, params = _subscribed(cast, loopback)
    status, _ = _verify(params, **{"hub.topic": "https://evil.example/feed"})
    assert status == 404


def test_unknown_callback_is_not_found(db: None) -> None:
    assert Client().get("/websub/nope/", {"hub.challenge": "x"}).status_code == 404


def test_push_before_verification_is_ignored(cast: Cast, loopback: Loopback) -> None:
    _, params = _subscribed(cast, loopback)
    body = _atom(loopback.url("/hub"), "early", "Trop tôt")
    digest = hmac.new(params["hub.secret"][0].encode(), body, hashlib.sha256).hexdigest()
    assert _push(params, body, "sha256=" + digest) == 202
    assert not Mention.objects.for_firm(cast.firm_a).filter(title="Trop tôt").exists()


def test_hub_on_a_private_address_is_not_contacted(cast: Cast, loopback: Loopback) -> None:
    hub = loopback.url("/hub", host="127.0.0.1")
    loopback.route("/atom.xml", Reply(200, _atom(hub, "e1", "Premier billet")))
    source = Source.objects.create(
        firm=cast.firm_a, name="Blog", kind="rss", url=loopback.url("/atom.xml")
    )
    assert services.collect(source).error == ""
    assert loopback.paths() == ["/atom.xml"]
    sub = WebSubSubscription.objects.for_firm(cast.firm_a).get(source=source)
    assert sub.state == WebSubState.FAILED and "loopback" in sub.last_error


def test_push_for_a_deleted_source_tells_the_hub_to_stop(db: None) -> None:
    assert (
        Client().post("/websub/gone/", b"<feed/>", content_type="application/atom+xml").status_code
        == 410
    )


def test_feed_can_opt_out_of_websub(cast: Cast, loopback: Loopback) -> None:
    loopback.route("/atom.xml", Reply(200, _atom(loopback.url("/hub"), "e1", "Premier billet")))
    source = Source.objects.create(
        firm=cast.firm_a,
        name="Blog",
        kind="rss",
        url=loopback.url("/atom.xml"),
        config={"websub": False},
    )
    services.collect(source)
    assert loopback.paths() == ["/atom.xml"]


def test_disabling_a_feed_unsubscribes_from_its_hub(
    cast: Cast, loopback: Loopback, django_capture_on_commit_callbacks: Any
) -> None:
    source, params = _subscribed(cast, loopback)
    _verify(params)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_enabled(source, False, actor=cast.ada.person)
    unsubscribe = parse_qs(loopback.seen[-1].body.decode())
    assert unsubscribe["hub.mode"] == ["unsubscribe"]
    assert unsubscribe["hub.callback"] == params["hub.callback"]
    assert _verify(params, **{"hub.mode": "unsubscribe"}) == (200, "défi-42".encode())
    assert not WebSubSubscription.objects.for_firm(cast.firm_a).exists()


def test_nobody_else_can_unsubscribe_our_feed(cast: Cast, loopback: Loopback) -> None:
    source, params = _subscribed(cast, loopback)
    _verify(params)
    status, _ = _verify(params, **{"hub.mode": "unsubscribe"})
    assert status == 404
    sub = WebSubSubscription.objects.for_firm(cast.firm_a).get(source=source)
    assert sub.state == WebSubState.ACTIVE
