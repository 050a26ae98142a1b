"""Who may use each page and API call of preparation (walked by tests/test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable

from tocsin.preparedness import drills
from tocsin.preparedness.models import Audit
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
APPROVERS = {"admin", "partner"}

PAGES: dict[str, tuple[str, set[str]]] = {
    "prepare": ("GET", ALL),
    "audit_start": ("POST", EDITORS),
    "audit_detail": ("GET", ALL),
    "audit_save": ("POST", EDITORS),
    "audit_checks": ("POST", EDITORS),
    "drill_start": ("POST", APPROVERS),
    "drill_detail": ("GET", ALL),
    "drill_end": ("POST", APPROVERS),
    "drill_report_json": ("GET", ALL),
}

API: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/preparedness/questionnaire"): ALL,
    ("GET", "/api/v1/preparedness/audits"): ALL,
    ("POST", "/api/v1/preparedness/audits"): EDITORS,
    ("GET", "/api/v1/preparedness/audits/{audit_id}"): ALL,
    ("PATCH", "/api/v1/preparedness/audits/{audit_id}"): EDITORS,
    ("POST", "/api/v1/preparedness/audits/{audit_id}/checks"): EDITORS,
    ("GET", "/api/v1/preparedness/drills"): ALL,
    ("POST", "/api/v1/preparedness/drills"): APPROVERS,
    ("GET", "/api/v1/preparedness/drills/{drill_id}"): ALL,
    ("POST", "/api/v1/preparedness/drills/{drill_id}/end"): APPROVERS,
}


def _audit(cast: Cast) -> int:
    # No website and no domain: the checks have nothing to reach, so the walk stays offline.
    return Audit.objects.create(firm=cast.firm_a, answers={"mfa_email": "no"}).pk


def _drill(cast: Cast) -> int:
    return drills.start_drill(cast.firm_a, "client_dispute", by=cast.alice.person).pk


OBJECTS: dict[str, Callable[[Cast], int]] = {"audit_id": _audit, "drill_id": _drill}
