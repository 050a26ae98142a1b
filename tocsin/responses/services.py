"""What the responses stage does: draft, check, approve, publish, freeze, remind, answer.

The one surface views, the API, tasks and commands call; the work is split by noun into
``drafting``, ``approval``, ``publishing`` and ``follow_up``.

Views, the API, tasks and commands all call these functions. The rules live here, not in
the pages: nobody approves their own words; an approval is for one version and any edit
voids it; a flagged version is approved only with a written reason; nothing is published
without enough approvals for its channels; a freeze stops everything but the people it
names; and a publication is claimed with a conditional update before it is sent, so it is
never sent twice. Every decision lands in the audit journal, and on the crisis timeline
when the statement belongs to a crisis.
"""

from __future__ import annotations

from tocsin.firms import audit
from tocsin.responses.approval import (
    active_approvals,
    approve,
    set_channels,
    set_intended_time,
    steps_required,
)
from tocsin.responses.drafting import (
    APPROVAL_GRACE,
    MAX_STEPS,
    MAX_TEXT,
    PUBLIC_KINDS,
    StatementError,
    check,
    check_version_text,
    create_statement,
    firm_context,
    save_version,
    submit,
)
from tocsin.responses.follow_up import (
    Suggestion,
    crises_of,
    draft_reply,
    last_public_update,
    next_update_due,
    remind_updates,
    reply_channel,
    set_cadence,
    suggestions,
    variables_for,
)
from tocsin.responses.publishing import (
    active_freeze,
    check_account,
    freeze,
    lift_freeze,
    may_post_now,
    publish,
    publish_due,
    retry,
    send,
    targets_for,
    warnings_for,
)

__all__ = [
    "APPROVAL_GRACE",
    "MAX_STEPS",
    "MAX_TEXT",
    "PUBLIC_KINDS",
    "StatementError",
    "Suggestion",
    "active_approvals",
    "active_freeze",
    "approve",
    "audit",
    "check",
    "check_account",
    "check_version_text",
    "create_statement",
    "crises_of",
    "draft_reply",
    "firm_context",
    "freeze",
    "last_public_update",
    "lift_freeze",
    "may_post_now",
    "next_update_due",
    "publish",
    "publish_due",
    "remind_updates",
    "reply_channel",
    "retry",
    "save_version",
    "send",
    "set_cadence",
    "set_channels",
    "set_intended_time",
    "steps_required",
    "submit",
    "suggestions",
    "targets_for",
    "variables_for",
    "warnings_for",
]
