"""Background work of the recovery stage (Celery entry points that only call services)."""

from __future__ import annotations

from celery import shared_task

from tocsin.recovery import reminders


@shared_task(name="recovery.remind_actions", acks_late=True)
def remind_actions() -> dict[str, int]:
    """Remind owners of corrective actions due within two days, then once overdue (with the
    owner's deputy). Idempotent: a rerun or a second worker sends nothing twice. Scheduled
    hourly by beat (``"recovery-reminders": {"task": "recovery.remind_actions",
    "schedule": 3600.0}``)."""
    outcome = reminders.remind_actions()
    return {"sent": outcome.sent, "skipped": outcome.skipped}
