"""Approval: who may say yes to which version, how many must, and when a yes lapses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.firms.models import Firm, Membership
from tocsin.firms.roles import Action
from tocsin.responses.drafting import (
    APPROVAL_GRACE,
    MAX_STEPS,
    StatementError,
    check_version_text,
    locked,
    on_timeline,
    valid_channels,
    void_approvals,
)
from tocsin.responses.models import (
    Approval,
    ApprovalPolicy,
    Statement,
    StatementState,
)


def set_channels(statement: Statement, channels: list[str]) -> None:
    """Where the statement is meant to go; decides how many approvals it needs."""
    statement.channels = valid_channels(channels)
    statement.save(update_fields=["channels"])
    _refresh_state(statement)


# --------------------------------------------------------------------------- approval


def steps_required(firm: Firm, channels: list[str]) -> int:
    """The most approval steps any of ``channels`` needs (the firm's default otherwise)."""
    policies = {p.channel: p.steps for p in ApprovalPolicy.objects.for_firm(firm)}
    default = policies.get("", 1)
    wanted = [policies.get(c, default) for c in channels] or [default]
    return max(1, min(MAX_STEPS, max(wanted)))


def active_approvals(statement: Statement, now: datetime | None = None) -> list[Approval]:
    """Approvals of the current version that have neither been voided nor lapsed."""
    now = now or timezone.now()
    current = statement.current()
    if current is None:
        return []
    return list(
        Approval.objects.for_firm(statement.firm_id)
        .filter(statement=statement, version=current, voided_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=now))
        .select_related("approved_by")
        .order_by("step")
    )


def _refresh_state(statement: Statement) -> None:
    if statement.state in (StatementState.SCHEDULED, StatementState.PUBLISHED):
        return
    count = len(active_approvals(statement))
    needed = steps_required(statement.firm, statement.channels)
    state = (
        StatementState.APPROVED
        if count >= needed
        else StatementState.REVIEW
        if count
        else statement.state
        if statement.state in (StatementState.DRAFT, StatementState.REVIEW)
        else StatementState.DRAFT
    )
    if state != statement.state:
        statement.state = state
        statement.save(update_fields=["state"])


@transaction.atomic
def approve(
    statement: Statement,
    *,
    approver: Membership,
    version_number: int,
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> Approval:
    """Approve the version the approver read.

    Refused when: the role lacks APPROVE; a newer version exists (the words changed while
    they read); the approver wrote this version or the statement; they already approved
    it; the version is flagged and no written reason is given. The flags as seen are kept
    with the approval, and an override is its own event on the timeline.
    """
    if not approver.can(Action.APPROVE) or approver.firm_id != statement.firm_id:
        raise StatementError(_("Your role may not approve statements."))
    statement = locked(statement)
    if statement.state in (StatementState.SCHEDULED, StatementState.PUBLISHED):
        raise StatementError(_("This statement is already scheduled or published."))
    version = statement.current()
    if version is None or version.number != version_number:
        raise StatementError(
            _("The text changed while you were reading it: read the new version and approve it.")
        )
    person = approver.person
    if person.pk in (version.created_by_id, statement.created_by_id):
        raise StatementError(_("Nobody approves their own draft: another approver must."))
    given = active_approvals(statement)
    if any(a.approved_by_id == person.pk for a in given):
        raise StatementError(_("You have already approved this version."))
    flags = check_version_text(
        statement.firm, version.text, version.translation, statement.language
    )
    override_reason = override_reason.strip()
    if flags and len(override_reason) < 10:
        raise StatementError(
            _(
                "The checker flagged this version. Edit it, or write why it may be published "
                "as it is (at least 10 characters)."
            )
        )
    valid_until = statement.publish_at + APPROVAL_GRACE if statement.publish_at else None
    if valid_until is not None and valid_until < timezone.now():
        raise StatementError(_("The intended publish time has passed: set a new one first."))
    approval = Approval.objects.create(
        firm_id=statement.firm_id,
        statement=statement,
        version=version,
        step=len(given) + 1,
        approved_by=person,
        override_reason=override_reason if flags else "",
        flags_seen=flags,
        valid_until=valid_until,
    )
    detail: dict[str, Any] = {
        "version": version.number,
        "step": approval.step,
        "steps_required": steps_required(statement.firm, statement.channels),
    }
    if flags:
        detail["override_reason"] = override_reason
        detail["flags"] = sorted({f["kind"] for f in flags})
        on_timeline(
            statement,
            "statement.override",
            f"{statement.title}: {override_reason}",
            actor=person,
            detail=detail,
            request=request,
            target=approval,
        )
    on_timeline(
        statement,
        "statement.approved",
        f"{statement.title} (v{version.number}, step {approval.step})",
        actor=person,
        detail=detail,
        request=request,
        target=approval,
    )
    _refresh_state(statement)
    return approval


def set_intended_time(statement: Statement, when: datetime | None) -> None:
    """The time the drafter means the statement to go out; approvals given for another
    time no longer hold."""
    statement.publish_at = when
    statement.save(update_fields=["publish_at"])
    if void_approvals(statement, _("publish time changed"), actor=None):
        statement.state = StatementState.DRAFT
        statement.save(update_fields=["state"])
