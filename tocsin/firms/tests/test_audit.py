from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tocsin.firms import audit
from tocsin.firms.models import AuditEvent
from tocsin.testing import Cast


def _tamper(sql: str, params: list[str | int]) -> None:
    """What an attacker with database rights does: lift the trigger, then write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE firms_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS firms_auditevent_append_only")
        cursor.execute(sql, params)


def _three_events(cast: Cast) -> list[AuditEvent]:
    return [
        audit.record(f"test.{n}", firm=cast.firm_a, actor=cast.alice.person, summary=str(n))
        for n in range(3)
    ]


def test_events_are_chained_and_verify(cast: Cast) -> None:
    events = _three_events(cast)
    assert events[1].prev_hash == events[0].hash
    assert events[2].seq == events[1].seq + 1
    checked, breaks = audit.verify()
    assert checked >= 3 and breaks == []


def test_edited_event_is_detected(cast: Cast) -> None:
    events = _three_events(cast)
    _tamper("UPDATE firms_auditevent SET summary = %s WHERE seq = %s", ["nothing", events[1].seq])
    _, breaks = audit.verify()
    assert [b.seq for b in breaks] == [events[1].seq]
    assert "edited" in breaks[0].problem


def test_deleted_event_is_detected(cast: Cast) -> None:
    events = _three_events(cast)
    _tamper("DELETE FROM firms_auditevent WHERE seq = %s", [events[1].seq])
    _, breaks = audit.verify()
    assert any(b.seq == events[2].seq and "missing" in b.problem for b in breaks)


def test_cut_tail_is_detected(cast: Cast) -> None:
    events = _three_events(cast)
    _tamper("DELETE FROM firms_auditevent WHERE seq = %s", [events[2].seq])
    _, breaks = audit.verify()
    assert breaks and "head says" in breaks[-1].problem


def test_command_fails_on_a_broken_chain(cast: Cast) -> None:
    events = _three_events(cast)
    call_command("audit", "verify")
    _tamper("UPDATE firms_auditevent SET action = %s WHERE seq = %s", ["x", events[0].seq])
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")


def test_orm_refuses_to_rewrite(cast: Cast) -> None:
    event = _three_events(cast)[0]
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_database_refuses_update(cast: Cast) -> None:
    event = _three_events(cast)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE firms_auditevent SET summary = 'x' WHERE seq = %s", [event.seq])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite refuses UPDATE only")
def test_postgresql_refuses_delete(cast: Cast) -> None:
    event = _three_events(cast)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM firms_auditevent WHERE seq = %s", [event.seq])


def test_nightly_task_reports_breaks(cast: Cast) -> None:
    from tocsin.firms.tasks import verify_audit_trail

    events = _three_events(cast)
    assert verify_audit_trail.delay().get()["breaks"] == 0
    _tamper("UPDATE firms_auditevent SET action = %s WHERE seq = %s", ["x", events[0].seq])
    assert verify_audit_trail.delay().get()["breaks"] == 1


def test_timeline_detail_is_chained_too(cast: Cast) -> None:
    event = audit.record(
        "crisis.decision",
        firm=cast.firm_a,
        context="crisis:1",
        detail={"reason": "Notifier la CNIL", "risk": 0.8},
    )
    assert audit.verify()[1] == []
    _tamper(
        "UPDATE firms_auditevent SET detail = %s WHERE seq = %s",
        ['{"reason": "Ne rien notifier", "risk": 0.8}', event.seq],
    )
    assert [b.seq for b in audit.verify()[1]] == [event.seq]
