"""The recovery API: the same rights as the pages, public changes for approvers only."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tocsin.crises.models import Crisis
from tocsin.firms.models import ApiToken, Membership
from tocsin.testing import Cast


def _call(member: Membership, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    _, token = ApiToken.issue(firm=member.firm, person=member.person, name="t")
    return Client().generic(
        method,
        url,
        "" if body is None else json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_communicator_plans_through_the_api_but_only_a_partner_makes_public(
    cast: Cast, crisis: Crisis
) -> None:
    created = _call(
        cast.colin,
        "POST",
        f"/api/v1/recovery/crises/{crisis.pk}/actions",
        {"title": "Former l'équipe", "owner_id": cast.colin.pk, "due_on": "2027-02-01"},
    )
    assert created.status_code == 201
    action_id = created.json()["id"]
    url = f"/api/v1/recovery/actions/{action_id}"
    assert _call(cast.colin, "PATCH", url, {"is_public": True}).status_code == 403
    assert (
        _call(cast.colin, "PATCH", url, {"percent": 40, "state": "in_progress"}).json()["percent"]
        == 40
    )
    assert _call(cast.alice, "PATCH", url, {"is_public": True}).json()["is_public"] is True
    note = _call(cast.colin, "POST", url + "/notes", {"text": "Publié ?", "public": True})
    assert note.status_code == 403
    listed = _call(cast.victor, "GET", f"/api/v1/recovery/crises/{crisis.pk}/actions").json()
    assert [(a["id"], a["state"], a["is_public"]) for a in listed] == [
        (action_id, "in_progress", True)
    ]


def test_owner_of_another_firm_is_refused_by_the_api(cast: Cast, crisis: Crisis) -> None:
    response = _call(
        cast.colin,
        "POST",
        f"/api/v1/recovery/crises/{crisis.pk}/actions",
        {"title": "X", "owner_id": cast.bob.pk},
    )
    assert response.status_code == 422


def test_report_measures_and_sentiment_curve_are_in_the_api(cast: Cast, crisis: Crisis) -> None:
    measures = _call(cast.victor, "GET", f"/api/v1/recovery/crises/{crisis.pk}/report").json()
    assert [m["key"] for m in measures["moments"]] == [
        "first_mention",
        "detect",
        "acknowledge",
        "respond",
    ]
    curve = _call(cast.victor, "GET", f"/api/v1/recovery/crises/{crisis.pk}/sentiment").json()
    assert curve["baseline"] is None and len(curve["days"]) == 4


def test_null_in_a_patch_clears_an_optional_text_and_is_refused_for_the_title(
    cast: Cast, crisis: Crisis
) -> None:
    created = _call(
        cast.colin,
        "POST",
        f"/api/v1/recovery/crises/{crisis.pk}/actions",
        {"title": "Former l'équipe", "description": "Deux sessions"},
    )
    url = f"/api/v1/recovery/actions/{created.json()['id']}"
    cleared = _call(cast.colin, "PATCH", url, {"description": None, "title_en": None})
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["description"] == "" and cleared.json()["title_en"] == ""
    for field in ("title", "percent"):
        refused = _call(cast.colin, "PATCH", url, {field: None})
        assert refused.status_code == 422, (field, refused.content)
    listed = _call(cast.colin, "GET", f"/api/v1/recovery/crises/{crisis.pk}/actions").json()
    assert [(a["title"], a["percent"]) for a in listed] == [("Former l'équipe", 0)]
