"""The two GDPR records of a personal-data breach: the notification to the CNIL (art. 33),
sent in one or two stages, and the breach register (art. 33(5)).

Both write the crisis timeline through ``services.record_event`` and meet the crisis's
clocks when their duty is done, so a clock is never marked met by hand when the record
itself says so.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import BreachNotification, BreachRecord, ClockKind
from tocsin.crises.services import CrisisError, clock_of, meet_clock, record_event
from tocsin.firms.models import Person

NOTIFICATION_FIELDS = (*BreachNotification.ITEMS, "delay_reason", "high_risk")


@transaction.atomic
def save_notification(
    notification: BreachNotification,
    changes: dict[str, Any],
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> BreachNotification:
    """Save the art. 33(3) draft. The timeline notes which items changed, not their content:
    the draft may hold personal data that has no place in the journal."""
    changed = []
    for field, value in changes.items():
        if field in NOTIFICATION_FIELDS and getattr(notification, field) != value:
            setattr(notification, field, value)
            changed.append(field)
    if changed:
        notification.save(update_fields=changed)
        record_event(
            notification.crisis,
            "cnil.draft",
            ", ".join(changed),
            actor=actor,
            target=notification,
            detail={"fields": changed},
            request=request,
        )
    return notification


@transaction.atomic
def send_notification(
    notification: BreachNotification,
    *,
    stage: str,
    actor: Person | None,
    reference: str = "",
    request: HttpRequest | None = None,
) -> BreachNotification:
    """Record that the notification went to the CNIL, in one of the two stages art. 33(4)
    allows: ``initial`` (within 72 h, with what is known) or ``complete`` (every item).

    The initial stage meets the CNIL clock; sent after 72 hours it must give the reasons
    for the delay (art. 33(1)).
    """
    now = timezone.now()
    crisis = notification.crisis
    if stage == "initial":
        if notification.initial_sent_at:
            raise CrisisError(_("the initial notification was already sent"))
        if not notification.nature.strip():
            raise CrisisError(_("describe the nature of the breach before notifying"))
        clock = clock_of(crisis, ClockKind.CNIL_NOTIFICATION)
        if clock is not None and now > clock.due_at and not notification.delay_reason.strip():
            raise CrisisError(
                _("after 72 hours the notification must give the reasons for the delay")
            )
        notification.initial_sent_at = now
        notification.cnil_reference = reference or notification.cnil_reference
        notification.save(update_fields=["initial_sent_at", "cnil_reference"])
        if clock is not None:
            meet_clock(clock, actor=actor, reference=reference, met_at=now, request=request)
        record = BreachRecord.objects.for_firm(crisis.firm).filter(crisis=crisis).first()
        if record is not None:
            record.notified_to_cnil = True
            record.save(update_fields=["notified_to_cnil"])
    elif stage == "complete":
        if not notification.initial_sent_at:
            raise CrisisError(_("send the initial notification first"))
        missing = notification.missing_items()
        if missing:
            raise CrisisError(_("still missing: %(items)s") % {"items": ", ".join(missing)})
        notification.completed_at = now
        notification.save(update_fields=["completed_at"])
    else:
        raise CrisisError(_("stage is initial or complete"))
    record_event(
        crisis,
        f"cnil.{stage}",
        f"CNIL notification ({stage})" + (f" {reference}" if reference else ""),
        actor=actor,
        target=notification,
        detail={"stage": stage, "reference": reference, "missing": notification.missing_items()},
        request=request,
    )
    return notification


REGISTER_FIELDS = ("facts", "effects", "remedial_action", "not_notified_reason", "people_informed")


@transaction.atomic
def save_breach_record(
    record: BreachRecord,
    changes: dict[str, Any],
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> BreachRecord:
    """Update a line of the breach register; once facts, effects and remedial action are
    written, the register clock of its crisis is met."""
    changed = [f for f in REGISTER_FIELDS if f in changes and getattr(record, f) != changes[f]]
    for field in changed:
        setattr(record, field, changes[field])
    if changed:
        record.save(update_fields=changed)
    crisis = record.crisis
    if crisis is not None:
        if changed:
            record_event(
                crisis,
                "register.update",
                ", ".join(changed),
                actor=actor,
                target=record,
                detail={"fields": changed},
                request=request,
            )
        clock = clock_of(crisis, ClockKind.BREACH_REGISTER)
        complete = all((record.facts, record.effects, record.remedial_action))
        if clock is not None and clock.is_running and complete:
            meet_clock(clock, actor=actor, reference="register", request=request)
    return record
