"""Who may use each page and API call of the recovery stage (walked by tests/test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.crises.models import Crisis, CrisisType
from tocsin.recovery import services
from tocsin.recovery.models import CorrectiveAction, Evidence
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
APPROVERS = {"admin", "partner"}


def crisis(cast: Cast) -> Crisis:
    return crises.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=CrisisType.ACCOUNTING_ERROR,
        title="Erreur de TVA",
        awareness_at=timezone.now() - timedelta(days=3),
    )


def action(cast: Cast) -> CorrectiveAction:
    return services.create_action(
        crisis(cast), title="Double contrôle des déclarations", owner=cast.colin, actor=None
    )


def evidence(cast: Cast) -> int:
    # A record without a stored file: the isolation walk must not write into MEDIA_ROOT.
    return Evidence.objects.create(
        firm=cast.firm_a, action=action(cast), file="recovery/none/missing.pdf", name="x.pdf"
    ).pk


PAGES: dict[str, tuple[str, set[str]]] = {
    "recovery": ("GET", ALL),
    "recovery_crisis": ("GET", ALL),
    "action_create": ("POST", EDITORS),
    "campaign_item_draft": ("POST", EDITORS),
    "recovery_report": ("GET", ALL),
    "recovery_report_pdf": ("GET", ALL),
    "recovery_lessons": ("POST", EDITORS),
    "recovery_finalise": ("POST", APPROVERS),
    "campaign_create": ("POST", EDITORS),
    "action_detail": ("GET", ALL),
    "action_update": ("POST", EDITORS),
    "action_public": ("POST", APPROVERS),
    "action_note": ("POST", EDITORS),
    "evidence_upload": ("POST", EDITORS),
    "evidence_file": ("GET", ALL),
    "campaign_item_create": ("POST", EDITORS),
}

API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/recovery/crises/{crisis_id}/actions"): ALL,
    ("POST", "/api/v1/recovery/crises/{crisis_id}/actions"): EDITORS,
    ("GET", "/api/v1/recovery/actions/{action_id}"): ALL,
    ("PATCH", "/api/v1/recovery/actions/{action_id}"): EDITORS,
    ("POST", "/api/v1/recovery/actions/{action_id}/notes"): EDITORS,
    ("GET", "/api/v1/recovery/crises/{crisis_id}/report"): ALL,
    ("GET", "/api/v1/recovery/crises/{crisis_id}/sentiment"): ALL,
}

OBJECTS: dict[str, Callable[[Cast], int]] = {
    "action_id": lambda cast: action(cast).pk,
    "evidence_id": evidence,
    "campaign_id": lambda cast: (
        services.create_campaign(crisis(cast), kind="training", title="Webinaire", actor=None).pk
    ),
    "item_id": lambda cast: (
        services.add_campaign_item(
            services.create_campaign(
                crisis(cast), kind="event", title="Portes ouvertes", actor=None
            ),
            title="Invitation",
            planned_at=timezone.now() + timedelta(days=7),
            channel="crisis_page",
            draft="Nous vous invitons à nos portes ouvertes.",
        ).pk
    ),
}
