"""Background work of the crisis room (Celery entry points that only call services)."""

from __future__ import annotations

from celery import shared_task

from tocsin.crises import reminders


@shared_task(name="crises.remind_due", acks_late=True)
def remind_due() -> dict[str, int]:
    """Remind owners of tasks and clocks due soon, escalate overdue ones to the deputies
    (scheduled every five minutes; idempotent, so a retried or doubled run sends nothing
    twice)."""
    outcome = reminders.remind_due()
    return {"sent": outcome.sent, "skipped": outcome.skipped}
