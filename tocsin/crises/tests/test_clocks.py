"""Regulatory clocks: met, stopped, and the CNIL notification in two stages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tocsin.crises import breaches, services
from tocsin.crises.models import BreachRecord, Crisis, CrisisType
from tocsin.testing import Cast


def test_initial_notification_meets_the_cnil_clock(breach: Crisis, cast: Cast) -> None:
    breaches.send_notification(breach.notification, stage="initial", reference="CNIL-123",
                               actor=cast.ada.person)  # fmt: skip
    clock = breach.clocks.get(kind="cnil_notification")
    assert clock.met_at is not None and clock.reference == "CNIL-123" and not clock.met_late()
    assert BreachRecord.objects.for_firm(cast.firm_a).get(crisis=breach).notified_to_cnil


def test_complete_notification_needs_every_art_33_3_item(breach: Crisis, cast: Cast) -> None:
    note = breach.notification
    with pytest.raises(services.CrisisError):
        breaches.send_notification(note, stage="complete", actor=cast.ada.person)
    breaches.send_notification(note, stage="initial", actor=cast.ada.person)
    with pytest.raises(services.CrisisError, match="consequences"):
        breaches.send_notification(note, stage="complete", actor=cast.ada.person)
    breaches.save_notification(
        note,
        {"people_categories": "Salariés", "people_count": 40, "record_categories": "Paie",
         "record_count": 40, "dpo_contact": "Ada, dpo@example.org", "consequences": "Fraude",
         "measures_taken": "Blocage", "measures_proposed": "2FA"},
        actor=cast.ada.person,
    )  # fmt: skip
    breaches.send_notification(note, stage="complete", actor=cast.ada.person)
    assert note.completed_at is not None
    actions = list(services.timeline(breach).values_list("action", flat=True))
    assert "cnil.initial" in actions and "cnil.complete" in actions and "cnil.draft" in actions


def test_late_notification_must_give_the_reasons_for_the_delay(cast: Cast) -> None:
    crisis = services.open_crisis(cast.firm_a, opened_by=cast.alice.person,
        crisis_type=CrisisType.DATA_BREACH, title="Ancienne fuite", description="Fuite",
        awareness_at=timezone.now() - timedelta(hours=80))  # fmt: skip
    with pytest.raises(services.CrisisError):
        breaches.send_notification(crisis.notification, stage="initial", actor=cast.ada.person)
    breaches.save_notification(crisis.notification, {"delay_reason": "Découverte du périmètre"},
                               actor=cast.ada.person)  # fmt: skip
    breaches.send_notification(crisis.notification, stage="initial", actor=cast.ada.person)
    assert crisis.clocks.get(kind="cnil_notification").met_late()


def test_stopping_a_clock_needs_a_reason(breach: Crisis, cast: Cast) -> None:
    clock = breach.clocks.get(kind="data_subjects")
    with pytest.raises(services.CrisisError):
        services.waive_clock(clock, actor=cast.alice.person, reason="")
    services.waive_clock(clock, actor=cast.alice.person, reason="Données chiffrées (art. 34(3))")
    assert not clock.is_running
    event = services.timeline(breach).get(action="clock.waived")
    assert event.detail["reason"].startswith("Données chiffrées")


def test_register_clock_is_met_when_the_entry_is_complete(breach: Crisis, cast: Cast) -> None:
    record = BreachRecord.objects.for_firm(cast.firm_a).get(crisis=breach)
    breaches.save_breach_record(record, {"effects": "40 salariés"}, actor=cast.ada.person)
    assert breach.clocks.get(kind="breach_register").is_running
    breaches.save_breach_record(record, {"remedial_action": "2FA"}, actor=cast.ada.person)
    assert not breach.clocks.get(kind="breach_register").is_running
