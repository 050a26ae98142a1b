"""Corrective actions through the real pages: planning, progress, publicity, evidence."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tocsin.crises import services as crises
from tocsin.crises.models import Crisis
from tocsin.firms.models import ApiToken
from tocsin.recovery import services
from tocsin.recovery.models import ActionState, CorrectiveAction
from tocsin.testing import Cast


def client_for(member: object) -> Client:
    client = Client()
    client.force_login(member.person)  # type: ignore[attr-defined]
    return client


def test_communicator_plans_an_action_with_owner_and_due_date(cast: Cast, crisis: Crisis) -> None:
    response = client_for(cast.colin).post(
        reverse("action_create", args=["alpha", crisis.pk]),
        {"title": "Double contrôle des échéances", "owner": cast.victor.pk, "due_on": "2027-01-15"},
    )
    action = CorrectiveAction.objects.for_firm(cast.firm_a).get()
    assert response.status_code == 302
    assert (action.owner, action.due_on, action.state) == (
        cast.victor,
        date(2027, 1, 15),
        "planned",
    )
    assert not action.is_public
    assert crises.timeline(crisis).filter(action="recovery.action").exists()


def test_owner_from_another_firm_is_refused(cast: Cast, crisis: Crisis) -> None:
    client_for(cast.colin).post(
        reverse("action_create", args=["alpha", crisis.pk]), {"title": "X", "owner": cast.bob.pk}
    )
    assert not CorrectiveAction.objects.for_firm(cast.firm_a).exists()


def test_viewer_cannot_change_an_action(cast: Cast, crisis: Crisis) -> None:
    action = services.create_action(crisis, title="Former l'équipe", actor=None)
    response = client_for(cast.victor).post(
        reverse("action_update", args=["alpha", action.pk]),
        {"title": "Changé", "state": "done", "percent": 100},
    )
    assert response.status_code == 403
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.victor.person, name="v")
    api = Client().patch(
        f"/api/v1/recovery/actions/{action.pk}",
        {"state": "done"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 403
    action.refresh_from_db()
    assert (action.title, action.state) == ("Former l'équipe", "planned")


def test_done_action_is_complete_and_its_change_is_on_the_timeline(
    cast: Cast, crisis: Crisis
) -> None:
    action = services.create_action(crisis, title="Former l'équipe", actor=None)
    client_for(cast.colin).post(
        reverse("action_update", args=["alpha", action.pk]),
        {"title": "Former l'équipe", "state": "done", "percent": 30},
    )
    action.refresh_from_db()
    assert (action.state, action.percent) == (ActionState.DONE, 100)
    assert action.done_at is not None
    event = crises.timeline(crisis).filter(action="recovery.action").last()
    assert event is not None and event.detail["changes"]["state"] == ["planned", "done"]


def test_only_a_partner_makes_an_action_or_a_note_public(cast: Cast, crisis: Crisis) -> None:
    action = services.create_action(crisis, title="Audit du portail", actor=None)
    colin = client_for(cast.colin)
    assert (
        colin.post(reverse("action_public", args=["alpha", action.pk]), {"public": "1"}).status_code
        == 403
    )
    note_url = reverse("action_note", args=["alpha", action.pk])
    assert colin.post(note_url, {"text": "Fait", "public": "on"}).status_code == 403
    assert colin.post(note_url, {"text": "Interne"}).status_code == 302
    alice = client_for(cast.alice)
    alice.post(reverse("action_public", args=["alpha", action.pk]), {"public": "1"})
    alice.post(note_url, {"text": "Audit commandé", "public": "on"})
    action.refresh_from_db()
    assert action.is_public
    assert [n.is_public for n in action.notes.all()] == [True, False]


def test_evidence_is_stored_under_the_firm_and_served_as_a_download(
    cast: Cast, crisis: Crisis, media: Path
) -> None:
    action = services.create_action(crisis, title="Former l'équipe", actor=None)
    colin = client_for(cast.colin)
    upload = SimpleUploadedFile("attestation.pdf", b"%PDF-1.4 attestation", "application/pdf")
    colin.post(reverse("evidence_upload", args=["alpha", action.pk]), {"file": upload})
    evidence = action.evidence.get()
    assert evidence.file.name is not None
    assert evidence.file.name.startswith(f"recovery/{cast.firm_a.pk}/")
    assert (media / evidence.file.name).read_bytes() == b"%PDF-1.4 attestation"
    response = client_for(cast.victor).get(reverse("evidence_file", args=["alpha", evidence.pk]))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 attestation"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_evidence_file_of_another_firm_is_404(cast: Cast, crisis: Crisis, media: Path) -> None:
    action = services.create_action(crisis, title="Former l'équipe", actor=None)
    evidence = services.add_evidence(
        action, SimpleUploadedFile("preuve.pdf", b"%PDF secret"), actor=None
    )
    bob = client_for(cast.bob)
    assert bob.get(reverse("evidence_file", args=["alpha", evidence.pk])).status_code == 404
    assert bob.get(reverse("evidence_file", args=["beta", evidence.pk])).status_code == 404


def test_large_or_runnable_evidence_is_refused(cast: Cast, crisis: Crisis, media: Path) -> None:
    action = services.create_action(crisis, title="Former l'équipe", actor=None)
    colin = client_for(cast.colin)
    url = reverse("evidence_upload", args=["alpha", action.pk])
    colin.post(url, {"file": SimpleUploadedFile("page.html", b"<script>alert(1)</script>")})
    big = SimpleUploadedFile("big.pdf", b"0" * (services.MAX_EVIDENCE_BYTES + 1))
    colin.post(url, {"file": big})
    assert not action.evidence.exists()
    assert not list(media.rglob("*.*"))


def test_action_pages_show_the_action_to_a_viewer(cast: Cast, crisis: Crisis) -> None:
    action = services.create_action(
        crisis, title="Former l'équipe", actor=None, due_on=date.today() - timedelta(days=1)
    )
    victor = client_for(cast.victor)
    page = victor.get(reverse("recovery_crisis", args=["alpha", crisis.pk]))
    assert "Former l&#x27;équipe" in page.content.decode()
    assert "action_create" not in page.content.decode()
    detail = victor.get(reverse("action_detail", args=["alpha", action.pk])).content.decode()
    assert "Former l&#x27;équipe" in detail and 'name="percent"' not in detail
    room = victor.get(reverse("crisis_room", args=["alpha", crisis.pk])).content.decode()
    assert reverse("action_detail", args=["alpha", action.pk]) in room
