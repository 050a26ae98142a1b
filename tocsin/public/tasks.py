"""Background work of the public side (Celery entry points that only call services)."""

from __future__ import annotations

from celery import shared_task

from tocsin.public import mail, services
from tocsin.public.models import CrisisUpdate, Subscriber


@shared_task(name="public.notify_subscribers", acks_late=True)
def notify_subscribers(update_id: int) -> int:
    """Email one published update to the crisis's confirmed subscribers (idempotent)."""
    # A task names no firm: the update carries it, and every query below is scoped by it.
    update = CrisisUpdate.unscoped.select_related("crisis", "crisis__firm").filter(pk=update_id)
    row = update.first()
    if row is None or not row.notify:
        return 0
    return mail.send_update(row)


@shared_task(name="public.send_confirmation", acks_late=True)
def send_confirmation(subscriber_id: int) -> None:
    """Email the double opt-in link of a new subscription."""
    row = Subscriber.unscoped.select_related("crisis", "crisis__firm").filter(pk=subscriber_id)
    subscriber = row.first()
    if subscriber is not None and subscriber.confirmed_at is None:
        mail.send_confirmation(subscriber)


@shared_task(name="public.purge_conversations")
def purge_conversations() -> dict[str, int]:
    """Delete chatbot conversations past each firm's retention rule, and subscriptions never
    confirmed within their link's week (run daily)."""
    return {
        "conversations": services.purge_conversations(),
        "unconfirmed": services.purge_unconfirmed(),
    }
