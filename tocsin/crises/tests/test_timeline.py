"""The crisis timeline is the audit journal: complete, ordered, and impossible to rewrite."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from tocsin.crises import services
from tocsin.crises.models import Crisis
from tocsin.firms import audit
from tocsin.firms.models import AuditEvent
from tocsin.testing import Cast


def test_timeline_is_read_from_the_audit_journal(breach: Crisis, cast: Cast) -> None:
    task = breach.tasks.first()
    assert task is not None
    services.set_task_done(task, done=True, actor=cast.colin.person)
    services.record_decision(breach, text="Ne pas payer la rançon", reason="Aucune garantie",
                             actor=cast.alice.person)  # fmt: skip
    events = list(services.timeline(breach))
    assert [e.action for e in events][:1] == ["crisis.open"]
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    decision = next(e for e in events if e.action == "crisis.decision")
    assert decision.detail == {"reason": "Aucune garantie"}
    assert all(e.context == f"crisis:{breach.pk}" and e.firm_id == cast.firm_a.pk for e in events)


def test_timeline_cannot_be_rewritten(breach: Crisis, cast: Cast) -> None:
    event = services.timeline(breach).first()
    assert event is not None
    event.summary = "rien ne s'est passé"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    # Below the ORM, the database itself refuses the update.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="rien")
    assert audit.verify()[1] == []


def test_timeline_export_carries_the_hash_chain(breach: Crisis, cast: Cast) -> None:
    document = services.timeline_document(breach)
    events = document["events"]
    assert events[0]["action"] == "crisis.open"
    first = AuditEvent.objects.get(seq=events[0]["seq"])
    assert events[0]["hash"] == first.hash == first.compute_hash()
    assert {c["kind"] for c in document["clocks"]} >= {"cnil_notification"}
