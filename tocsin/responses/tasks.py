"""Celery entry points; each only calls a service.

Beat schedule (in settings): ``responses.publish_due`` every 60 s, ``responses.remind_updates``
every 300 s, ``responses.check_accounts`` every 3,600 s.
"""

from __future__ import annotations

from celery import shared_task

from tocsin.responses import services
from tocsin.responses.models import PublishingAccount


@shared_task(name="responses.send_publication")
def send_publication(publication_id: int) -> str:
    return services.send(publication_id)


@shared_task(name="responses.publish_due")
def publish_due() -> dict[str, int]:
    return services.publish_due()


@shared_task(name="responses.remind_updates")
def remind_updates() -> int:
    return services.remind_updates()


@shared_task(name="responses.check_accounts")
def check_accounts() -> int:
    """Check every enabled account's token, so a broken one is seen before a crisis post."""
    broken = 0
    for account in PublishingAccount.unscoped.filter(enabled=True):
        if not services.check_account(account):
            broken += 1
    return broken
