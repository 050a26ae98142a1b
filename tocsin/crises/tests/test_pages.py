"""The crisis room through the real pages, with the Django test client."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tocsin.crises import services
from tocsin.crises.models import Crisis, CrisisState, CrisisType
from tocsin.firms.models import Membership
from tocsin.testing import Cast


def _login(client: Client, member: Membership) -> Client:
    client.force_login(member.person)
    return client


@pytest.mark.parametrize("crisis_type", CrisisType.values)
def test_a_crisis_of_each_type_walks_from_opening_to_closure(crisis_type: str, cast: Cast) -> None:
    partner, communicator = _login(Client(), cast.alice), _login(Client(), cast.colin)
    aware = timezone.localtime() - timedelta(hours=3)
    opened = partner.post("/f/alpha/crises/open/", {
        "title": f"Crise {crisis_type}", "crisis_type": crisis_type, "severity": 3,
        "awareness_at": aware.strftime("%Y-%m-%dT%H:%M"), "description": "Ce que l'on sait",
    })  # fmt: skip
    assert opened.status_code == 302
    crisis = Crisis.objects.for_firm(cast.firm_a).get(title=f"Crise {crisis_type}")
    room = f"/f/alpha/crises/{crisis.pk}/"
    assert opened["Location"] == room
    page = partner.get(room).content.decode()
    assert f'action="{room}assess/"' in page

    criteria = crisis.playbook.document["activation_criteria"]
    answers = {f"criterion_{c['key']}": "on" for c in criteria}
    assert partner.post(room + "assess/", {**answers, "decision": "activate"}).status_code == 302
    crisis.refresh_from_db()
    assert crisis.state == CrisisState.ACTIVE

    for n, task in enumerate(crisis.tasks.all()):
        if task.checklist and n == 0:
            assert communicator.post(f"/f/alpha/crises/tasks/{task.pk}/check/",
                                     {"item": 0, "done": "1"}).status_code == 302  # fmt: skip
        # The room ticks tasks with htmx (a partial comes back); without it, a redirect.
        htmx = {"HX-Request": "true"} if n == 0 else None
        done = communicator.post(f"/f/alpha/crises/tasks/{task.pk}/done/", {"done": "1"},
                                 headers=htmx)  # fmt: skip
        assert done.status_code == (200 if htmx else 302)
    for clock in crisis.clocks.all():
        met = communicator.post(f"/f/alpha/crises/clocks/{clock.pk}/met/", {"reference": "R-1"})
        assert met.status_code == 302
    decided = partner.post(room + "decision/", {"text": "Répondre en privé", "reason": "Secret"})
    assert decided.status_code == 302
    assert partner.post(room + "state/", {"state": "monitoring"}).status_code == 302
    assert partner.post(room + "state/", {"state": "closed", "reason": "Apaisé"}).status_code == 302
    crisis.refresh_from_db()
    assert crisis.state == CrisisState.CLOSED and crisis.closed_at is not None
    assert not crisis.tasks.filter(done_at__isnull=True).exists()
    assert not crisis.clocks.filter(met_at__isnull=True).exists()

    exported = json.loads(partner.get(room + "timeline.json").content)
    actions = [e["action"] for e in exported["events"]]
    assert actions[:3] == ["crisis.open", "crisis.assess", "crisis.state"]
    assert actions.count("task.done") == crisis.tasks.count()
    assert actions.count("clock.met") == crisis.clocks.count()
    assert actions[-1] == "crisis.state" and exported["events"][-1]["detail"]["to"] == "closed"
    printed = partner.get(room + "timeline/print/").content.decode()
    assert "Apaisé" in printed and "Répondre en privé" in printed


def test_viewer_cannot_close_crisis(breach: Crisis, cast: Cast) -> None:
    services.assess(breach, answers={}, activate=True, reason="", actor=cast.alice.person)
    viewer = _login(Client(), cast.victor)
    response = viewer.post(f"/f/alpha/crises/{breach.pk}/state/",
                           {"state": "closed", "reason": "fin"})  # fmt: skip
    assert response.status_code == 403
    breach.refresh_from_db()
    assert breach.state == CrisisState.ACTIVE
    room = viewer.get(f"/f/alpha/crises/{breach.pk}/").content.decode()
    assert f"/f/alpha/crises/{breach.pk}/state/" not in room


def test_communicator_works_tasks_but_cannot_open_a_crisis(cast: Cast) -> None:
    communicator = _login(Client(), cast.colin)
    response = communicator.post("/f/alpha/crises/open/", {"title": "x", "crisis_type": "other"})
    assert response.status_code == 403
    assert "crisis_type" not in communicator.get("/f/alpha/crises/").content.decode()


def test_another_firms_crisis_does_not_exist(breach: Crisis, cast: Cast) -> None:
    outsider = _login(Client(), cast.bob)
    assert outsider.get(f"/f/beta/crises/{breach.pk}/").status_code == 404
    assert outsider.get(f"/f/alpha/crises/{breach.pk}/").status_code == 404


def test_user_text_is_escaped_in_the_room(cast: Cast) -> None:
    crisis = services.open_crisis(cast.firm_a, opened_by=cast.alice.person, crisis_type="other",
        title="<script>alert(1)</script>", awareness_at=timezone.now(),
        description="<img src=x onerror=alert(2)>")  # fmt: skip
    services.record_decision(crisis, text="<b>x</b>", reason="<i>y</i>", actor=cast.alice.person)
    page = _login(Client(), cast.alice).get(f"/f/alpha/crises/{crisis.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "<b>x</b>" not in page


def test_clock_countdown_is_shown_in_the_room(breach: Crisis, cast: Cast) -> None:
    page = _login(Client(), cast.victor).get(f"/f/alpha/crises/{breach.pk}/live/")
    body = page.content.decode()
    assert page.status_code == 200 and "CNIL" in body and "every 30s" in body


def test_cnil_draft_is_saved_then_sent_in_two_stages(breach: Crisis, cast: Cast) -> None:
    url = f"/f/alpha/crises/{breach.pk}/cnil/"
    editor, partner = _login(Client(), cast.colin), _login(Client(), cast.alice)
    saved = editor.post(url + "save/", {"nature": "Hameçonnage", "people_count": "40",
                                        "consequences": "Usurpation"})  # fmt: skip
    assert saved.status_code == 302
    breach.notification.refresh_from_db()
    assert breach.notification.people_count == 40
    assert editor.post(url + "send/", {"stage": "initial"}).status_code == 403
    assert partner.post(url + "send/", {"stage": "initial", "reference": "N-1"}).status_code == 302
    assert not breach.clocks.get(kind="cnil_notification").is_running
    page = partner.get(url).content.decode()
    assert "N-1" in page


def test_breach_register_lists_every_breach(breach: Crisis, cast: Cast) -> None:
    page = _login(Client(), cast.victor).get("/f/alpha/crises/breach-register/")
    assert breach.title in page.content.decode()


def test_timeline_exports_as_a_pdf(cast: Cast, client: Client) -> None:
    crisis = services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type="data_breach",
        title="Fuite de paie",
        awareness_at=timezone.now(),
    )
    client.force_login(cast.victor.person)
    response = client.get(f"/f/alpha/crises/{crisis.pk}/timeline.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get(f"/f/beta/crises/{crisis.pk}/timeline.pdf").status_code == 404
