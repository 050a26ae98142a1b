"""Opening, staffing, assessing and closing a crisis (services)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tocsin.crises import services
from tocsin.crises.models import BreachRecord, Crisis, CrisisState, CrisisType
from tocsin.crises.workdays import add_working_days
from tocsin.testing import Cast


def test_data_breach_crisis_starts_cnil_clock_from_awareness(cast: Cast) -> None:
    aware = timezone.now() - timedelta(hours=10)
    crisis = services.open_crisis(cast.firm_a, opened_by=cast.alice.person,
        crisis_type=CrisisType.DATA_BREACH, title="Fuite", awareness_at=aware)  # fmt: skip
    cnil = crisis.clocks.get(kind="cnil_notification")
    assert cnil.starts_at == aware
    assert cnil.due_at == aware + timedelta(hours=72)
    assert {c.kind for c in crisis.clocks.all()} == {
        "cnil_notification", "data_subjects", "breach_register", "police_complaint",
        "insurer_declaration",
    }  # fmt: skip
    assert crisis.clocks.get(kind="police_complaint").due_at == aware + timedelta(hours=72)


def test_data_breach_gets_a_cnil_draft_and_a_register_line(breach: Crisis, cast: Cast) -> None:
    assert breach.notification.nature.startswith("Bulletins")
    assert "Ada" in breach.notification.dpo_contact or breach.notification.dpo_contact
    assert BreachRecord.objects.for_firm(cast.firm_a).filter(crisis=breach).exists()


def test_insurer_declaration_counts_five_working_days_without_holidays() -> None:
    paris = ZoneInfo("Europe/Paris")
    # Wednesday 23 December 2026: Christmas Friday and the weekend do not count.
    due = add_working_days(datetime(2026, 12, 23, 15, 0, tzinfo=paris), 5)
    assert due.date().isoformat() == "2026-12-31"
    # Ascension Thursday 14 May 2026 and the weekend are skipped.
    due = add_working_days(datetime(2026, 5, 12, 9, 0, tzinfo=paris), 5)
    assert due.date().isoformat() == "2026-05-20"


def test_playbook_becomes_tasks_with_owners_and_due_times(breach: Crisis, cast: Cast) -> None:
    tasks = list(breach.tasks.all())
    assert len(tasks) == len(breach.playbook.document["steps"])  # type: ignore[union-attr]
    holding = next(t for t in tasks if t.step_key == "holding_statement")
    assert holding.owner_role == "spokesperson" and holding.owner is not None
    assert holding.due_at == breach.opened_at + timedelta(hours=1)
    contain = next(t for t in tasks if t.step_key == "contain")
    assert contain.due_at == breach.awareness_at + timedelta(hours=4)
    assert contain.checklist and contain.checklist[0]["done"] is False


def test_roles_are_filled_from_the_team_with_deputies(cast: Cast) -> None:
    cast.alice.on_call = True
    cast.alice.deputy = cast.ada
    cast.alice.save()
    cast.ada.title = "DPO"
    cast.ada.save()
    crisis = services.open_crisis(cast.firm_a, opened_by=cast.alice.person,
        crisis_type=CrisisType.DATA_BREACH, title="x", awareness_at=timezone.now())  # fmt: skip
    roles = {r.kind: r for r in crisis.roles.all()}
    assert roles["lead"].member == cast.alice and roles["lead"].deputy == cast.ada
    assert roles["dpo"].member == cast.ada
    assert set(roles) == {"lead", "spokesperson", "approver", "dpo", "it", "insurer_contact",
                          "legal_contact"}  # fmt: skip


def test_reassigning_a_role_moves_its_open_tasks(breach: Crisis, cast: Cast) -> None:
    services.assign_role(breach, "spokesperson", member=cast.colin, actor=cast.alice.person)
    owners = {t.owner for t in breach.tasks.filter(owner_role="spokesperson")}
    assert owners == {cast.colin}


def test_role_holder_must_belong_to_the_firm(breach: Crisis, cast: Cast) -> None:
    with pytest.raises(services.CrisisError):
        services.assign_role(breach, "lead", member=cast.bob, actor=cast.alice.person)


def test_closing_a_crisis_needs_a_reason(breach: Crisis, cast: Cast) -> None:
    services.assess(breach, answers={}, activate=True, reason="", actor=cast.alice.person)
    with pytest.raises(services.CrisisError):
        services.change_state(breach, CrisisState.CLOSED, actor=cast.alice.person, reason=" ")
    services.change_state(breach, CrisisState.CLOSED, actor=cast.alice.person, reason="Résolue")
    assert breach.closed_at is not None


def test_a_crisis_only_moves_along_its_lifecycle(breach: Crisis, cast: Cast) -> None:
    with pytest.raises(services.CrisisError):
        services.change_state(breach, CrisisState.MONITORING, actor=cast.alice.person)
    services.assess(breach, answers={"public": True}, activate=True, reason="",
                    actor=cast.alice.person)  # fmt: skip
    services.change_state(breach, CrisisState.MONITORING, actor=cast.alice.person)
    services.change_state(breach, CrisisState.ACTIVE, actor=cast.alice.person, reason="Reprise")
    assert breach.state == CrisisState.ACTIVE


def test_dismissed_breach_stays_in_the_breach_register(breach: Crisis, cast: Cast) -> None:
    with pytest.raises(services.CrisisError):
        services.assess(breach, answers={}, activate=False, reason="", actor=cast.alice.person)
    services.assess(breach, answers={"personal_data": True}, activate=False,
                    reason="Courriel chiffré, aucun risque", actor=cast.alice.person)  # fmt: skip
    assert breach.state == CrisisState.CLOSED
    assert breach.assessment["answers"]["personal_data"] is True
    assert breach.assessment["answers"]["confirmed"] is False
    record = BreachRecord.objects.for_firm(cast.firm_a).get(crisis=breach)
    assert record.notified_to_cnil is False


def test_awareness_cannot_be_in_the_future(cast: Cast) -> None:
    with pytest.raises(services.CrisisError):
        services.open_crisis(cast.firm_a, opened_by=None, crisis_type="other", title="x",
                             awareness_at=timezone.now() + timedelta(days=1))  # fmt: skip


def test_an_alert_can_open_a_crisis(cast: Cast) -> None:
    crisis = services.open_crisis(cast.firm_a, opened_by=None, crisis_type="client_dispute",
        title="Avis négatif", awareness_at=timezone.now(), source_alert_id=42)  # fmt: skip
    assert crisis.source_alert_id == 42
    assert services.timeline(crisis).get(action="crisis.open").detail["source_alert_id"] == 42


def test_later_alerts_and_other_apps_events_land_on_the_timeline(breach: Crisis) -> None:
    services.link_alert(breach, alert_id=9, summary="Second pic de mentions négatives")
    services.record_event(breach, "statement.approved", "Déclaration d'attente", actor=None)
    actions = list(services.timeline(breach).values_list("action", flat=True))
    assert actions[-2:] == ["alert.linked", "statement.approved"]
