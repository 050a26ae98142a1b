"""Shortcuts for the responses tests: a crisis, a statement drafted by colin, approved by
alice, and an account pointed at a loopback server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.crises.models import Crisis, CrisisType
from tocsin.responses import services
from tocsin.responses.models import PublishingAccount, Statement, StatementKind
from tocsin.testing import Cast

CALM = (
    "Nous avons connaissance de la situation et vérifions les faits avec soin. "
    "Nous reviendrons vers vous d'ici ce soir."
)


def crisis(cast: Cast, crisis_type: str = CrisisType.DATA_BREACH) -> Crisis:
    return crises.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=crisis_type,
        title="Incident de sécurité",
        awareness_at=timezone.now() - timedelta(hours=1),
    )


def draft(
    cast: Cast,
    text: str = CALM,
    *,
    channels: list[str] | None = None,
    crisis_: Crisis | None = None,
    **options: Any,
) -> Statement:
    return services.create_statement(
        cast.firm_a,
        author=cast.colin.person,
        kind=options.pop("kind", StatementKind.HOLDING),
        title=options.pop("title", "Message d'attente"),
        text=text,
        crisis=crisis_,
        channels=channels if channels is not None else ["recorded"],
        **options,
    )


def approved(cast: Cast, text: str = CALM, **options: Any) -> Statement:
    statement = draft(cast, text, **options)
    version = statement.current()
    assert version is not None
    services.approve(statement, approver=cast.alice, version_number=version.number)
    statement.refresh_from_db()
    return statement


def account(cast: Cast, kind: str, base_url: str = "", **config: Any) -> PublishingAccount:
    creds = config.pop("credentials", {"access_token": "tok-123"})
    row = PublishingAccount(
        firm=cast.firm_a, kind=kind, name=kind, base_url=base_url, config=config
    )
    row.credentials = creds
    row.save()
    return row


def committed[T](call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a service as if its transaction committed: what it defers to ``on_commit``
    (handing publications to the workers, emailing the team) runs before this returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return call(*args, **kwargs)
