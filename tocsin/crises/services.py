"""What the crisis room does: open, assess, staff, work and close a crisis.

Views, the API, Celery tasks, commands and (later) the alerts app all call these functions,
so every change lands on the crisis timeline, which is the firm's append-only audit journal
read with ``context="crisis:<pk>"``. Nothing here trusts its caller about the firm: objects
are reached through their crisis, which was itself reached through ``for_firm``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises import playbook as playbooks
from tocsin.crises.models import (
    TRANSITIONS,
    BreachNotification,
    BreachRecord,
    Clock,
    ClockKind,
    Crisis,
    CrisisRole,
    CrisisRoleKind,
    CrisisState,
    CrisisType,
    Decision,
    Severity,
    Task,
)
from tocsin.firms import audit
from tocsin.firms.models import AuditEvent, Firm, Membership, Person


class CrisisError(ValueError):
    """A change the crisis cannot take (wrong state, missing reason, incomplete draft)."""


def record_event(
    crisis: Crisis,
    action: str,
    summary: str,
    *,
    actor: Person | None,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append an event to the crisis's timeline (the firm's audit journal)."""
    return audit.record(
        action,
        firm=crisis.firm,
        actor=actor,
        target=target if target is not None else crisis,
        summary=summary,
        context=crisis.context,
        detail=detail or {},
        request=request,
    )


def team_of(firm: Firm) -> list[Membership]:
    return list(Membership.objects.filter(firm=firm).select_related("person", "deputy__person"))


def _pick(spec: dict[str, Any], team: list[Membership]) -> list[Membership]:
    """Candidates for a crisis role, best first: the firm roles in the order the playbook
    lists them, then people whose job title matches a hint, then who is on call."""
    order = list(spec.get("from_team", [])) or ["partner", "admin"]
    hints = [h.lower() for h in spec.get("title_hint", [])]

    def rank(m: Membership) -> tuple[int, int, int]:
        hinted = any(h in m.title.lower() for h in hints) if hints else False
        # A title hint beats the firm-role order: the DPO is the DPO whatever their role.
        return (0 if hinted else 1, order.index(m.role), 0 if m.on_call else 1)

    return sorted((m for m in team if m.role in order), key=rank)


def _fill_roles(crisis: Crisis, document: dict[str, Any], team: list[Membership]) -> None:
    specs = {s["role"]: s for s in document.get("roles", [])}
    for kind in CrisisRoleKind.values:
        candidates = _pick(specs.get(kind, {}), team)
        holder = candidates[0] if candidates else None
        deputy = holder.deputy if holder is not None and holder.deputy_id else None
        if deputy is None and len(candidates) > 1:
            deputy = candidates[1]
        CrisisRole.objects.create(
            firm=crisis.firm, crisis=crisis, kind=kind, member=holder, deputy=deputy
        )


def role_holders(crisis: Crisis) -> dict[str, CrisisRole]:
    return {r.kind: r for r in crisis.roles.select_related("member__person", "deputy__person")}


@transaction.atomic
def open_crisis(
    firm: Firm,
    *,
    opened_by: Person | None,
    crisis_type: str,
    title: str,
    awareness_at: datetime,
    severity: int = Severity.MODERATE,
    source_alert_id: int | None = None,
    description: str = "",
    language: str | None = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Crisis:
    """Open a crisis in the assessing state and instantiate its playbook.

    The firm's current playbook for the type is copied into tasks (owners from the crisis
    roles, filled from the team directory with deputies) and clocks counted from
    ``awareness_at`` (or from now, for steps due "from opening"). A data breach also gets its
    CNIL notification draft and its line in the breach register. The alerts app calls this
    with ``source_alert_id`` when a person turns an alert into a crisis. ``now`` is the
    opening time, for the demo and for drills that replay a crisis; it defaults to now.
    """
    if crisis_type not in CrisisType.values:
        raise CrisisError(_("unknown crisis type %(type)r") % {"type": crisis_type})
    now = now or timezone.now()
    if awareness_at > now + timedelta(minutes=5):
        raise CrisisError(_("the awareness time cannot be in the future"))
    language = language or firm.language or "fr"
    playbook = playbooks.current(firm, crisis_type, language)
    document = playbook.document
    crisis = Crisis.objects.create(
        firm=firm,
        title=title.strip()[:200],
        crisis_type=crisis_type,
        severity=severity,
        description=description,
        language=language,
        awareness_at=awareness_at,
        opened_at=now,
        opened_by=opened_by,
        source_alert_id=source_alert_id,
        playbook=playbook,
    )
    team = team_of(firm)
    _fill_roles(crisis, document, team)
    holders = role_holders(crisis)
    for position, step in enumerate(document.get("steps", [])):
        due = playbooks.due_of(step["due"]).at(awareness=awareness_at, opening=now)
        Task.objects.create(
            firm=firm,
            crisis=crisis,
            step_key=step["key"],
            position=position,
            title=step["title"],
            description=step.get("description", ""),
            owner_role=step["owner"],
            owner=holders[step["owner"]].member,
            due_at=due,
            checklist=[{"text": str(t), "done": False} for t in step.get("checklist", [])],
            templates=list(step.get("templates", [])),
        )
    for spec in document.get("clocks", []):
        rule = playbooks.due_of(spec["due"])
        Clock.objects.create(
            firm=firm,
            crisis=crisis,
            kind=spec["kind"],
            label=spec.get("label") or ClockKind(spec["kind"]).label,
            basis=spec.get("basis", ""),
            owner_role=spec["owner"],
            starts_at=awareness_at if rule.origin == "awareness" else now,
            due_at=rule.at(awareness=awareness_at, opening=now),
        )
    if crisis_type == CrisisType.DATA_BREACH:
        dpo = holders[CrisisRoleKind.DPO].member
        contact = ""
        if dpo is not None:
            contact = ", ".join(
                x for x in (str(dpo.person), dpo.person.email, dpo.person.phone) if x
            )
        BreachNotification.objects.create(
            firm=firm, crisis=crisis, dpo_contact=contact, nature=description
        )
        BreachRecord.objects.create(
            firm=firm, crisis=crisis, occurred_at=awareness_at, facts=description
        )
    record_event(
        crisis,
        "crisis.open",
        f"{crisis.get_crisis_type_display()}: {crisis.title}",
        actor=opened_by,
        detail={
            "crisis_type": crisis_type,
            "severity": int(severity),
            "awareness_at": awareness_at.isoformat(),
            "playbook": {"id": playbook.pk, "version": playbook.version, "language": language},
            "source_alert_id": source_alert_id,
            "roles": {k: (str(r.member.person) if r.member else None) for k, r in holders.items()},
        },
        request=request,
    )
    return crisis


def _set_state(
    crisis: Crisis, state: str, *, actor: Person | None, reason: str, request: HttpRequest | None
) -> Crisis:
    old = crisis.state
    if state not in TRANSITIONS.get(old, frozenset()):
        raise CrisisError(
            _("a crisis cannot go from %(old)s to %(new)s") % {"old": old, "new": state}
        )
    if state == CrisisState.CLOSED and not reason.strip():
        raise CrisisError(_("closing a crisis needs a reason"))
    crisis.state = state
    crisis.closed_at = timezone.now() if state == CrisisState.CLOSED else None
    crisis.save(update_fields=["state", "closed_at"])
    record_event(
        crisis,
        "crisis.state",
        f"{old} → {state}" + (f": {reason}" if reason else ""),
        actor=actor,
        detail={"from": old, "to": state, "reason": reason},
        request=request,
    )
    return crisis


@transaction.atomic
def assess(
    crisis: Crisis,
    *,
    answers: dict[str, bool],
    activate: bool,
    reason: str,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> Crisis:
    """Answer the playbook's activation criteria and decide: a crisis (active) or not
    (closed, with the reason; a data breach stays in the breach register either way)."""
    if crisis.state != CrisisState.ASSESSING:
        raise CrisisError(_("this crisis has already been assessed"))
    if not activate and not reason.strip():
        raise CrisisError(_("deciding that this is not a crisis needs a reason"))
    keys = [
        c["key"]
        for c in (crisis.playbook.document if crisis.playbook else {}).get(
            "activation_criteria", []
        )
    ]
    crisis.assessment = {
        "answers": {k: bool(answers.get(k)) for k in keys},
        "decision": "activate" if activate else "dismiss",
        "reason": reason,
        "at": timezone.now().isoformat(),
    }
    crisis.save(update_fields=["assessment"])
    met = sum(crisis.assessment["answers"].values())
    record_event(
        crisis,
        "crisis.assess",
        f"{met}/{len(keys)} criteria met: " + ("activated" if activate else "not a crisis"),
        actor=actor,
        detail=crisis.assessment,
        request=request,
    )
    return _set_state(
        crisis,
        CrisisState.ACTIVE if activate else CrisisState.CLOSED,
        actor=actor,
        reason=reason or "activation criteria met",
        request=request,
    )


@transaction.atomic
def change_state(
    crisis: Crisis,
    state: str,
    *,
    actor: Person | None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Crisis:
    """Move a crisis along its life (active, monitoring, closed, reopened). Closing needs
    a reason, which the timeline keeps."""
    return _set_state(crisis, state, actor=actor, reason=reason, request=request)


@transaction.atomic
def set_severity(
    crisis: Crisis,
    severity: int,
    *,
    actor: Person | None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Crisis:
    old = crisis.severity
    if severity not in Severity.values:
        raise CrisisError(_("unknown severity"))
    crisis.severity = severity
    crisis.save(update_fields=["severity"])
    record_event(
        crisis,
        "crisis.severity",
        f"{old} → {severity}" + (f": {reason}" if reason else ""),
        actor=actor,
        detail={"from": old, "to": severity, "reason": reason},
        request=request,
    )
    return crisis


@transaction.atomic
def assign_role(
    crisis: Crisis,
    kind: str,
    *,
    member: Membership | None,
    deputy: Membership | None = None,
    external_contact: str = "",
    actor: Person | None,
    request: HttpRequest | None = None,
) -> CrisisRole:
    """Give a crisis role to someone of the firm (and a deputy); the open tasks of that role
    follow the new holder, so reminders go to the right person."""
    for m in (member, deputy):
        if m is not None and m.firm_id != crisis.firm_id:
            raise CrisisError(_("a crisis role must be held by a member of the firm"))
    role = crisis.roles.get(kind=kind)
    role.member, role.deputy, role.external_contact = member, deputy, external_contact
    role.save(update_fields=["member", "deputy", "external_contact"])
    crisis.tasks.filter(owner_role=kind, done_at__isnull=True).update(owner=member)
    record_event(
        crisis,
        "crisis.role",
        f"{role.get_kind_display()}: {member.person if member else '—'}"
        + (f" ({deputy.person})" if deputy else ""),
        actor=actor,
        target=role,
        detail={
            "role": kind,
            "member": member.pk if member else None,
            "deputy": deputy.pk if deputy else None,
            "external_contact": external_contact,
        },
        request=request,
    )
    return role


@transaction.atomic
def set_task_done(
    task: Task, *, done: bool, actor: Person | None, request: HttpRequest | None = None
) -> Task:
    if done == task.is_done:
        return task
    task.done_at = timezone.now() if done else None
    task.done_by = actor if done else None
    task.save(update_fields=["done_at", "done_by"])
    late = done and task.due_at is not None and task.done_at > task.due_at  # type: ignore[operator]
    record_event(
        task.crisis,
        "task.done" if done else "task.reopen",
        task.title,
        actor=actor,
        target=task,
        detail={"step": task.step_key, "due_at": _iso(task.due_at), "late": bool(late)},
        request=request,
    )
    return task


@transaction.atomic
def check_item(
    task: Task, index: int, *, done: bool, actor: Person | None, request: HttpRequest | None = None
) -> Task:
    if not 0 <= index < len(task.checklist):
        raise CrisisError(_("no such checklist item"))
    task.checklist[index]["done"] = done
    task.save(update_fields=["checklist"])
    record_event(
        task.crisis,
        "task.check" if done else "task.uncheck",
        f"{task.title} — {task.checklist[index]['text']}",
        actor=actor,
        target=task,
        detail={"item": index},
        request=request,
    )
    return task


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def meet_clock(
    clock: Clock,
    *,
    actor: Person | None,
    reference: str = "",
    met_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Clock:
    """Record that a deadline was met (the CNIL was notified, the complaint filed …), with
    when and the reference, and whether it was late: what an insurer or the CNIL will ask."""
    if not clock.is_running:
        return clock
    clock.met_at, clock.met_by, clock.reference = met_at or timezone.now(), actor, reference
    clock.save(update_fields=["met_at", "met_by", "reference"])
    record_event(
        clock.crisis,
        "clock.met",
        f"{clock.label}" + (f" ({reference})" if reference else ""),
        actor=actor,
        target=clock,
        detail={
            "kind": clock.kind,
            "due_at": _iso(clock.due_at),
            "met_at": _iso(clock.met_at),
            "late": clock.met_late(),
            "reference": reference,
        },
        request=request,
    )
    return clock


@transaction.atomic
def waive_clock(
    clock: Clock, *, actor: Person | None, reason: str, request: HttpRequest | None = None
) -> Clock:
    """Stop a clock by a decision with its reason (e.g. no personal data was concerned)."""
    if not reason.strip():
        raise CrisisError(_("stopping a clock needs a reason"))
    if not clock.is_running:
        return clock
    clock.waived_at, clock.waived_reason = timezone.now(), reason
    clock.save(update_fields=["waived_at", "waived_reason"])
    record_event(
        clock.crisis,
        "clock.waived",
        f"{clock.label}: {reason}",
        actor=actor,
        target=clock,
        detail={"kind": clock.kind, "reason": reason},
        request=request,
    )
    return clock


def clock_of(crisis: Crisis, kind: str) -> Clock | None:
    return crisis.clocks.filter(kind=kind).first()


@transaction.atomic
def record_decision(
    crisis: Crisis,
    *,
    text: str,
    reason: str,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> Decision:
    """A decision and why it was taken; both are required because the why is what matters
    to a court, an insurer or the CNIL months later."""
    if not text.strip() or not reason.strip():
        raise CrisisError(_("a decision needs its text and its reason"))
    decision = Decision.objects.create(
        firm=crisis.firm,
        crisis=crisis,
        text=text.strip()[:500],
        reason=reason.strip(),
        decided_by=actor,
    )
    record_event(
        crisis,
        "crisis.decision",
        decision.text,
        actor=actor,
        target=decision,
        detail={"reason": decision.reason},
        request=request,
    )
    return decision


def timeline(crisis: Crisis) -> QuerySet[AuditEvent]:
    """Every event of the crisis, oldest first, read from the append-only audit journal."""
    return AuditEvent.objects.filter(firm_id=crisis.firm_id, context=crisis.context).order_by("seq")


def timeline_document(crisis: Crisis) -> dict[str, Any]:
    """The timeline as a JSON-ready document for the insurer, the CNIL or a court.

    Each event carries its hash and the previous event's hash in the firm-wide chain, so a
    reader holding the full journal (``tocsin audit verify``) can check nothing was changed.
    """
    return {
        "firm": crisis.firm.name,
        "crisis": {
            "id": crisis.pk,
            "title": crisis.title,
            "type": crisis.crisis_type,
            "severity": crisis.severity,
            "state": crisis.state,
            "awareness_at": _iso(crisis.awareness_at),
            "opened_at": _iso(crisis.opened_at),
            "closed_at": _iso(crisis.closed_at),
        },
        "clocks": [
            {
                "kind": c.kind,
                "label": c.label,
                "basis": c.basis,
                "due_at": _iso(c.due_at),
                "met_at": _iso(c.met_at),
                "late": c.met_late(),
                "reference": c.reference,
                "waived_reason": c.waived_reason,
            }
            for c in crisis.clocks.all()
        ],
        "exported_at": timezone.now().isoformat(),
        "events": [
            {
                "seq": e.seq,
                "at": e.at.isoformat(),
                "actor": e.actor_label,
                "action": e.action,
                "summary": e.summary,
                "detail": e.detail,
                "ip": e.ip,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in timeline(crisis)
        ],
    }


def link_alert(
    crisis: Crisis,
    *,
    alert_id: int,
    summary: str,
    actor: Person | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Put an alert on the crisis's timeline: the alerts app calls this when a new alert
    (a second spike, an escalation) belongs to a crisis that is already open.

    Other apps write their own events the same way with :func:`record_event`, e.g. the
    responses app's ``statement.approved`` and ``statement.published``.
    """
    return record_event(
        crisis,
        "alert.linked",
        summary[:500],
        actor=actor,
        detail={"alert_id": alert_id, **(detail or {})},
        request=request,
    )
