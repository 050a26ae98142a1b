"""Sentiment tracked back to its pre-crisis baseline, from the firm's mentions.

The baseline is the share of negative mentions in the 30 days before the firm became aware
of the crisis. After the crisis starts we follow the daily negative share and its 7-day
rolling share (a small firm has a handful of mentions a day: one angry post would swing a
daily share, a week's share is steadier). The firm is back to its baseline on the first day
after the worst week whose rolling share is within tolerance of the baseline and stays
there for a further week: a single calm day between two waves is not a recovery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from tocsin.crises.models import Crisis
from tocsin.mentions.charts import Day
from tocsin.mentions.models import Mention, Sentiment

BASELINE_DAYS = 30
WINDOW_DAYS = 7
# Days the rolling share must stay at the baseline before we call it a recovery.
HOLD_DAYS = 7
# "Back to baseline" allows a little noise: five points, or a quarter of the baseline for
# a firm that is often criticised (a 40 % baseline is not missed by reaching 45 %).
TOLERANCE_POINTS = 0.05
TOLERANCE_RATIO = 0.25


@dataclass(frozen=True)
class DayShare:
    day: date
    total: int
    negative: int
    share: float | None  # the day's negative share, None on a day without mentions
    rolling: float | None  # the share over the WINDOW_DAYS ending on this day


@dataclass
class Recovery:
    """The curve since the crisis began and what it says."""

    crisis_day: date
    baseline: float | None  # None: no mention in the 30 days before, nothing to compare to
    baseline_total: int
    threshold: float | None
    days: list[DayShare] = field(default_factory=list)
    peak: DayShare | None = None
    back_on: date | None = None

    @property
    def is_back(self) -> bool:
        return self.back_on is not None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def daily_counts(firm_id: int, start: date, end: date) -> list[Day]:
    """Mentions and negative mentions per local day from ``start`` to ``end`` inclusive,
    every day present (zero when quiet) so that charts keep an honest time axis."""
    rows = (
        Mention.objects.for_firm(firm_id)
        .filter(published_at__gte=_start_of(start), published_at__lt=_start_of(end + timedelta(1)))
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Count("id"), negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)))
        .order_by("day")
    )
    counts = {r["day"]: (r["total"], r["negative"]) for r in rows}
    days = []
    current = start
    while current <= end:
        total, negative = counts.get(current, (0, 0))
        days.append(Day(current, total, negative))
        current += timedelta(days=1)
    return days


def threshold_for(baseline: float) -> float:
    return baseline + max(TOLERANCE_POINTS, TOLERANCE_RATIO * baseline)


def track(crisis: Crisis, *, today: date | None = None) -> Recovery:
    """The negative-share curve of the crisis's firm from the day it became aware until
    ``today`` (default: the current local date), the baseline and the day of return."""
    today = today or timezone.localdate()
    crisis_day = timezone.localdate(crisis.awareness_at)
    first = crisis_day - timedelta(days=BASELINE_DAYS)
    return recovery_of(daily_counts(crisis.firm_id, first, max(today, crisis_day)), crisis_day)


def recovery_of(counts: list[Day], crisis_day: date) -> Recovery:
    """The pure part of :func:`track`: from daily counts (the baseline days first, every
    day present) to the curve and the day of return. No database: the bench calls it."""
    before = [d for d in counts if d.day < crisis_day]
    base_total = sum(d.total for d in before)
    baseline = sum(d.negative for d in before) / base_total if base_total else None
    result = Recovery(
        crisis_day=crisis_day,
        baseline=baseline,
        baseline_total=base_total,
        threshold=threshold_for(baseline) if baseline is not None else None,
    )
    for index, d in enumerate(counts):
        if d.day < crisis_day:
            continue
        window = counts[max(0, index - WINDOW_DAYS + 1) : index + 1]
        w_total = sum(x.total for x in window)
        result.days.append(
            DayShare(
                day=d.day,
                total=d.total,
                negative=d.negative,
                share=d.negative / d.total if d.total else None,
                rolling=sum(x.negative for x in window) / w_total if w_total else None,
            )
        )
    result.back_on = _back_on(result)
    return result


def _back_on(result: Recovery) -> date | None:
    known = [d for d in result.days if d.rolling is not None]
    if result.threshold is None or not known:
        return None
    peak = max(known, key=lambda d: d.rolling or 0.0)
    result.peak = peak
    threshold = result.threshold
    if (peak.rolling or 0.0) <= threshold:
        # The negative share never left its usual range: nothing to recover from.
        return result.crisis_day
    after = [d for d in known if d.day > peak.day]
    # Days without any mention in the window carry no evidence either way: skipped.
    for start in range(len(after)):
        run = after[start : start + HOLD_DAYS]
        if len(run) == HOLD_DAYS and all((d.rolling or 0.0) <= threshold for d in run):
            return run[0].day
    return None
