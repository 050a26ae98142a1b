"""Roles in a firm and what each may do. The one table every view and API call consults."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PARTNER = "partner", _("Partner")
    COMMUNICATOR = "communicator", _("Communicator")
    VIEWER = "viewer", _("Viewer")


class Action(StrEnum):
    """What a person may do in a firm; each role is a set of these."""

    VIEW = "view"  # read everything of the firm
    EDIT = "edit"  # triage mentions, draft answers, run the playbook
    APPROVE = "approve"  # approve public statements, open and close crises, see the audit
    MANAGE = "manage"  # team, roles, sources, channels, firm settings, others' tokens


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.COMMUNICATOR: frozenset({Action.VIEW, Action.EDIT}),
    Role.PARTNER: frozenset({Action.VIEW, Action.EDIT, Action.APPROVE}),
    Role.ADMIN: frozenset({Action.VIEW, Action.EDIT, Action.APPROVE, Action.MANAGE}),
}

# Roles for which a firm may make two-factor sign-in mandatory.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.PARTNER})


def role_can(role: str, action: Action) -> bool:
    return action in ROLE_ACTIONS.get(role, frozenset())
