"""The sources API: list, create, read, change, delete, health, collect."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tocsin.firms.models import ApiToken, Membership
from tocsin.sources.models import Source
from tocsin.testing import Cast


def _api(member: Membership, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    _, token = ApiToken.issue(firm=member.firm, person=member.person, name="t")
    response = Client().generic(
        method,
        f"/api/v1{path}",
        "" if body is None else __import__("json").dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, (response.json() if response.content else None)


def test_admin_creates_a_feed_source(cast: Cast) -> None:
    status, body = _api(
        cast.ada,
        "POST",
        "/sources",
        {"name": "Presse", "kind": "rss", "url": "https://presse.example.fr/rss"},
    )
    assert status == 201, body
    assert body["kind"] == "rss" and body["settings"] == {"only_matching": True, "websub": True}
    assert body["health"]["healthy"] is True and body["secret"] == ""
    status, listed = _api(cast.victor, "GET", "/sources")
    assert status == 200 and [s["name"] for s in listed] == ["Presse"]


def test_feed_on_a_private_address_is_refused_by_the_api(cast: Cast) -> None:
    status, body = _api(
        cast.ada,
        "POST",
        "/sources",
        {"name": "Interne", "kind": "rss", "url": "http://10.0.0.8/feed"},
    )
    assert status == 422 and "private" in body["detail"]


def test_unknown_kind_is_refused(cast: Cast) -> None:
    status, _ = _api(cast.ada, "POST", "/sources", {"name": "X", "kind": "fax"})
    assert status == 422


def test_viewer_cannot_add_source_through_the_api(cast: Cast) -> None:
    status, _ = _api(cast.victor, "POST", "/sources", {"name": "X", "kind": "push"})
    assert status == 403


def test_webhook_source_gets_its_address_and_secret_once(cast: Cast) -> None:
    status, body = _api(cast.ada, "POST", "/sources", {"name": "Zapier", "kind": "webhook"})
    assert status == 201
    assert body["secret"] and "/hooks/" in body["receiving_url"]
    _, again = _api(cast.ada, "GET", f"/sources/{body['id']}")
    assert "secret" not in again and again["receiving_url"] == body["receiving_url"]


def test_admin_changes_and_deletes_a_source(cast: Cast) -> None:
    source = Source.objects.create(
        firm=cast.firm_a, name="Presse", kind="rss", url="https://presse.example.fr/rss"
    )
    status, body = _api(
        cast.ada,
        "PATCH",
        f"/sources/{source.pk}",
        {"name": "Presse régionale", "enabled": False, "settings": {"only_matching": True}},
    )
    assert status == 200, body
    assert body["name"] == "Presse régionale" and body["enabled"] is False
    assert body["settings"]["only_matching"] is True
    assert body["url"] == "https://presse.example.fr/rss"
    status, _ = _api(cast.alice, "DELETE", f"/sources/{source.pk}")
    assert status == 403
    status, _ = _api(cast.ada, "DELETE", f"/sources/{source.pk}")
    assert status == 204
    assert not Source.objects.for_firm(cast.firm_a).exists()


def test_health_is_readable_by_every_role(cast: Cast) -> None:
    source = Source.objects.create(
        firm=cast.firm_a,
        name="Cassé",
        kind="rss",
        url="https://example.org/f",
        consecutive_failures=3,
        last_error="timeout: example.org did not answer in time",
    )
    status, body = _api(cast.victor, "GET", f"/sources/{source.pk}/health")
    assert status == 200
    assert body["healthy"] is False and body["last_error"].startswith("timeout")


def test_collect_on_a_receiving_source_is_a_conflict(cast: Cast) -> None:
    source = Source.objects.create(firm=cast.firm_a, name="Push", kind="push")
    status, _ = _api(cast.colin, "POST", f"/sources/{source.pk}/collect")
    assert status == 409


def test_other_firm_source_is_not_found(cast: Cast) -> None:
    source = Source.objects.create(firm=cast.firm_a, name="A", kind="push")
    status, _ = _api(cast.bob, "GET", f"/sources/{source.pk}")
    assert status == 404
