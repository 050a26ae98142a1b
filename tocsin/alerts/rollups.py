"""Hourly rollups of a firm's mentions: the curves every detector and picture reads.

A firm with millions of mentions has at most 8,760 rollup rows a year; detectors and
charts never scan mentions. After each ingest only the touched hours are recounted (an
indexed range scan over those hours' mentions), which makes the rollup idempotent: a
repeated signal, a late analysis or a correction recounted gives the same row.

A recount is not an increment, so a task redelivered after a worker died, or redone by the
stuck-work sweep, cannot count a mention twice. Two workers recounting the same firm at
once could still write their counts in the wrong order (the older snapshot last), so on
PostgreSQL a firm's recounts take turns behind a transaction-scoped advisory lock: each
count then starts after the previous writer committed and sees at least what it saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncHour

from tocsin.alerts.models import TYPE_SERIES, Rollup, Signal
from tocsin.firms.models import Firm
from tocsin.mentions.models import Mention, Sentiment

HOUR = timedelta(hours=1)
#: Risk from which a mention counts as high-risk in the rollup (and by default alerts).
HIGH_RISK = 70
_COUNTED = ("volume", "negative", "high_risk", *TYPE_SERIES)
_LOCK_SPACE = 0x7A11  # the advisory-lock namespace of rollup recounts ("rollups")


def hour_of(moment: datetime) -> datetime:
    """The start of the UTC hour holding ``moment``."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _spans(hours: list[datetime]) -> list[tuple[datetime, datetime]]:
    """Contiguous runs of hours as [start, end) ranges (few queries for a backfill)."""
    spans: list[tuple[datetime, datetime]] = []
    for h in sorted(set(hours)):
        if spans and spans[-1][1] == h:
            spans[-1] = (spans[-1][0], h + HOUR)
        else:
            spans.append((h, h + HOUR))
    return spans


def refresh(firm: Firm, moments: Iterable[datetime]) -> list[datetime]:
    """Recount the hours holding ``moments``; returns those hours, sorted."""
    hours = sorted({hour_of(m) for m in moments})
    if not hours:
        return []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_SPACE, firm.pk])
        _recount(firm, hours)
    return hours


def _recount(firm: Firm, hours: list[datetime]) -> None:
    spans = _spans(hours)
    rows: dict[datetime, Rollup] = {h: Rollup(firm=firm, hour=h) for h in hours}
    for chunk in range(0, len(spans), 50):
        where = Q()
        for start, end in spans[chunk : chunk + 50]:
            where |= Q(published_at__gte=start, published_at__lt=end)
        counts = (
            Mention.objects.for_firm(firm)
            .filter(where)
            .annotate(h=TruncHour("published_at", tzinfo=UTC))
            .values("h")
            .annotate(
                volume=Count("id"),
                negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
                high_risk=Count("id", filter=Q(risk__gte=HIGH_RISK)),
                **{t: Count("id", filter=Q(crisis_type=t)) for t in TYPE_SERIES},
            )
        )
        for c in counts:
            row = rows.get(hour_of(c["h"]))
            if row is not None:
                for name in _COUNTED:
                    setattr(row, name, c[name])
    Rollup.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["firm", "hour"],
        update_fields=list(_COUNTED),
    )


def rebuild(firm: Firm, since: datetime | None = None) -> int:
    """Recount every hour that has mentions (since ``since``): for the demo and repairs."""
    queryset = Mention.objects.for_firm(firm)
    if since is not None:
        queryset = queryset.filter(published_at__gte=since)
    moments = list(queryset.values_list("published_at", flat=True))
    return len(refresh(firm, moments))


def values(
    firm: Firm, columns: Iterable[str], start: datetime, end: datetime
) -> dict[str, np.ndarray]:
    """Hourly counts from ``start`` (an hour) to ``end`` (exclusive), zeros where no row."""
    columns = list(columns)
    n = max(0, int((end - start) / HOUR))
    out = {c: np.zeros(n) for c in columns}
    if n == 0:
        return out
    rows = (
        Rollup.objects.for_firm(firm)
        .filter(hour__gte=start, hour__lt=end)
        .values_list("hour", *columns)
    )
    for row in rows:
        i = int((row[0] - start) / HOUR)
        for j, c in enumerate(columns):
            out[c][i] = row[j + 1]
    return out


def column_of(signal: str) -> str:
    """The rollup column a curve signal is detected on (negative share: the negatives)."""
    if signal in (Signal.VOLUME, Signal.NEGATIVE):
        return signal
    if signal == Signal.NEGATIVE_SHARE:
        return "negative"
    return signal
