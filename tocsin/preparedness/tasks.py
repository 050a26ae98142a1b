"""Celery entry points of preparation (they only call services)."""

from __future__ import annotations

from celery import shared_task

from tocsin.preparedness import drills, services
from tocsin.preparedness.models import Audit


@shared_task(name="preparedness.run_checks", acks_late=True)
def run_checks(audit_id: int, firm_id: int, dkim_selectors: list[str] | None = None) -> int:
    """Run the website and mail-domain checks of one audit (network-bound: off the request).
    Returns how many findings were stored."""
    audit = Audit.objects.for_firm(firm_id).get(pk=audit_id)
    audit = services.run_audit_checks(audit, dkim_selectors=dkim_selectors)
    return len(audit.checks)


@shared_task(name="preparedness.drill_tick", acks_late=True)
def drill_tick() -> int:
    """Deliver every running drill's due injects (every 30 s from beat; idempotent)."""
    return drills.tick()
