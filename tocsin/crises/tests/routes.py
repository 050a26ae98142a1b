"""Who may use each page and API call of the crisis room (walked by tests/test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from tocsin.crises import playbook as playbooks
from tocsin.crises import services
from tocsin.crises.models import BreachRecord, Crisis, CrisisType
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
APPROVERS = {"admin", "partner"}
ADMIN = {"admin"}


def breach(cast: Cast) -> Crisis:
    """A data-breach crisis of firm A: it has tasks, clocks, a CNIL draft and a register line."""
    return services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type=CrisisType.DATA_BREACH,
        title="Fuite de bulletins de paie",
        awareness_at=timezone.now() - timedelta(hours=2),
    )


PAGES: dict[str, tuple[str, set[str]]] = {
    "crises": ("GET", ALL),
    "crisis_open": ("POST", APPROVERS),
    "crisis_room": ("GET", ALL),
    "crisis_live": ("GET", ALL),
    "crisis_assess": ("POST", APPROVERS),
    "crisis_state": ("POST", APPROVERS),
    "crisis_role": ("POST", APPROVERS),
    "crisis_decision": ("POST", APPROVERS),
    "crisis_pin": ("POST", EDITORS),
    "crisis_notification": ("GET", ALL),
    "crisis_notification_save": ("POST", EDITORS),
    "crisis_notification_send": ("POST", APPROVERS),
    "crisis_timeline_json": ("GET", ALL),
    "crisis_timeline_print": ("GET", ALL),
    "crisis_timeline_pdf": ("GET", ALL),
    "task_done": ("POST", EDITORS),
    "task_check": ("POST", EDITORS),
    "clock_met": ("POST", EDITORS),
    "clock_waive": ("POST", APPROVERS),
    "breach_register": ("GET", ALL),
    "breach_record_save": ("POST", EDITORS),
    "playbooks": ("GET", ALL),
    "playbook_import": ("POST", ADMIN),
    "playbook_detail": ("GET", ALL),
    "playbook_yaml": ("GET", ALL),
    "playbook_edit": ("GET", ADMIN),
    "playbook_save": ("POST", ADMIN),
    "playbook_reviewed": ("POST", ADMIN),
}

API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/crises"): ALL,
    ("POST", "/api/v1/crises"): APPROVERS,
    ("GET", "/api/v1/crises/{crisis_id}"): ALL,
    ("PATCH", "/api/v1/crises/{crisis_id}"): APPROVERS,
    ("GET", "/api/v1/crises/{crisis_id}/timeline"): ALL,
    ("POST", "/api/v1/crises/{crisis_id}/decisions"): APPROVERS,
    ("POST", "/api/v1/crises/{crisis_id}/mentions"): EDITORS,
    ("PATCH", "/api/v1/crises/tasks/{task_id}"): EDITORS,
    ("PATCH", "/api/v1/crises/clocks/{clock_id}"): EDITORS,
    ("GET", "/api/v1/crises/playbooks"): ALL,
    ("POST", "/api/v1/crises/playbooks"): ADMIN,
    ("GET", "/api/v1/crises/playbooks/{playbook_id}"): ALL,
}

OBJECTS: dict[str, Callable[[Cast], int]] = {
    "crisis_id": lambda cast: breach(cast).pk,
    "task_id": lambda cast: breach(cast).tasks.all()[0].pk,
    "clock_id": lambda cast: breach(cast).clocks.all()[0].pk,
    "record_id": lambda cast: (
        BreachRecord.objects.for_firm(cast.firm_a).get(crisis=breach(cast)).pk
    ),
    "playbook_id": lambda cast: playbooks.current(cast.firm_a, CrisisType.DATA_BREACH, "fr").pk,
}
