"""Background work of the firms app."""

from __future__ import annotations

import logging

from celery import shared_task

from tocsin.firms import audit

log = logging.getLogger(__name__)


@shared_task(name="firms.verify_audit_trail", acks_late=True)
def verify_audit_trail() -> dict[str, int]:
    """Recompute the audit chain (scheduled nightly); a break is logged as an error."""
    checked, breaks = audit.verify()
    for item in breaks:
        log.error("audit trail broken at event %s: %s", item.seq, item.problem)
    return {"checked": checked, "breaks": len(breaks)}
