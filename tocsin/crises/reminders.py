"""Reminders and escalations: tasks and clocks due soon, overdue, and playbooks to review.

Run every five minutes by the ``crises.remind_due`` beat task, over every firm (system code:
it uses ``unscoped`` on purpose). Each message is sent once: a :class:`Reminder` row keyed by
what happened is written in the same transaction as the sending, and a unique constraint
stops a second worker or a second run from sending it again. A key carries the due time, so
a task whose due time is moved gets reminded again for the new time.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from tocsin.crises.models import (
    Clock,
    Crisis,
    CrisisRole,
    CrisisState,
    Playbook,
    Reminder,
    Task,
)
from tocsin.firms import audit
from tocsin.firms.models import Firm, Membership
from tocsin.firms.roles import Role

log = logging.getLogger(__name__)

# How long before its due time a task is reminded to its owner.
TASK_SOON = timedelta(hours=1)
# Clocks are reminded twice: a day before, then four hours before they run out.
CLOCK_SOON = (timedelta(hours=24), timedelta(hours=4))


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%d%H%M")


def _room_link(crisis: Crisis) -> str:
    return settings.SITE_URL + reverse("crisis_room", args=[crisis.firm.slug, crisis.pk])


def _local(value: datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _send_once(
    *,
    firm: Firm,
    key: str,
    crisis: Crisis | None,
    recipients: list[Membership],
    compose: Callable[[], tuple[str, str]],
    outcome: Outcome,
) -> None:
    """Send one message to each recipient, in their language, unless ``key`` was sent.

    ``compose`` returns the subject and body; it is called under each recipient's language
    so that the gettext calls inside it translate for that person.
    """
    people = {m.person.email: m for m in recipients if m is not None and m.person.email}
    if not people:
        return
    if Reminder.objects.for_firm(firm).filter(key=key).exists():
        outcome.skipped += 1
        return
    try:
        with transaction.atomic():
            Reminder.objects.create(
                firm=firm, key=key, crisis=crisis, recipients=",".join(sorted(people))[:500]
            )
            for email, member in people.items():
                with override(member.person.preferred_language or firm.language):
                    subject, body = compose()
                    send_mail(subject[:200], body, None, [email])
    except IntegrityError:
        outcome.skipped += 1  # another worker sent it first
        return
    except Exception:  # a mail server down must not stop the sweep; retried next run
        log.exception("reminder %s could not be sent", key)
        return
    outcome.sent += 1
    if crisis is not None:
        audit.record(
            "crisis.reminder",
            firm=firm,
            summary=f"{key} → {', '.join(sorted(people))}"[:500],
            context=crisis.context,
            detail={"key": key, "to": sorted(people)},
        )


def _holders(crisis: Crisis) -> dict[str, CrisisRole]:
    return {r.kind: r for r in crisis.roles.select_related("member__person", "deputy__person")}


def _deputy_of(owner: Membership | None, role: CrisisRole | None) -> Membership | None:
    """Who stands in: the crisis role's deputy, else the owner's deputy in the directory."""
    if role is not None and role.deputy is not None and role.deputy != owner:
        return role.deputy
    if owner is not None and owner.deputy_id:
        return Membership.objects.select_related("person").get(pk=owner.deputy_id)
    return None


def _escalation(
    owner: Membership | None, role: CrisisRole | None, roles: dict[str, CrisisRole]
) -> list[Membership]:
    """Who hears about an overdue task: the deputy, or the crisis lead when there is no
    deputy, and the owner in copy."""
    deputy = _deputy_of(owner, role)
    if deputy is None:
        lead = roles.get("lead")
        deputy = lead.member if lead is not None else None
    return [m for m in (deputy, owner) if m is not None]


def _remind_task(
    task: Task, crisis: Crisis, roles: dict[str, CrisisRole], now: datetime, outcome: Outcome
) -> None:
    if task.due_at is None or task.done_at is not None:
        return
    owner = task.owner
    stamp = _stamp(task.due_at)
    due_at, link = task.due_at, _room_link(crisis)
    facts = {
        "task": task.title,
        "crisis": crisis.title,
        "link": link,
        "owner": str(owner.person) if owner else "—",
    }
    if now >= task.due_at:
        recipients = _escalation(owner, roles.get(task.owner_role), roles)

        def overdue() -> tuple[str, str]:
            values = {**facts, "due": _local(due_at)}
            return (
                _("[Tocsin] Overdue: %(task)s") % values,
                _(
                    "The task “%(task)s” of the crisis “%(crisis)s” was due on %(due)s and is "
                    "not done. Its owner is %(owner)s; as the deputy, please take it over or "
                    "make sure it is done.\n\n%(link)s\n"
                )
                % values,
            )

        _send_once(
            firm=crisis.firm,
            key=f"task:{task.pk}:overdue:{stamp}",
            crisis=crisis,
            recipients=recipients,
            compose=overdue,
            outcome=outcome,
        )
    elif now >= task.due_at - TASK_SOON and owner is not None:

        def soon() -> tuple[str, str]:
            values = {**facts, "due": _local(due_at)}
            return (
                _("[Tocsin] Due soon: %(task)s") % values,
                _("The task “%(task)s” of the crisis “%(crisis)s” is due on %(due)s.\n\n%(link)s\n")
                % values,
            )

        _send_once(
            firm=crisis.firm,
            key=f"task:{task.pk}:soon:{stamp}",
            crisis=crisis,
            recipients=[owner],
            compose=soon,
            outcome=outcome,
        )


def _remind_clock(
    clock: Clock, crisis: Crisis, roles: dict[str, CrisisRole], now: datetime, outcome: Outcome
) -> None:
    if not clock.is_running:
        return
    role = roles.get(clock.owner_role)
    owner = role.member if role else None
    stamp = _stamp(clock.due_at)
    due_at = clock.due_at
    facts = {
        "clock": clock.label,
        "basis": clock.basis,
        "crisis": crisis.title,
        "link": _room_link(crisis),
    }
    if now >= clock.due_at:
        lead = roles.get("lead")
        deputy = _deputy_of(owner, role)

        def overdue() -> tuple[str, str]:
            values = {**facts, "due": _local(due_at)}
            return (
                _("[Tocsin] Deadline passed: %(clock)s") % values,
                _(
                    "The deadline “%(clock)s” (%(basis)s) of the crisis “%(crisis)s” passed on "
                    "%(due)s and is not recorded as met. Do it now and record the reason for "
                    "the delay.\n\n%(link)s\n"
                )
                % values,
            )

        _send_once(
            firm=crisis.firm,
            key=f"clock:{clock.pk}:overdue:{stamp}",
            crisis=crisis,
            recipients=[m for m in (deputy, owner, lead.member if lead else None) if m],
            compose=overdue,
            outcome=outcome,
        )
        return
    for ahead in sorted(CLOCK_SOON):  # nearest threshold first
        if now >= clock.due_at - ahead:
            hours = int(ahead.total_seconds() // 3600)

            def soon(hours: int = hours) -> tuple[str, str]:
                values = {**facts, "due": _local(due_at), "hours": hours}
                return (
                    _("[Tocsin] %(clock)s: less than %(hours)s h left") % values,
                    _(
                        "The deadline “%(clock)s” (%(basis)s) of the crisis “%(crisis)s” runs "
                        "out on %(due)s.\n\n%(link)s\n"
                    )
                    % values,
                )

            _send_once(
                firm=crisis.firm,
                key=f"clock:{clock.pk}:{hours}h:{stamp}",
                crisis=crisis,
                recipients=[owner] if owner else [],
                compose=soon,
                outcome=outcome,
            )
            return  # only the nearest threshold: no 24 h reminder once under 4 h


def _review_message(playbook: Playbook) -> tuple[str, str]:
    values = {
        "title": playbook.title,
        "version": playbook.version,
        "days": playbook.review_every_days,
    }
    return (
        _("[Tocsin] Playbook to review: %(title)s") % values,
        _(
            "The playbook “%(title)s” (version %(version)s) has not been reviewed for %(days)s "
            "days. Re-read it with the team and mark it reviewed, or save a new version.\n"
        )
        % values,
    )


def _remind_playbooks(now: datetime, outcome: Outcome) -> None:
    newest: dict[tuple[int, str, str], Playbook] = {}
    for playbook in Playbook.unscoped.select_related("firm").order_by("version"):
        newest[(playbook.firm_id, playbook.crisis_type, playbook.language)] = playbook
    for playbook in newest.values():
        if not playbook.needs_review(now):
            continue
        admins = list(
            Membership.objects.filter(firm_id=playbook.firm_id, role=Role.ADMIN).select_related(
                "person"
            )
        )
        _send_once(
            firm=playbook.firm,
            key=f"playbook:{playbook.pk}:review:{_stamp(playbook.reviewed_at)}",
            crisis=None,
            recipients=admins,
            compose=functools.partial(_review_message, playbook),
            outcome=outcome,
        )


def remind_due(now: datetime | None = None) -> Outcome:
    """One sweep over every firm's open crises and playbooks. Safe to run at any time and
    as often as wanted: nothing is ever sent twice."""
    now = now or timezone.now()
    outcome = Outcome()
    crises = Crisis.unscoped.exclude(state=CrisisState.CLOSED).select_related("firm")
    for crisis in crises:
        roles = _holders(crisis)
        for task in crisis.tasks.filter(done_at__isnull=True, due_at__lte=now + TASK_SOON):
            _remind_task(task, crisis, roles, now, outcome)
        horizon = now + max(CLOCK_SOON)
        for clock in crisis.clocks.filter(
            met_at__isnull=True, waived_at__isnull=True, due_at__lte=horizon
        ):
            _remind_clock(clock, crisis, roles, now, outcome)
    _remind_playbooks(now, outcome)
    return outcome
