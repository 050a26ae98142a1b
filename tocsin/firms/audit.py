"""Writing to and checking the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from tocsin.firms.audit_models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tocsin.firms.models import Firm


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address. Behind a reverse proxy (``TOCSIN_BEHIND_PROXY``, on by default in
    production) we take the last X-Forwarded-For hop, the one our proxy appended; without
    one the header is the client's own words and is ignored."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.TOCSIN_BEHIND_PROXY else ""
    if forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    firm: Firm | None = None,
    actor: Any = None,
    target: models.Model | None = None,
    summary: str = "",
    context: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the journal, chained to the previous one.

    ``actor`` is a person (or None for the system); when ``request`` is given, the actor and
    the address default to the signed-in person and the caller's address. ``context`` puts
    the event on a timeline (``"crisis:12"``); ``detail`` holds JSON-serialisable facts
    (a decision's reason, the old and new state), chained like the rest.
    """
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            firm_id=firm.pk if firm is not None else None,
            actor_id=actor.pk if actor is not None else None,
            actor_label=(str(actor) if actor is not None else "system")[:200],
            action=action,
            target_type=target._meta.label if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            summary=summary[:500],
            context=context,
            detail=detail or {},
            ip=client_ip(request),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str


def verify(batch_size: int = 2000) -> tuple[int, list[Break]]:
    """Recompute the whole chain. Returns the number of events checked and every break:
    an edited event (hash mismatch), a deleted one (gap or broken link), a cut tail."""
    breaks: list[Break] = []
    expected_seq = 1
    prev_hash = "0" * 64
    checked = 0
    last_seq = 0
    queryset = AuditEvent.objects.order_by("seq")
    for event in queryset.iterator(chunk_size=batch_size):
        checked += 1
        if event.seq != expected_seq:
            breaks.append(Break(event.seq, f"events {expected_seq}..{event.seq - 1} are missing"))
        elif event.prev_hash != prev_hash:
            breaks.append(Break(event.seq, "link to the previous event is broken"))
        if event.compute_hash() != event.hash:
            breaks.append(Break(event.seq, "content does not match its hash (edited)"))
        prev_hash = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or (last_seq and head.hash != prev_hash)):
        breaks.append(Break(head.seq, f"the chain ends at {last_seq} but its head says {head.seq}"))
    return checked, breaks
