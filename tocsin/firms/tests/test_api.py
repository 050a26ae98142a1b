from __future__ import annotations

from django.test import Client

from tocsin.firms.models import ApiToken, AuditEvent
from tocsin.testing import Cast


def _auth(clear: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {clear}"}


def test_token_is_stored_hashed(cast: Cast) -> None:
    token, clear = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="ci")
    assert clear not in (token.digest, token.prefix)
    assert token.digest == ApiToken.digest_of(clear)


def test_call_without_or_with_bad_token_is_401(cast: Cast, client: Client) -> None:
    assert client.get("/api/v1/me").status_code == 401
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="ci")
    assert client.get("/api/v1/me", headers=_auth(clear + "x")).status_code == 401
    assert client.get("/api/v1/me", headers=_auth("tsn_nothing_here")).status_code == 401


def test_token_sees_its_firm_with_its_role(cast: Cast, client: Client) -> None:
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.victor.person, name="ci")
    me = client.get("/api/v1/me", headers=_auth(clear)).json()
    assert me["role"] == "viewer" and me["firm"]["slug"] == "alpha"
    team = client.get("/api/v1/team", headers=_auth(clear)).json()
    assert {m["name"] for m in team} == {"Alice", "Ada", "Colin", "Victor"}


def test_revoked_token_is_refused(cast: Cast, client: Client) -> None:
    token, clear = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="ci")
    assert client.get("/api/v1/me", headers=_auth(clear)).status_code == 200
    ApiToken.objects.for_firm(cast.firm_a).filter(pk=token.pk).update(
        revoked_at="2026-01-01T00:00Z"
    )
    assert client.get("/api/v1/me", headers=_auth(clear)).status_code == 401


def test_removed_member_token_stops_working(cast: Cast, client: Client) -> None:
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.colin.person, name="ci")
    cast.colin.delete()
    assert client.get("/api/v1/me", headers=_auth(clear)).status_code == 401


def test_admin_changes_a_role_and_it_is_audited(cast: Cast, client: Client) -> None:
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="ci")
    response = client.patch(
        f"/api/v1/team/{cast.victor.pk}",
        {"role": "communicator"},
        content_type="application/json",
        headers=_auth(clear),
    )
    assert response.status_code == 200 and response.json()["role"] == "communicator"
    assert AuditEvent.objects.filter(firm_id=cast.firm_a.pk, action="team.update").exists()


def test_deputy_from_another_firm_is_refused(cast: Cast, client: Client) -> None:
    _, clear = ApiToken.issue(firm=cast.firm_a, person=cast.ada.person, name="ci")
    response = client.patch(
        f"/api/v1/team/{cast.victor.pk}",
        {"deputy_id": cast.bob.pk},
        content_type="application/json",
        headers=_auth(clear),
    )
    assert response.status_code == 422


def test_openapi_document_and_docs(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/team/{member_id}" in schema["paths"]
    assert "BearerAuth" in str(schema["components"]) or "ApiTokenAuth" in str(schema["components"])
    assert client.get("/api/v1/docs").status_code == 200
