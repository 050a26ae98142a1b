from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tocsin.firms.models import ApiToken
from tocsin.mentions.models import Mention
from tocsin.testing import Cast


def _token(cast: Cast, role: str = "communicator") -> dict[str, str]:
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.by_role(role).person, name="Talkwalker")  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {clear}"}


def _post(client: Client, body: Any, headers: dict[str, str]) -> Any:
    return client.post(
        "/api/v1/mentions", json.dumps(body), content_type="application/json", headers=headers
    )


def test_push_one_then_a_batch(cast: Cast, client: Client) -> None:
    headers = _token(cast)
    one = _post(
        client, {"text": "Erreur de paie au cabinet Alpha", "url": "https://x.example/1"}, headers
    )
    assert one.status_code == 201 and len(one.json()["created"]) == 1
    batch = _post(
        client,
        {"mentions": [{"text": f"avis numéro {i}", "external_id": str(i)} for i in range(20)]},
        headers,
    )
    assert batch.status_code == 201 and len(batch.json()["created"]) == 20
    assert Mention.objects.for_firm(cast.firm_a).count() == 21
    mention = client.get(f"/api/v1/mentions/{one.json()['created'][0]}", headers=headers).json()
    assert mention["source_label"] == "API · Talkwalker" and mention["lang"] == "fr"


def test_idempotency_key_replays_the_first_answer(cast: Cast, client: Client) -> None:
    headers = {**_token(cast), "Idempotency-Key": "batch-42"}
    first = _post(client, {"text": "Mention unique"}, headers)
    again = _post(client, {"text": "Mention unique"}, headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["replayed"] is True and again.json()["created"] == first.json()["created"]


def test_viewer_cannot_push(cast: Cast, client: Client) -> None:
    assert _post(client, {"text": "x"}, _token(cast, "viewer")).status_code == 403


def test_invalid_payload_is_a_clear_422(cast: Cast, client: Client) -> None:
    response = _post(client, {"mentions": [{"url": "no text"}]}, _token(cast))
    assert response.status_code == 422 and "text" in response.content.decode()


def test_filters_and_search(cast: Cast, client: Client) -> None:
    headers = _token(cast)
    _post(
        client,
        {
            "mentions": [
                {"text": "Fuite de données personnelles chez le cabinet Alpha", "external_id": "a"},
                {"text": "Excellent cabinet, très réactif et agréable", "external_id": "b"},
            ]
        },
        headers,
    )
    found = client.get("/api/v1/mentions", {"q": "donnees personnelles"}, headers=headers).json()
    assert [m["text"][:5] for m in found["items"]] == ["Fuite"]
    negative = client.get("/api/v1/mentions", {"sentiment": "positive"}, headers=headers).json()
    assert [m["text"][:9] for m in negative["items"]] == ["Excellent"]


def test_triage_and_correction(cast: Cast, client: Client) -> None:
    headers = _token(cast)
    mention_id = _post(client, {"text": "Le cabinet Alpha a perdu mon dossier"}, headers).json()[
        "created"
    ][0]
    response = client.patch(
        f"/api/v1/mentions/{mention_id}",
        json.dumps(
            {
                "status": "to_answer",
                "assignee_id": cast.alice.person_id,
                "crisis_type": "client_dispute",
            }
        ),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "to_answer" and body["assignee_id"] == cast.alice.person_id
    assert body["crisis_type"] == "client_dispute"
    outsider = client.patch(
        f"/api/v1/mentions/{mention_id}",
        json.dumps({"assignee_id": cast.bob.person_id}),
        content_type="application/json",
        headers=headers,
    )
    assert outsider.status_code == 422


def test_nul_characters_are_dropped_not_refused(cast: Cast, client: Client) -> None:
    """PostgreSQL refuses NUL in text: a tool that sends one still gets its mention stored."""
    body = {
        "text": "Avis\x00 sur le cabinet",
        "title": "Ti\x00tre",
        "author": "Jean\x00 D.",
        "author_handle": "@j\x00d",
        "url": "https://x.example/a\x00b",
        "external_id": "n\x00ul",
        "lang": "f\x00r",
    }
    response = _post(client, body, _token(cast))
    assert response.status_code == 201, response.content
    mention = Mention.objects.for_firm(cast.firm_a).get()
    stored = [mention.text, mention.title, mention.author, mention.author_handle, mention.url]
    assert not any("\x00" in value for value in [*stored, mention.external_id])
    assert mention.author == "Jean D." and mention.external_id == "nul"


def test_page_numbers_past_any_real_page_are_refused(cast: Cast, client: Client) -> None:
    response = client.get("/api/v1/mentions", {"page": 10**18}, headers=_token(cast))
    assert response.status_code == 422


def test_any_valid_utc_offset_is_stored(cast: Cast, client: Client) -> None:
    body = {"text": "Avis matinal", "published_at": "2026-11-27T10:00:00+20:00"}
    response = _post(client, body, _token(cast))
    assert response.status_code == 201, response.content
    stored = Mention.objects.for_firm(cast.firm_a).get().published_at
    assert stored.isoformat().startswith("2026-11-26T14:00:00")


def test_a_number_the_database_cannot_hold_is_refused_not_a_server_error(
    cast: Cast, client: Client
) -> None:
    response = _post(client, {"text": "Avis", "reach": 10**20}, _token(cast))
    assert response.status_code == 422
    assert Mention.objects.for_firm(cast.firm_a).count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("published_at", 1764237600), ("reach", "1200"), ("html", 1), ("rating", 4.0)],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_guessed(
    cast: Cast, client: Client, field: str, value: object
) -> None:
    # The document says ISO 8601 text, an integer, a boolean: a number of seconds, a
    # numeric string or 1 for true would have a guessed meaning.
    response = _post(client, {"text": "Avis", field: value}, _token(cast))
    assert response.status_code == 422
    assert field in response.content.decode()
    assert Mention.objects.for_firm(cast.firm_a).count() == 0
