"""Celery entry points of the alerts app; each only calls services.

Beat entries the settings need (see the report): ``alerts.sweep`` every 60 s (retries,
quiet hours ending, snoozes ending, escalations), ``alerts.run_curves`` every 60 s (the
detectors over every firm's hours), ``alerts.send_digests`` every hour,
``alerts.resume_stuck`` every 60 s (after-ingest work that never ran).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tocsin.alerts import detection, notify, rollups
from tocsin.alerts.models import Alert, AlertRule, Rollup
from tocsin.firms.models import Firm
from tocsin.mentions.models import Mention

log = logging.getLogger(__name__)
CURVE_INTERVAL = 20  # seconds
#: After-ingest work not done this long after storage is taken as lost and done again
#: (``TOCSIN_ALERTS_STUCK_AFTER`` seconds).
STUCK_AFTER = 60.0
RESUME_BATCH = 500  # mentions per process() call when the sweep resumes lost work


def process(firm: Firm, mention_ids: list[int], *, checked: bool = False) -> int:
    """New mentions of one firm: check the instant triggers and tell people, recount the
    mentions' hours, run the detectors (the current hour included). Returns alerts raised.

    ``checked``: the storing process already checked the instant triggers (see apps.py);
    they are checked again last, as a safety net that the event keys make a no-op.
    """
    now = timezone.now()
    raised: list[Alert] = []
    if not checked:  # a high-risk mention must not wait behind rollups and curves
        raised += _instant(firm, mention_ids, now)
    moments = (
        Mention.objects.for_firm(firm)
        .filter(pk__in=mention_ids)
        .values_list("published_at", flat=True)
    )
    rollups.refresh(firm, list(moments))
    # A firm under a storm sends a batch every few hundred milliseconds; its curves move by
    # the minute, so they are scored at most every CURVE_INTERVAL seconds (cache.add is
    # atomic across workers), while instant triggers, which cannot wait, run on every batch.
    if cache.add(f"alerts:curves:{firm.pk}", 1, timeout=CURVE_INTERVAL):
        for alert in detection.curves(firm, now=now):
            notify.dispatch(alert, now=now)
            raised.append(alert)
    if checked:
        raised += _instant(firm, mention_ids, now)
    # Done: the stuck-work sweep leaves these alone. Unanalysed mentions stay unmarked, so
    # that once ``analyse_pending`` has read them they are recounted and checked again.
    Mention.objects.for_firm(firm).filter(
        pk__in=mention_ids, processed_at__isnull=True, analysed=True
    ).update(processed_at=timezone.now())
    return len(raised)


def _instant(firm: Firm, mention_ids: list[int], now: datetime) -> list[Alert]:
    raised = detection.instant(firm, mention_ids, now=now)
    for alert in raised:
        notify.dispatch(alert, now=now)
    return raised


def instant_now(firm_id: int, mention_ids: list[int]) -> None:
    """The instant triggers of new mentions, run in a thread of the storing process."""
    try:
        firm = Firm.objects.filter(pk=firm_id).first()
        if firm is not None:
            now = timezone.now()
            for alert in detection.instant(firm, mention_ids, now=now):
                notify.dispatch(alert, now=now)
    except Exception:  # the worker checks the same mentions again; never fail the caller
        log.exception("instant alert check failed for firm %s", firm_id)
    finally:
        connection.close()


@shared_task(name="alerts.process_mentions")
def process_mentions(firm_id: int, mention_ids: list[int], checked: bool = False) -> int:
    firm = Firm.objects.filter(pk=firm_id).first()
    if firm is None:
        return 0
    return process(firm, mention_ids, checked=checked)


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


def resume_stuck(older_than: timedelta | None = None, limit: int = 5000) -> int:
    """Do again the after-ingest work of mentions stored more than ``older_than`` ago and
    never processed: the broker was down when they were stored, or the worker holding their
    task died (a Redis broker gives its message back only after an hour). Every step of
    :func:`process` is idempotent (recounts, event keys, delivery keys), so work that was in
    fact only slow is done twice without effect. Returns how many mentions were resumed."""
    if older_than is None:
        older_than = timedelta(
            seconds=float(getattr(settings, "TOCSIN_ALERTS_STUCK_AFTER", STUCK_AFTER))
        )
    # One sweep at a time: a sweep slower than beat's minute must not be doubled by the next.
    if not cache.add("alerts:resume_stuck", 1, timeout=600):
        return 0
    try:
        return _resume(timezone.now() - older_than, limit)
    finally:
        cache.delete("alerts:resume_stuck")


def _resume(cutoff: datetime, limit: int) -> int:
    stuck = list(
        Mention.unscoped.filter(processed_at__isnull=True, analysed=True, collected_at__lte=cutoff)
        .order_by("firm_id", "pk")
        .values_list("firm_id", "pk")[:limit]
    )
    by_firm: dict[int, list[int]] = {}
    for firm_id, pk in stuck:
        by_firm.setdefault(firm_id, []).append(pk)
    for firm in Firm.objects.filter(pk__in=list(by_firm)):
        ids = by_firm[firm.pk]
        log.warning("resuming the after-ingest work of %d mentions of firm %s", len(ids), firm.pk)
        for start in range(0, len(ids), RESUME_BATCH):
            process(firm, ids[start : start + RESUME_BATCH])
    return len(stuck)


@shared_task(name="alerts.resume_stuck")
def resume_stuck_work(older_than: float | None = None) -> int:
    """Beat's entry to :func:`resume_stuck`; ``older_than`` in seconds (tests shorten it)."""
    if older_than is None:
        return resume_stuck()
    return resume_stuck(timedelta(seconds=older_than))


@shared_task(name="alerts.send_digests")
def send_digests() -> int:
    return notify.send_digests()
