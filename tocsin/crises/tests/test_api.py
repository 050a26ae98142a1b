"""The crisis room through the API, with personal tokens."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tocsin.crises.models import Crisis
from tocsin.firms.models import ApiToken, Membership
from tocsin.testing import Cast


def _client(member: Membership) -> tuple[Client, dict[str, str]]:
    _, clear = ApiToken.issue(firm=member.firm, person=member.person, name="t")
    return Client(), {"Authorization": f"Bearer {clear}"}


def test_api_opens_works_and_closes_a_crisis(cast: Cast) -> None:
    client, auth = _client(cast.alice)
    aware = (timezone.now() - timedelta(hours=1)).isoformat()
    created = client.post("/api/v1/crises", {"title": "Alerte", "crisis_type": "data_breach",
        "awareness_at": aware, "source_alert_id": 7}, content_type="application/json",
        headers=auth)  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    crisis_id = body["id"]
    assert body["source_alert_id"] == 7 and len(body["clocks"]) == 5
    task_id = body["tasks"][0]["id"]
    done = client.patch(f"/api/v1/crises/tasks/{task_id}", {"done": True},
                        content_type="application/json", headers=auth)  # fmt: skip
    assert done.json()["done_at"] is not None
    refused = client.patch(f"/api/v1/crises/{crisis_id}", {"state": "closed"},
                           content_type="application/json", headers=auth)  # fmt: skip
    assert refused.status_code == 422
    closed = client.patch(f"/api/v1/crises/{crisis_id}", {"state": "closed", "reason": "Faux"},
                          content_type="application/json", headers=auth)  # fmt: skip
    assert closed.json()["state"] == "closed"
    timeline = client.get(f"/api/v1/crises/{crisis_id}/timeline", headers=auth).json()
    assert timeline[0]["action"] == "crisis.open"
    assert timeline[-1]["detail"]["reason"] == "Faux"


def test_communicator_records_a_clock_but_cannot_stop_it(cast: Cast, breach: Crisis) -> None:
    client, auth = _client(cast.colin)
    clock = breach.clocks.get(kind="data_subjects")
    stop = client.patch(f"/api/v1/crises/clocks/{clock.pk}", {"waive_reason": "chiffré"},
                        content_type="application/json", headers=auth)  # fmt: skip
    assert stop.status_code == 403
    met = client.patch(f"/api/v1/crises/clocks/{clock.pk}", {"met": True, "reference": "L-1"},
                       content_type="application/json", headers=auth)  # fmt: skip
    assert met.status_code == 200 and met.json()["reference"] == "L-1"


def test_api_decision_needs_text_and_reason(cast: Cast, breach: Crisis) -> None:
    client, auth = _client(cast.alice)
    url = f"/api/v1/crises/{breach.pk}/decisions"
    assert client.post(url, {"text": "x"}, content_type="application/json",
                       headers=auth).status_code == 422  # fmt: skip
    ok = client.post(url, {"text": "Ne pas payer", "reason": "Aucune garantie"},
                     content_type="application/json", headers=auth)  # fmt: skip
    assert ok.status_code == 201
