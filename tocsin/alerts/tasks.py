"""Celery entry points of the alerts app; each only calls services.

Beat entries the settings need (see the report): ``alerts.sweep`` every 60 s (retries,
quiet hours ending, snoozes ending, escalations), ``alerts.run_curves`` every 60 s (the
detectors over every firm's hours), ``alerts.send_digests`` every hour.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tocsin.alerts import detection, notify, rollups
from tocsin.alerts.models import AlertRule, Rollup
from tocsin.firms.models import Firm
from tocsin.mentions.models import Mention


def process(firm: Firm, mention_ids: list[int]) -> int:
    """New mentions of one firm: recount their hours, check the instant triggers, run the
    detectors (the current hour included), then tell people. Returns alerts raised."""
    now = timezone.now()
    moments = (
        Mention.objects.for_firm(firm)
        .filter(pk__in=mention_ids)
        .values_list("published_at", flat=True)
    )
    rollups.refresh(firm, list(moments))
    raised = detection.instant(firm, mention_ids, now=now)
    raised += detection.curves(firm, now=now)
    for alert in raised:
        notify.dispatch(alert, now=now)
    return len(raised)


@shared_task(name="alerts.process_mentions")
def process_mentions(firm_id: int, mention_ids: list[int]) -> int:
    firm = Firm.objects.filter(pk=firm_id).first()
    if firm is None:
        return 0
    return process(firm, mention_ids)


@shared_task(name="alerts.run_curves")
def run_curves() -> int:
    """Close the hours that ended for every firm with curves (a quiet hour is news too:
    the detector learns the zeros), and tell people of what that raised."""
    now = timezone.now()
    firm_ids = set(Rollup.unscoped.values_list("firm_id", flat=True).distinct()) | set(
        AlertRule.unscoped.filter(enabled=True).values_list("firm_id", flat=True).distinct()
    )
    raised = 0
    for firm in Firm.objects.filter(pk__in=firm_ids):
        for alert in detection.curves(firm, now=now):
            notify.dispatch(alert, now=now)
            raised += 1
    return raised


@shared_task(name="alerts.sweep")
def sweep() -> dict[str, int]:
    return notify.sweep()


@shared_task(name="alerts.send_digests")
def send_digests() -> int:
    return notify.send_digests()
