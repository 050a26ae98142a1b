"""Turning mentions into alerts: instant triggers on new mentions, detectors on the curves.

Both end in :func:`tocsin.alerts.services.raise_alert`, which names each event with a key
so that one event is one alert, whichever path or worker sees it first.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tocsin.alerts import rollups, services
from tocsin.alerts.detector import SENSITIVITIES, SpikeDetector
from tocsin.alerts.models import (
    CURVE_SIGNALS,
    INSTANT_SIGNALS,
    Alert,
    AlertRule,
    EventKey,
    Series,
    Severity,
    Signal,
)
from tocsin.firms.models import Firm
from tocsin.mentions.models import CrisisType, Mention, Sentiment

#: Vocabulary of a breach or a fraud, French and English (word starts, accents optional).
BREACH_WORDS = re.compile(
    r"\b(fuites? de donn[ée]es|donn[ée]es (?:vol[ée]es|pirat[ée]es|expos[ée]es)|piratage|"
    r"pirat[ée]s?|hack(?:[ée]|ed|ers?)?|ran[çc]on\w*|ransomware|cyber-?attaque\w*|"
    r"data breach|data leak|leak(?:ed|s)?|vol de donn[ée]es|fraudes?|frauduleu\w*|fraud\w*|"
    r"escroquer\w*|escroc\w*|arnaques?|d[ée]tournements?|embezzl\w*|phishing|"
    r"hame[çc]onnage|scam\w*)\b",
    re.IGNORECASE,
)
DEFAULT_THRESHOLDS: dict[str, int] = {
    Signal.HIGH_RISK: rollups.HIGH_RISK,
    Signal.LOW_RATING: 2,
    Signal.LARGE_REACH: 10_000,
}
# Which trigger names an instant alert when several fire on one story.
_PRIORITY = [Signal.HIGH_RISK, Signal.BREACH_WORDS, Signal.LARGE_REACH, Signal.LOW_RATING]
#: Risk from which an alert is critical (sent even in quiet hours).
CRITICAL_RISK = 85
#: Spike score from which a curve alert is critical (rarer than about once in three years).
CRITICAL_SCORE = 0.85
#: Hours closed longer ago than this are learnt silently (a worker catching up after a
#: pause, or the first run over a firm's history) unless the caller asks for history.
RECENT = timedelta(hours=3)
#: How far back a first detector run reads a firm's history.
HISTORY = timedelta(days=60)


def _max_age() -> timedelta:
    """A mention published longer ago (an import, a backfill) never raises an instant alert."""
    return timedelta(days=getattr(settings, "TOCSIN_ALERT_MAX_AGE_DAYS", 7))


def fired(mention: Mention, rules: dict[str, AlertRule]) -> list[str]:
    """The instant signals this mention sets off, under the firm's enabled rules."""
    out: list[str] = []

    def threshold(signal: str) -> int:
        rule = rules[signal]
        return rule.threshold if rule.threshold is not None else DEFAULT_THRESHOLDS[signal]

    if Signal.HIGH_RISK in rules and mention.risk >= threshold(Signal.HIGH_RISK):
        out.append(Signal.HIGH_RISK)
    if Signal.BREACH_WORDS in rules and BREACH_WORDS.search(f"{mention.title}\n{mention.text}"):
        out.append(Signal.BREACH_WORDS)
    if (
        Signal.LARGE_REACH in rules
        and mention.reach is not None
        and mention.reach >= threshold(Signal.LARGE_REACH)
        and mention.sentiment == Sentiment.NEGATIVE
    ):
        out.append(Signal.LARGE_REACH)
    if (
        Signal.LOW_RATING in rules
        and mention.rating is not None
        and mention.rating <= threshold(Signal.LOW_RATING)
    ):
        out.append(Signal.LOW_RATING)
    return out


def instant(firm: Firm, mention_ids: Iterable[int], now: datetime | None = None) -> list[Alert]:
    """Check new mentions against the instant rules; one alert per story (event)."""
    now = now or timezone.now()
    rules = {
        r.signal: r for r in services.rules_of(firm) if r.enabled and r.signal in INSTANT_SIGNALS
    }
    if not rules:
        return []
    mentions = Mention.objects.for_firm(firm).filter(
        pk__in=list(mention_ids), published_at__gte=now - _max_age()
    )
    by_story: dict[str, tuple[list[Mention], set[str]]] = {}
    for mention in mentions:
        found = fired(mention, rules)
        if found:
            key = f"story:{mention.story_id}" if mention.story_id else f"mention:{mention.pk}"
            group = by_story.setdefault(key, ([], set()))
            group[0].append(mention)
            group[1].update(found)
    # Stories already told (by this process's first pass, another worker, an earlier
    # batch) join their alert in one step per alert: a storm's batch names dozens of them.
    known = dict(
        EventKey.objects.for_firm(firm)
        .filter(key__in=list(by_story))
        .values_list("key", "alert_id")
    )
    joining: dict[int, list[tuple[list[Mention], set[str]]]] = {}
    for key, alert_id in known.items():
        joining.setdefault(alert_id, []).append(by_story.pop(key))
    for alert in Alert.objects.for_firm(firm).filter(pk__in=list(joining)):
        groups = joining[alert.pk]
        services.join(
            alert,
            keys=[],
            triggers=sorted(set().union(*(signals for _m, signals in groups))),
            mentions=[m for group_mentions, _s in groups for m in group_mentions],
            severity=_worst(_severity(m) for m, _s in groups),
            now=now,
        )
    raised: list[Alert] = []
    # New stories, by the trigger that names them, in time order: the first raises its
    # alert (or joins the open one of its kind); the stories of this batch close to it in
    # time join that same alert in one step; a story far from it (a backfill) starts again.
    by_primary: dict[str, list[tuple[str, list[Mention], set[str]]]] = {}
    for key, (group_mentions, signals) in by_story.items():
        named = str(next(s for s in _PRIORITY if s in signals))
        by_primary.setdefault(named, []).append((key, group_mentions, signals))
    for primary, events in by_primary.items():
        events.sort(key=lambda event: _started(event[1]))
        while events:
            key, group_mentions, signals = events.pop(0)
            top = max(group_mentions, key=lambda m: (m.risk, m.reach or 0))
            alert = services.raise_alert(
                firm,
                key=key,
                rule=rules[primary],
                signal=primary,
                triggers=sorted(signals),
                severity=_severity(group_mentions),
                title=(top.title or top.text)[:200],
                facts={
                    "risk": top.risk,
                    "reach": top.reach,
                    "rating": top.rating,
                    "source": top.source_label,
                    "author": top.author,
                    "reasons": top.reasons[:5] if isinstance(top.reasons, list) else [],
                },
                started_at=_started(group_mentions),
                mentions=group_mentions,
                now=now,
            )
            if alert is not None:
                raised.append(alert)
            horizon = _started(group_mentions) + services.INSTANT_GROUPING
            near = [event for event in events if _started(event[1]) <= horizon]
            if not near:
                continue
            events = events[len(near) :]
            target = alert or services.alert_for_key(firm, key)
            if target is not None:
                services.join(
                    target,
                    keys=[k for k, _m, _s in near],
                    triggers=sorted(set().union(*(signals for _k, _m, signals in near))),
                    mentions=[m for _k, group, _s in near for m in group],
                    severity=_worst(_severity(m) for _k, m, _s in near),
                    now=now,
                )
    return raised


def _worst(severities: Iterable[str]) -> str:
    return Severity.CRITICAL if Severity.CRITICAL in set(severities) else Severity.WARNING


def _started(mentions: list[Mention]) -> datetime:
    return min(m.published_at for m in mentions)


def _severity(mentions: list[Mention]) -> str:
    top = max(mentions, key=lambda m: (m.risk, m.reach or 0))
    critical = top.risk >= CRITICAL_RISK or (
        top.crisis_type == CrisisType.DATA_BREACH and top.sentiment == Sentiment.NEGATIVE
    )
    return Severity.CRITICAL if critical else Severity.WARNING


def _detector_for(series: Series, rule: AlertRule) -> SpikeDetector:
    if series.state:
        detector = SpikeDetector.from_dict(series.state)
        # A changed sensitivity applies from now on without forgetting what was learnt.
        detector.sensitivity = SENSITIVITIES[rule.sensitivity]
        detector.threshold = 1.0 - detector.sensitivity
        return detector
    offset = timezone.localtime(series.updated_at).utcoffset()
    return SpikeDetector(
        3600.0,
        sensitivity=rule.sensitivity,
        utc_offset=offset.total_seconds() if offset else 0.0,
    )


def _why_window(detector: SpikeDetector, code: int) -> tuple[float, bool]:
    """(hours compared, against the two-week baseline?) for a trigger code (1-based)."""
    if code <= 0:
        return 1.0, False
    return detector.windows[code - 1] * detector.step / 3600.0, detector.window_slow[code - 1]


def curves(firm: Firm, now: datetime | None = None, *, history: bool = False) -> list[Alert]:
    """Feed every hour that ended since the last run to the firm's detectors, save them, and
    score the current, unfinished hour on a copy (a storm is caught within minutes, not at
    the end of the hour; a partial count can only understate the hour, so a partial alert
    is never wrong, and the closed hour's alert, if any, lands on the same key).

    ``history``: also raise alerts for hours closed long ago (the demo's replayed storm).
    """
    now = now or timezone.now()
    current = rollups.hour_of(now)
    raised: list[Alert] = []
    rules = [
        r
        for r in services.rules_of(firm)
        if r.enabled and r.signal in CURVE_SIGNALS and r.signal != Signal.NEGATIVE_SHARE
    ]
    for rule in rules:
        raised += _run_series(firm, rule, now, current, history)
    share = next(
        (r for r in services.rules_of(firm) if r.enabled and r.signal == Signal.NEGATIVE_SHARE),
        None,
    )
    if share is not None:
        alert = _negative_share(firm, share, now, current)
        if alert is not None:
            raised.append(alert)
    return raised


def _run_series(
    firm: Firm, rule: AlertRule, now: datetime, current: datetime, history: bool
) -> list[Alert]:
    column = rollups.column_of(rule.signal)
    found: list[tuple[datetime, float, int, float, float]] = []  # hour, score, code, seen, hrs
    with transaction.atomic():
        series, _ = (
            Series.objects.for_firm(firm)
            .select_for_update()
            .get_or_create(firm=firm, signal=rule.signal)
        )
        detector = _detector_for(series, rule)
        start = series.next_hour
        if start is None:
            first = (
                rollups.Rollup.objects.for_firm(firm)
                .filter(hour__gte=current - HISTORY)
                .order_by("hour")
                .values_list("hour", flat=True)
                .first()
            )
            start = min(first, current) if first is not None else current
        if start < current:
            counts = rollups.values(firm, [column], start, current)[column]
            if detector.origin is None:
                scores, alerts = detector.run(counts, start=start.timestamp())
            else:
                scores, alerts = detector.run(counts)
            codes = detector.last_trigger
            for i in map(int, alerts.nonzero()[0]):
                hour = start + i * rollups.HOUR
                if history or hour >= now - RECENT:
                    hours, _slow = _why_window(detector, int(codes[i]))
                    seen = float(counts[max(0, i + 1 - int(hours)) : i + 1].sum())
                    found.append((hour, float(scores[i]), int(codes[i]), seen, hours))
        series.next_hour = current
        series.state = detector.to_dict()
        series.updated_at = now
        series.save()
    partial = rollups.values(firm, [column], current, current + rollups.HOUR)[column][0]
    if partial > 0:
        peek = copy.deepcopy(detector)
        if peek.origin is None:
            peek.origin = current.timestamp()
        score, alert = peek.update(current.timestamp(), partial)
        if alert:
            code = int(peek.last_trigger[-1])
            hours, _slow = _why_window(peek, code)
            seen = float(peek.hist_values[-int(hours) :].sum())
            found.append((current, score, code, seen, hours))
    raised: list[Alert] = []
    for hour, score, code, seen, hours in found:
        slow = _why_window(detector, code)[1]
        expected = _expected(firm, column, hour, hours, slow)
        spike = _raise_spike(firm, rule, hour, score, seen, expected, hours, slow, now)
        if spike is not None:
            raised.append(spike)
    return raised


def _expected(firm: Firm, column: str, hour: datetime, hours: float, slow: bool) -> float:
    """What the window usually holds: the same span's average over the previous two weeks
    (or the previous day, for the recent level), for the why; the detector's own
    expectation also weighs seasonality, so this is the plain figure a person checks."""
    span = timedelta(hours=hours)
    back = timedelta(days=14 if slow else 1)
    end = hour + rollups.HOUR - span
    counts = rollups.values(firm, [column], end - back, end)[column]
    return float(counts.sum()) * hours / max(len(counts), 1)


def _raise_spike(
    firm: Firm,
    rule: AlertRule,
    hour: datetime,
    score: float,
    seen: float,
    expected: float,
    hours: float,
    slow: bool,
    now: datetime,
) -> Alert | None:
    column = rollups.column_of(rule.signal)
    since = hour + rollups.HOUR - timedelta(hours=hours)
    queryset = Mention.objects.for_firm(firm).filter(
        published_at__gte=since, published_at__lt=hour + rollups.HOUR
    )
    if column == "negative":
        queryset = queryset.filter(sentiment=Sentiment.NEGATIVE)
    elif column != "volume":
        queryset = queryset.filter(crisis_type=column)
    behind = list(queryset.order_by("-risk", "-published_at")[:20])
    return services.raise_alert(
        firm,
        key=f"storm:{hour:%Y%m%d%H}",
        rule=rule,
        signal=rule.signal,
        triggers=[rule.signal],
        severity=Severity.CRITICAL if score >= CRITICAL_SCORE else Severity.WARNING,
        title="",
        facts={
            "score": round(score, 3),
            "observed": int(seen),
            "expected": round(expected, 1),
            "window_hours": hours,
            "baseline": "two_weeks" if slow else "recent",
            "hour": hour.isoformat(),
        },
        started_at=hour,
        mentions=behind,
        now=now,
        storm=True,
    )


def _negative_share(firm: Firm, rule: AlertRule, now: datetime, current: datetime) -> Alert | None:
    """The share of negative mentions over the last six hours against the two weeks before:
    a beta-binomial upper tail (the baseline share is uncertain for a small firm), at least
    five negative mentions, and the same score scale as the detector."""
    from scipy.stats import betabinom

    end = current + rollups.HOUR
    recent = rollups.values(firm, ["volume", "negative"], end - timedelta(hours=6), end)
    base = rollups.values(
        firm, ["volume", "negative"], end - timedelta(days=15), end - timedelta(hours=6)
    )
    n, k = int(recent["volume"].sum()), int(recent["negative"].sum())
    if k < 5:
        return None
    b_n, b_k = float(base["volume"].sum()), float(base["negative"].sum())
    # Prior: one negative in four mentions, worth eight mentions of evidence.
    a, b = 2.0 + b_k, 6.0 + (b_n - b_k)
    p = float(betabinom.sf(k - 1, n, a, b))
    # Six-hour windows: ~4 a day; return period in days mapped like the detector's score.
    import math

    period_days = 1.0 / max(p * 4.0, 1e-12)
    score = min(1.0, max(0.0, math.log(max(period_days, 1.0)) / math.log(3650.0)))
    if score < 1.0 - SENSITIVITIES[rule.sensitivity]:
        return None
    behind = list(
        Mention.objects.for_firm(firm)
        .filter(published_at__gte=end - timedelta(hours=6), sentiment=Sentiment.NEGATIVE)
        .order_by("-risk")[:20]
    )
    return services.raise_alert(
        firm,
        key=f"storm:{current:%Y%m%d%H}",
        rule=rule,
        signal=rule.signal,
        triggers=[rule.signal],
        severity=Severity.CRITICAL if score >= CRITICAL_SCORE else Severity.WARNING,
        title="",
        facts={
            "score": round(score, 3),
            "observed": k,
            "volume": n,
            "share": round(k / max(n, 1), 3),
            "baseline_share": round(a / (a + b), 3),
            "window_hours": 6,
            "hour": current.isoformat(),
        },
        started_at=current,
        mentions=behind,
        now=now,
        storm=True,
    )


def suggested(mentions: list[Mention]) -> tuple[str, int]:
    """The crisis type most of the mentions point to, and their highest risk."""
    types = Counter(m.crisis_type for m in mentions if m.crisis_type != CrisisType.NONE)
    crisis_type = types.most_common(1)[0][0] if types else ""
    return crisis_type, max((m.risk for m in mentions), default=0)
