"""Signed webhooks: right signature stored once, wrong or stale or replayed ones refused."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client

from tocsin.mentions.models import Mention
from tocsin.sources import webhook
from tocsin.sources.models import Source
from tocsin.testing import Cast

BODY = json.dumps(
    {
        "mentions": [
            {"text": "Le Cabinet Alpha a perdu mon dossier", "url": "https://forum.example/t/1"},
            {"text": "Très bon accueil au Cabinet Alpha", "external_id": "tw-2"},
        ]
    }
).encode()


@pytest.fixture
def hook(cast: Cast) -> Source:
    source = Source(firm=cast.firm_a, name="Talkwalker", kind="webhook")
    source.ensure_callback_token()
    source.ensure_webhook_secret()
    source.save()
    return source


def _deliver(source: Source, body: bytes, signature: str) -> tuple[int, dict[str, object]]:
    response = Client().post(
        f"/hooks/{source.callback_token}/",
        body,
        content_type="application/json",
        headers={webhook.HEADER: signature},
    )
    return response.status_code, response.json()


def _secret(source: Source) -> str:
    return str(source.credentials["hmac_secret"])


def test_signed_webhook_is_stored(cast: Cast, hook: Source) -> None:
    status, body = _deliver(hook, BODY, webhook.sign(_secret(hook), BODY))
    assert status == 201 and len(body["created"]) == 2  # type: ignore[arg-type]
    assert Mention.objects.for_firm(cast.firm_a).filter(source=hook).count() == 2
    hook.refresh_from_db()
    assert hook.items_seen == 2 and hook.mentions_created == 2


def test_replayed_webhook_is_stored_once(cast: Cast, hook: Source) -> None:
    signature = webhook.sign(_secret(hook), BODY)
    _deliver(hook, BODY, signature)
    status, body = _deliver(hook, BODY, signature)
    assert status == 200 and body["replayed"] is True
    assert Mention.objects.for_firm(cast.firm_a).count() == 2


def test_same_mentions_signed_again_are_duplicates(cast: Cast, hook: Source) -> None:
    _deliver(hook, BODY, webhook.sign(_secret(hook), BODY, int(time.time()) - 10))
    status, body = _deliver(hook, BODY, webhook.sign(_secret(hook), BODY))
    assert status == 200 and len(body["duplicates"]) == 2  # type: ignore[arg-type]
    assert Mention.objects.for_firm(cast.firm_a).count() == 2


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=abc", "v1=abc", "t=notanumber,v1=abc"],
)
def test_unsigned_or_badly_signed_webhook_is_refused(
    cast: Cast, hook: Source, signature: str
) -> None:
    status, _ = _deliver(hook, BODY, signature)
    assert status == 401
    assert not Mention.objects.for_firm(cast.firm_a).exists()


def test_webhook_signed_with_another_secret_is_refused(cast: Cast, hook: Source) -> None:
    status, body = _deliver(hook, BODY, webhook.sign("not-the-secret", BODY))
    assert (status, body["error"]) == (401, "wrong signature")


def test_old_webhook_is_refused_as_a_replay(cast: Cast, hook: Source) -> None:
    old = webhook.sign(_secret(hook), BODY, int(time.time()) - 3600)
    status, body = _deliver(hook, BODY, old)
    assert status == 401 and "too far" in str(body["error"])


def test_tampered_body_is_refused(cast: Cast, hook: Source) -> None:
    signature = webhook.sign(_secret(hook), BODY)
    status, _ = _deliver(hook, BODY.replace(b"perdu", b"trouv"), signature)
    assert status == 401


def test_malformed_payload_gets_a_clear_error(cast: Cast, hook: Source) -> None:
    for payload, expected in ((b"{not json", 400), (b'{"title": "no text"}', 422)):
        status, body = _deliver(hook, payload, webhook.sign(_secret(hook), payload))
        assert status == expected and body["error"]


def test_disabled_webhook_is_gone(cast: Cast, hook: Source) -> None:
    Source.objects.for_firm(cast.firm_a).filter(pk=hook.pk).update(enabled=False)
    status, _ = _deliver(hook, BODY, webhook.sign(_secret(hook), BODY))
    assert status == 410


def test_unknown_hook_is_not_found(db: None) -> None:
    assert (
        Client().post("/hooks/nothing/", b"{}", content_type="application/json").status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_same_webhook_delivered_five_times_at_once_is_one_delivery(cast: Cast) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    source = Source(firm=cast.firm_a, name="Zapier", kind="webhook")
    source.ensure_callback_token()
    source.ensure_webhook_secret()
    source.save()
    signature = webhook.sign(_secret(source), BODY)

    def deliver(_: int) -> int:
        try:
            return _deliver(source, BODY, signature)[0]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = sorted(pool.map(deliver, range(5)))
    assert statuses == [200, 200, 200, 200, 201]
    assert Mention.objects.for_firm(cast.firm_a).count() == 2
