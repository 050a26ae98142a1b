"""Synthetic mention-count streams with known crises, to tune and test the spike detector.

Real crises of accounting firms are rare and private, so the detector is judged on streams
whose truth we know, shaped like what firms see: office-hours peaks, quiet weekends, bursty
social media (gamma-mixed Poisson counts), a slow trend, and the four situations the product
must get right: a slow build-up, a sudden storm, a weekend lull that is not a crisis, and a
small firm's first negative review. The benches and the tests both use these generators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

HOUR = 3600
DAY = 86400
# A Monday, midnight UTC, so that weekdays and weekends fall where a reader expects.
MONDAY = 1_704_067_200.0  # 2024-01-01


@dataclass
class Stream:
    """A synthetic series: step in seconds, first timestamp, counts, and where the crisis is.

    ``event`` is the range of step indices where an alert counts as a hit (None: no crisis,
    every alert is false).
    """

    step: float
    start: float
    values: np.ndarray
    event: range | None


@dataclass
class Scenario:
    name: str
    step: float
    make: Callable[[int], Stream]


def office_profile(hours: np.ndarray, weekend_factor: float = 0.3) -> np.ndarray:
    """Relative mention rate by wall-clock time: nights quiet, office hours busy, weekends low."""
    hour = hours % 24
    day = (hours // 24) % 7  # 0 = Monday
    daily = 0.25 + 1.6 * np.exp(-0.5 * ((hour - 11.0) / 2.5) ** 2)
    daily += 1.0 * np.exp(-0.5 * ((hour - 16.0) / 2.0) ** 2)
    daily /= daily.mean() if daily.size >= 24 else 1.0
    return daily * np.where(day >= 5, weekend_factor, 1.0)


def large_firm(
    seed: int,
    days: int = 35,
    step: float = 900,
    per_hour: float = 30.0,
    burst_shape: float = 20.0,
    weekend_factor: float = 0.3,
    trend: float = 0.25,
) -> tuple[np.ndarray, np.ndarray]:
    """Counts per step for a busy firm, and the underlying rate (before any crisis is added)."""
    rng = np.random.default_rng(seed)
    n = int(days * DAY / step)
    hours = np.arange(n) * step / HOUR
    rate = per_hour * step / HOUR * office_profile(hours.astype(int), weekend_factor)
    rate = rate / office_profile(np.arange(24 * 7)).mean()
    rate *= 1.0 + trend * np.arange(n) / n
    # Burstiness: hourly gamma multipliers shared by the steps of the hour.
    hour_index = hours.astype(int)
    bursts = rng.gamma(burst_shape, 1.0 / burst_shape, size=hour_index[-1] + 1)[hour_index]
    return rng.poisson(rate * bursts).astype(float), rate


def sudden_storm(seed: int) -> Stream:
    """A video of an angry client goes viral on a Tuesday morning: x8 in an hour, decaying."""
    step = 900.0
    values, rate = large_firm(seed, step=step)
    rng = np.random.default_rng(seed + 1000)
    start = int((29 * DAY + rng.integers(8, 15) * HOUR) / step)
    length = int(12 * HOUR / step)
    shape = 8.0 * np.exp(-np.arange(length) * step / (4 * HOUR))
    values[start : start + length] += rng.poisson(rate[start : start + length] * shape)
    return Stream(step, MONDAY, values, range(start, start + length))


def slow_build_up(seed: int) -> Stream:
    """Complaints spread for two days: the rate climbs steadily to x2.5 over 48 hours."""
    step = 900.0
    values, rate = large_firm(seed, step=step)
    rng = np.random.default_rng(seed + 2000)
    start = int((28 * DAY + rng.integers(0, 24) * HOUR) / step)
    length = int(48 * HOUR / step)
    ramp = 1.5 * np.arange(length) / length
    values[start : start + length] += rng.poisson(rate[start : start + length] * ramp)
    return Stream(step, MONDAY, values, range(start, start + length))


def weekend_lull(seed: int) -> Stream:
    """Five weeks of a busy firm with very quiet weekends (x0.15) and nothing else."""
    values, _ = large_firm(seed, step=900.0, weekend_factor=0.15)
    return Stream(900.0, MONDAY, values, None)


def daily_peaks(seed: int) -> Stream:
    """Five weeks of 5-minute counts with strong office-hours peaks, no weekend dip, no crisis."""
    values, _ = large_firm(seed, step=300.0, weekend_factor=1.0, per_hour=60.0, burst_shape=30.0)
    return Stream(300.0, MONDAY, values, None)


def first_negative_review(seed: int) -> Stream:
    """A small firm's hourly count of negative mentions: two months of nothing, then one."""
    rng = np.random.default_rng(seed + 3000)
    n = 75 * 24
    values = np.zeros(n)
    at = 61 * 24 + int(rng.integers(0, 24))
    values[at] = 1.0
    return Stream(float(HOUR), MONDAY, values, range(at, at + 24))


def small_firm_quiet(seed: int) -> Stream:
    """A small firm's hourly mentions: about three a week, mostly in office hours; no crisis."""
    rng = np.random.default_rng(seed + 4000)
    n = 180 * 24
    hours = np.arange(n)
    profile = office_profile(hours, 0.3)
    rate = 3.0 / 168 * profile / office_profile(np.arange(168)).mean()
    return Stream(float(HOUR), MONDAY, rng.poisson(rate).astype(float), None)


def small_firm_burst(seed: int) -> Stream:
    """The same small firm, then three mentions within four hours of an afternoon."""
    quiet = small_firm_quiet(seed)
    rng = np.random.default_rng(seed + 6000)
    values = quiet.values.copy()
    at = (150 + int(rng.integers(0, 5))) * 24 + 13  # 13:00, after five months
    np.add.at(values, at + rng.integers(0, 4, size=3), 1.0)
    return Stream(quiet.step, quiet.start, values, range(at, at + 24))


def small_firm_bad_day(seed: int) -> Stream:
    """Daily mentions of a small firm (about four a week), then a day with six of them."""
    rng = np.random.default_rng(seed + 5000)
    n = 150
    values = rng.poisson(4.0 / 7, size=n).astype(float)
    at = 120 + int(rng.integers(0, 20))
    values[at] += 6.0
    return Stream(float(DAY), MONDAY, values, range(at, at + 2))


SCENARIOS = [
    Scenario("sudden storm (15 min)", 900.0, sudden_storm),
    Scenario("slow build-up (15 min)", 900.0, slow_build_up),
    Scenario("weekend lull, no crisis (15 min)", 900.0, weekend_lull),
    Scenario("daily peaks, no crisis (5 min)", 300.0, daily_peaks),
    Scenario("small firm, first negative (1 h)", float(HOUR), first_negative_review),
    Scenario("small firm, quiet (1 h)", float(HOUR), small_firm_quiet),
    Scenario("small firm, 3 mentions in 4 h (1 h)", float(HOUR), small_firm_burst),
    Scenario("small firm, bad day (1 day)", float(DAY), small_firm_bad_day),
]
