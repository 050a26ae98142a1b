"""Reminders before due times and escalations to deputies, never sent twice."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from tocsin.crises import playbook as playbooks
from tocsin.crises import reminders, services, tasks
from tocsin.crises.models import Crisis, CrisisState, Playbook, Reminder
from tocsin.testing import Cast


def _staff(breach: Crisis, cast: Cast) -> None:
    """Colin holds the spokesperson role, with victor as his deputy in the directory."""
    cast.colin.deputy = cast.victor
    cast.colin.save()
    services.assign_role(breach, "spokesperson", member=cast.colin, actor=cast.alice.person)


def test_overdue_task_escalates_to_deputy_once(breach: Crisis, cast: Cast) -> None:
    _staff(breach, cast)
    holding = breach.tasks.get(step_key="holding_statement")
    due = holding.due_at
    assert due is not None
    later = due + timedelta(minutes=10)
    reminders.remind_due(now=later)
    escalations = [m for m in mail.outbox if holding.title in m.subject and "victor" in m.to[0]]
    assert len(escalations) == 1
    assert cast.colin.person.email in {m.to[0] for m in mail.outbox if holding.title in m.subject}
    sent = len(mail.outbox)
    reminders.remind_due(now=later + timedelta(minutes=5))
    reminders.remind_due(now=later + timedelta(hours=3))
    assert len([m for m in mail.outbox[sent:] if holding.title in m.subject]) == 0
    assert Reminder.objects.for_firm(cast.firm_a).filter(key__startswith=f"task:{holding.pk}:")
    assert services.timeline(breach).filter(action="crisis.reminder").exists()


def test_task_due_soon_reminds_its_owner(breach: Crisis, cast: Cast) -> None:
    _staff(breach, cast)
    holding = breach.tasks.get(step_key="holding_statement")
    due = holding.due_at
    assert due is not None
    reminders.remind_due(now=due - timedelta(minutes=30))
    to_colin = [m for m in mail.outbox if m.to == [cast.colin.person.email]]
    assert any(holding.title in m.subject for m in to_colin)


def test_done_task_is_not_reminded(breach: Crisis, cast: Cast) -> None:
    _staff(breach, cast)
    holding = breach.tasks.get(step_key="holding_statement")
    due = holding.due_at
    assert due is not None
    services.set_task_done(holding, done=True, actor=cast.colin.person)
    reminders.remind_due(now=due + timedelta(hours=1))
    assert not any(holding.title in m.subject for m in mail.outbox)


def test_clock_reminds_a_day_before_then_four_hours_before(breach: Crisis, cast: Cast) -> None:
    cnil = breach.clocks.get(kind="cnil_notification")
    first = reminders.remind_due(now=cnil.due_at - timedelta(hours=20))
    again = reminders.remind_due(now=cnil.due_at - timedelta(hours=19))
    last = reminders.remind_due(now=cnil.due_at - timedelta(hours=3))
    subjects = [m.subject for m in mail.outbox if cnil.label in m.subject]
    assert len(subjects) == 2 and "24" in subjects[0] and "4" in subjects[1]
    assert first.sent and last.sent and again.skipped


def test_met_clock_is_not_reminded(breach: Crisis, cast: Cast) -> None:
    cnil = breach.clocks.get(kind="cnil_notification")
    services.meet_clock(cnil, actor=cast.ada.person, reference="CNIL-1")
    reminders.remind_due(now=cnil.due_at + timedelta(hours=1))
    assert not any(cnil.label in m.subject for m in mail.outbox)


def test_closed_crisis_sends_no_reminder(breach: Crisis, cast: Cast) -> None:
    services.assess(breach, answers={}, activate=False, reason="Pas une crise",
                    actor=cast.alice.person)  # fmt: skip
    assert breach.state == CrisisState.CLOSED
    reminders.remind_due(now=timezone.now() + timedelta(days=10))
    assert not [m for m in mail.outbox if "Tocsin" in m.subject and "Playbook" not in m.subject
                and "playbook" not in m.subject.lower()]  # fmt: skip


def test_playbook_older_than_its_period_reminds_admins_once(cast: Cast) -> None:
    playbook = playbooks.current(cast.firm_a, "other", "fr")
    Playbook.objects.for_firm(cast.firm_a).filter(pk=playbook.pk).update(
        reviewed_at=timezone.now() - timedelta(days=playbook.review_every_days + 1)
    )
    assert [p.pk for p in playbooks.due_for_review(cast.firm_a)] == [playbook.pk]
    tasks.remind_due.delay()
    tasks.remind_due.delay()
    to_admin = [m for m in mail.outbox if m.to == [cast.ada.person.email]]
    assert len(to_admin) == 1 and playbook.title in to_admin[0].subject
    playbooks.mark_reviewed(playbook, actor=cast.ada.person)
    assert playbooks.due_for_review(cast.firm_a) == []


def test_reminder_is_written_in_the_recipients_language(breach: Crisis, cast: Cast) -> None:
    _staff(breach, cast)
    cast.colin.person.preferred_language = "en"
    cast.colin.person.save()
    holding = breach.tasks.get(step_key="holding_statement")
    due = holding.due_at
    assert due is not None
    reminders.remind_due(now=due - timedelta(minutes=30))
    message = next(m for m in mail.outbox if m.to == [cast.colin.person.email])
    assert message.subject.startswith("[Tocsin] Due soon")
    assert "/f/alpha/crises/" in message.body
