"""When is a firm's sentiment back to its pre-crisis baseline? Our rule against a naive one.

Synthetic firms (3, 10 or 40 mentions a day; 5, 15 or 30 % negative before the crisis) go
through a storm (5x the volume, 70 % negative for 3-7 days), a recovery whose negative share
decays to the baseline with a half-life of 2, 5 or 10 days, and in a third of the cases a
second, smaller wave. The true day of return is the first day after the last wave on which
the *expected* negative share is within the tolerance of the baseline (the same tolerance
both rules use). Counts are Poisson and binomial draws, so a small firm's curve is noisy.

Ours (``tocsin.recovery.sentiment.recovery_of``): 7-day rolling share at the baseline and
staying there a week. Naive: the first day after the peak whose daily share is at the
baseline. Reported: the share of scenarios called back too early (before the true day), the
median and 90th percentile of the delay after the true day, and the scenarios never called
back within 90 days. Usage: ``.venv/bin/python bench/recovery_baseline.py [--runs 600]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocsin.settings")

import django

django.setup()

from tocsin.mentions.charts import Day  # noqa: E402
from tocsin.recovery.sentiment import BASELINE_DAYS, recovery_of, threshold_for  # noqa: E402

HORIZON = 90
START = date(2026, 1, 1)


def scenario(rng: np.random.Generator) -> tuple[list[Day], date, int]:
    """Daily counts, the crisis day and the true day of return (days after the crisis)."""
    volume = float(rng.choice([3.0, 10.0, 40.0]))
    p0 = float(rng.choice([0.05, 0.15, 0.30]))
    storm = int(rng.integers(3, 8))
    half_life = float(rng.choice([2.0, 5.0, 10.0]))
    second = bool(rng.random() < 1 / 3)
    wave_at = storm + int(rng.integers(6, 12))
    threshold = threshold_for(p0)
    expected: list[float] = []
    for t in range(HORIZON):
        p = 0.7 if t < storm else p0 + (0.7 - p0) * 0.5 ** ((t - storm) / half_life)
        if second and wave_at <= t < wave_at + 3:
            p = max(p, 0.55)
        elif second and t >= wave_at + 3:
            p = max(p, p0 + (0.55 - p0) * 0.5 ** ((t - wave_at - 3) / half_life))
        expected.append(p)
    last_wave_end = wave_at + 3 if second else storm
    truth = next((t for t in range(last_wave_end, HORIZON) if expected[t] <= threshold), HORIZON)
    days: list[Day] = []
    crisis_day = START + timedelta(days=BASELINE_DAYS)
    for t in range(-BASELINE_DAYS, HORIZON):
        p = p0 if t < 0 else expected[t]
        lam = volume * (5.0 if 0 <= t < storm else 1.0)
        total = int(rng.poisson(lam))
        days.append(Day(crisis_day + timedelta(days=t), total, int(rng.binomial(total, p))))
    return days, crisis_day, truth


def naive(days: list[Day], crisis_day: date) -> int | None:
    before = [d for d in days if d.day < crisis_day]
    total = sum(d.total for d in before)
    if not total:
        return None
    threshold = threshold_for(sum(d.negative for d in before) / total)
    since = [d for d in days if d.day >= crisis_day and d.total]
    peak = max(since, key=lambda d: d.negative / d.total)
    for d in since:
        if d.day > peak.day and d.negative / d.total <= threshold:
            return (d.day - crisis_day).days
    return None


def summarise(name: str, calls: list[int | None], truths: list[int]) -> None:
    early = sum(1 for c, t in zip(calls, truths, strict=True) if c is not None and c < t)
    delays = [c - t for c, t in zip(calls, truths, strict=True) if c is not None and c >= t]
    missed = sum(1 for c in calls if c is None)
    n = len(calls)
    p90 = sorted(delays)[int(0.9 * (len(delays) - 1))] if delays else 0
    print(
        f"{name:<28} early {100 * early / n:5.1f} %   delay median "
        f"{statistics.median(delays) if delays else 0:4.1f} d, p90 {p90:3d} d   "
        f"never {100 * missed / n:4.1f} %"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    ours: list[int | None] = []
    theirs: list[int | None] = []
    truths: list[int] = []
    for _ in range(args.runs):
        days, crisis_day, truth = scenario(rng)
        result = recovery_of(days, crisis_day)
        ours.append((result.back_on - crisis_day).days if result.back_on else None)
        theirs.append(naive(days, crisis_day))
        truths.append(truth)
    print(f"{args.runs} synthetic crises, seed {args.seed}")
    summarise("ours (7-day share, held)", ours, truths)
    summarise("naive (first calm day)", theirs, truths)


if __name__ == "__main__":
    main()
