"""The responses API: a statement from draft to publication, rights before bodies."""

from __future__ import annotations

from django.test import Client

from tocsin.firms.models import ApiToken
from tocsin.responses.tests.helpers import CALM
from tocsin.testing import Cast


def _client(cast: Cast, who: str) -> tuple[Client, dict[str, str]]:
    member = getattr(cast, who)
    _, clear = ApiToken.issue(firm=member.firm, person=member.person, name=who)
    return Client(), {"Authorization": f"Bearer {clear}"}


def test_statement_from_draft_to_publication_through_the_api(cast: Cast) -> None:
    client, colin = _client(cast, "colin")
    made = client.post(
        "/api/v1/responses/statements",
        {"kind": "holding", "title": "Attente", "text": CALM, "channels": ["recorded"]},
        content_type="application/json",
        headers=colin,
    )
    assert made.status_code == 201, made.content
    sid = made.json()["id"]
    assert made.json()["flags"] == [] and made.json()["state"] == "draft"
    # colin may not approve; alice may (not her own draft).
    refused = client.post(
        f"/api/v1/responses/statements/{sid}/approvals",
        {"version": 1},
        content_type="application/json",
        headers=colin,
    )
    assert refused.status_code == 403
    _, alice = _client(cast, "alice")
    ok = client.post(
        f"/api/v1/responses/statements/{sid}/approvals",
        {"version": 1},
        content_type="application/json",
        headers=alice,
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    stale = client.post(
        f"/api/v1/responses/statements/{sid}/approvals",
        {"version": 7},
        content_type="application/json",
        headers=alice,
    )
    assert stale.status_code == 422
    queued = client.post(
        f"/api/v1/responses/statements/{sid}/publications",
        {"recorded_where": "courriel"},
        content_type="application/json",
        headers=alice,
    )
    assert queued.status_code == 200, queued.content
    assert [p["target"] for p in queued.json()["publications"]] == ["recorded"]


def test_check_endpoint_returns_spans_and_reasons(cast: Cast) -> None:
    client, colin = _client(cast, "colin")
    answer = client.post(
        "/api/v1/responses/check",
        {"text": "Nous garantissons que cela n'arrivera jamais.", "lang": "fr"},
        content_type="application/json",
        headers=colin,
    )
    assert answer.status_code == 200
    [flag] = answer.json()
    assert flag["kind"] == "overpromise" and flag["spans"][0]["start"] >= 0
    assert flag["reasons"][0]["fr"] and flag["reasons"][0]["en"]
