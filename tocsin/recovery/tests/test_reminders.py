"""Owners are reminded of their corrective actions once, then once more when overdue."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from tocsin.crises.models import Crisis
from tocsin.recovery import services
from tocsin.recovery.tasks import remind_actions
from tocsin.testing import Cast


def test_reminders_are_sent_once_and_again_for_a_new_due_date(cast: Cast, crisis: Crisis) -> None:
    today = timezone.localdate()
    cast.colin.deputy = cast.alice
    cast.colin.save()
    action = services.create_action(
        crisis,
        title="Former l'équipe",
        owner=cast.colin,
        due_on=today + timedelta(days=1),
        actor=None,
    )
    services.create_action(
        crisis, title="Plus tard", owner=cast.colin, due_on=today + timedelta(days=20), actor=None
    )
    mail.outbox.clear()

    assert remind_actions.delay().get()["sent"] == 1
    assert remind_actions.delay().get()["sent"] == 0
    assert mail.outbox[0].to == [cast.colin.person.email]
    assert "Former l'équipe" in mail.outbox[0].subject

    services.update_action(action, {"due_on": today - timedelta(days=1)}, actor=None)
    assert remind_actions.delay().get()["sent"] == 1
    assert remind_actions.delay().get()["sent"] == 0
    assert mail.outbox[-1].to == [cast.colin.person.email, cast.alice.person.email]

    services.update_action(action, {"state": "done"}, actor=None)
    services.update_action(action, {"due_on": today - timedelta(days=2)}, actor=None)
    assert remind_actions.delay().get()["sent"] == 0
