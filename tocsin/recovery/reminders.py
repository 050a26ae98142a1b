"""Reminders for corrective actions: two days before they are due, then once overdue.

Run by the ``recovery.remind_actions`` beat task over every firm (system code: it uses
``unscoped`` on purpose). Each reminder is claimed before it is sent with a conditional
UPDATE on the action (``reminded_*_for`` set to the due date it reminds of): of two workers
running at once only one gets the row, a rerun finds it claimed, and moving the due date
re-arms the reminder. A mail that fails to go out releases its claim for the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from tocsin.recovery.models import OPEN_STATES, CorrectiveAction

log = logging.getLogger(__name__)

# An action is reminded to its owner this long before its due date.
SOON = timedelta(days=2)


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0


def _claim(action: CorrectiveAction, field: str) -> bool:
    assert action.due_on is not None
    claimed = (
        CorrectiveAction.unscoped.filter(pk=action.pk, due_on=action.due_on)
        .filter(Q(**{f"{field}__isnull": True}) | ~Q(**{field: F("due_on")}))
        .update(**{field: action.due_on})
    )
    return claimed == 1


def _release(action: CorrectiveAction, field: str) -> None:
    CorrectiveAction.unscoped.filter(pk=action.pk).update(**{field: None})


def _send(action: CorrectiveAction, late: bool) -> bool:
    owner = action.owner
    recipients = [owner.person.email] if owner and owner.person.email else []
    if late and owner is not None and owner.deputy_id and owner.deputy:
        recipients.append(owner.deputy.person.email)
    if not recipients:
        return False
    link = settings.SITE_URL + reverse("action_detail", args=[action.firm.slug, action.pk])
    lang = owner.person.preferred_language if owner else action.crisis.language
    with override(lang):
        due = date_format(action.due_on, "SHORT_DATE_FORMAT") if action.due_on else ""
        subject = (
            _("Overdue corrective action: %(title)s")
            if late
            else _("Corrective action due soon: %(title)s")
        ) % {"title": action.title}
        body = _(
            "The corrective action “%(title)s” of the crisis “%(crisis)s” is due on %(due)s "
            "(%(state)s, %(percent)s %%).\n\nUpdate it or add evidence: %(link)s"
        ) % {
            "title": action.title,
            "crisis": action.crisis.title,
            "due": due,
            "state": action.get_state_display(),
            "percent": action.percent,
            "link": link,
        }
    send_mail(subject, body, None, recipients)
    return True


def remind_actions(today: date | None = None) -> Outcome:
    """Send each due-soon and overdue reminder once (see the module docstring)."""
    today = today or timezone.localdate()
    outcome = Outcome()
    candidates = (
        CorrectiveAction.unscoped.filter(state__in=OPEN_STATES, due_on__isnull=False)
        .filter(due_on__lte=today + SOON)
        .select_related("firm", "crisis", "owner__person", "owner__deputy__person")
    )
    for action in candidates:
        assert action.due_on is not None
        field = "reminded_late_for" if action.due_on < today else "reminded_soon_for"
        if getattr(action, field) == action.due_on or not _claim(action, field):
            outcome.skipped += 1
            continue
        try:
            sent = _send(action, late=field == "reminded_late_for")
        except Exception:
            log.exception("reminder for corrective action %s failed", action.pk)
            _release(action, field)
            outcome.skipped += 1
            continue
        if sent:
            outcome.sent += 1
        else:
            outcome.skipped += 1
    return outcome
