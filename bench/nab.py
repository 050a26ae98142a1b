"""NAB standard-profile score of the spike detector, beside a rolling z-score baseline.

Usage: ``.venv/bin/python bench/nab.py [DATA_DIR]`` (default ``/work/shared/data/nab-dev``),
``--synthetic-only`` to skip NAB. Runs on any directory laid out like NAB's (series CSVs with
``timestamp,value`` plus ``windows.json`` keyed ``realTweets/<file>``), so the held-out series
can be scored with the same code and the same, untouched, detector parameters.

The scoring follows Lavin and Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the
Numenta Anomaly Benchmark" (2015), standard profile, implemented here from the paper:

* rows in the probationary period (the first 15 % of a series, at most 750 rows, as NAB
  counts it) are not scored;
* inside a labelled window only the first alert counts, worth ``A_TP * sigma(y)`` where
  ``sigma(y) = 2 / (1 + exp(5 y)) - 1`` and ``y`` runs from -1 at the window's first row to
  almost 0 at its last, so an early alert earns almost 1 and a late one almost nothing;
* an alert outside every window costs ``A_FP = 0.11`` times ``-sigma(y)`` where ``y`` is the
  distance after the end of the previous window in window lengths (a late echo of a real
  event costs little), or the full 0.11 before the first window;
* each window without an alert costs ``A_FN = 1``;
* the total is normalised as NAB does: 0 for a detector that never alerts, 100 for one that
  alerts on the first row of every window and nowhere else (here over each series, and over
  the corpus as the sum of raw scores).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tocsin.alerts.detector import SpikeDetector, infer_step, to_epoch
from tocsin.alerts.synthetic import SCENARIOS, Scenario

A_TP, A_FP, A_FN = 1.0, 0.11, 1.0
# NAB's probation: 15 % of the rows, at most 15 % of 5,000 (750 rows). The labelled windows of
# realTweets start after row 750 but some before 15 % of the series, which is how we read it.
PROBATION_SHARE, PROBATION_CAP_ROWS = 0.15, 750


def scaled_sigmoid(y: float) -> float:
    """NAB's reward curve: ~1 at y=-1 (window start), 0 at y=0 (window end), -> -1 after."""
    if y > 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * y)) - 1.0


@dataclass
class Score:
    raw: float
    null: float
    perfect: float
    hits: int
    windows: int
    false_alerts: int

    @property
    def normalised(self) -> float:
        return 100.0 * (self.raw - self.null) / (self.perfect - self.null)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.raw + other.raw,
            self.null + other.null,
            self.perfect + other.perfect,
            self.hits + other.hits,
            self.windows + other.windows,
            self.false_alerts + other.false_alerts,
        )


def window_rows(epochs: Sequence[float], windows: Sequence[tuple[float, float]]) -> list[range]:
    """Each window as the range of row indices whose timestamp falls inside it (inclusive)."""
    t = np.asarray(epochs)
    rows = []
    for start, end in windows:
        left = int(np.searchsorted(t, start, side="left"))
        right = int(np.searchsorted(t, end, side="right")) - 1
        if right >= left:
            rows.append(range(left, right + 1))
    return rows


def nab_score(alerts: np.ndarray, windows: list[range]) -> Score:
    """Standard-profile NAB score of one series' alerts (see the module docstring)."""
    n = len(alerts)
    probation = min(math.floor(PROBATION_SHARE * n), PROBATION_CAP_ROWS)
    window_of = np.full(n, -1)
    for w, rows in enumerate(windows):
        window_of[rows.start : rows.stop] = w
    hit = [False] * len(windows)
    raw = 0.0
    false_alerts = 0
    for i in np.flatnonzero(alerts):
        if i < probation:
            continue
        w = int(window_of[i])
        if w >= 0:
            if not hit[w]:
                rows = windows[w]
                hit[w] = True
                raw += A_TP * scaled_sigmoid(-(rows.stop - i) / len(rows))
            continue
        false_alerts += 1
        before = [rows for rows in windows if rows.stop <= i]
        if not before:
            raw -= A_FP
        else:
            rows = before[-1]
            position = (i - (rows.stop - 1)) / (len(rows) - 1)
            raw += A_FP * scaled_sigmoid(position)
    raw -= A_FN * hit.count(False)
    null = -A_FN * len(windows)
    perfect = A_TP * scaled_sigmoid(-1.0) * len(windows)
    return Score(raw, null, perfect, sum(hit), len(windows), false_alerts)


def rolling_zscore_alerts(
    values: np.ndarray, step: float, days: float = 7.0, sigmas: float = 3.0, cooldown: float = 0
) -> np.ndarray:
    """The industry anchor: the last step against the mean and sd of the previous ``days``.

    Alerts when the step is more than ``sigmas`` standard deviations above that mean, with the
    same storm cooldown as the detector so that only the model differs. Past only.
    """
    w = max(2, round(days * 86400 / step))
    n = len(values)
    c1 = np.concatenate(([0.0], np.cumsum(values)))
    c2 = np.concatenate(([0.0], np.cumsum(values * values)))
    idx = np.arange(n)
    lo = np.maximum(0, idx - w)
    count = idx - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (c1[idx] - c1[lo]) / count
        var = (c2[idx] - c2[lo]) / count - mean * mean
        z = (values - mean) / np.sqrt(np.maximum(var, 1e-9))
    hot = np.flatnonzero((count >= w // 7) & (z > sigmas))
    alerts = np.zeros(n, dtype=bool)
    cooldown_steps = max(1, math.ceil(cooldown / step))
    if hot.size:
        fresh = np.diff(hot, prepend=-(10**9)) > cooldown_steps
        alerts[hot[fresh]] = True
    return alerts


def read_series(path: Path) -> tuple[list[float], np.ndarray]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    epochs = [to_epoch(datetime.fromisoformat(r["timestamp"])) for r in rows]
    return epochs, np.array([float(r["value"]) for r in rows])


def run_nab(data_dir: Path) -> None:
    windows = json.loads((data_dir / "windows.json").read_text())
    print(f"NAB standard profile on {data_dir} (A_TP=1, A_FP=0.11, A_FN=1)")
    header = f"{'series':<28} {'detector':>9} {'hits':>6} {'false':>6}   {'z-score':>8} {'hits':>6} {'false':>6}"
    print(header)
    total_d: Score | None = None
    total_z: Score | None = None
    elapsed = 0.0
    for key in sorted(windows):
        path = data_dir / Path(key).name
        epochs, values = read_series(path)
        step = infer_step(epochs)
        rows = window_rows(
            epochs,
            [
                (to_epoch(datetime.fromisoformat(a)), to_epoch(datetime.fromisoformat(b)))
                for a, b in windows[key]
            ],
        )
        started = time.perf_counter()
        detector = SpikeDetector(step)
        _, alerts = detector.run(values, start=epochs[0])
        elapsed += time.perf_counter() - started
        zalerts = rolling_zscore_alerts(values, step, cooldown=detector.cooldown)
        d, z = nab_score(alerts, rows), nab_score(zalerts, rows)
        total_d = d if total_d is None else total_d + d
        total_z = z if total_z is None else total_z + z
        print(
            f"{path.stem:<28} {d.normalised:9.1f} {d.hits:>3}/{d.windows:<2} {d.false_alerts:>6}"
            f"   {z.normalised:8.1f} {z.hits:>3}/{z.windows:<2} {z.false_alerts:>6}"
        )
    assert total_d is not None and total_z is not None
    print(
        f"{'overall':<28} {total_d.normalised:9.1f} {total_d.hits:>3}/{total_d.windows:<2} "
        f"{total_d.false_alerts:>6}   {total_z.normalised:8.1f} {total_z.hits:>3}/{total_z.windows:<2} "
        f"{total_z.false_alerts:>6}"
    )
    print(f"(detector time for all series: {elapsed:.2f} s)")
    # The default is what counts; the other settings are shown, not chosen from.
    for name in ("low", "high"):
        total: Score | None = None
        for key in sorted(windows):
            epochs, values = read_series(data_dir / Path(key).name)
            rows = window_rows(epochs, [(_epoch(a), _epoch(b)) for a, b in windows[key]])
            _, alerts = SpikeDetector(infer_step(epochs), sensitivity=name).run(
                values, start=epochs[0]
            )
            score = nab_score(alerts, rows)
            total = score if total is None else total + score
        assert total is not None
        print(
            f"  sensitivity={name}: overall {total.normalised:.1f}, "
            f"{total.hits}/{total.windows} windows, {total.false_alerts} false alerts"
        )


def _epoch(text: str) -> float:
    return to_epoch(datetime.fromisoformat(text))


def run_synthetic(seeds: int = 20) -> None:
    print(f"\nSynthetic crisis streams ({seeds} random seeds each; default sensitivity)")
    print(
        f"{'scenario':<34} {'events':>6} {'hit':>5} {'median delay':>13} {'false':>6}  {'z hit':>5} {'z false':>7}"
    )
    for scenario in SCENARIOS:
        events = hits = false = zhits = zfalse = 0
        delays: list[float] = []
        for seed in range(seeds):
            stream = scenario.make(seed)
            _, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
            zalerts = rolling_zscore_alerts(stream.values, stream.step, cooldown=12 * 3600)
            e, h, f, d = _count(scenario, stream.event, alerts)
            events, hits, false = events + e, hits + h, false + f
            delays += d
            _, zh, zf, _ = _count(scenario, stream.event, zalerts)
            zhits, zfalse = zhits + zh, zfalse + zf
        delay = f"{np.median(delays):.1f} h" if delays else "-"
        print(
            f"{scenario.name:<34} {events:>6} {hits:>5} {delay:>13} {false:>6}  {zhits:>5} {zfalse:>7}"
        )


def _count(
    scenario: Scenario, event: range | None, alerts: np.ndarray
) -> tuple[int, int, int, list[float]]:
    """(events, hits, false alerts, delays in hours) of one synthetic run, after warm-up."""
    idx = np.flatnonzero(alerts)
    if event is None:
        return 0, 0, int(idx.size), []
    inside = idx[(idx >= event.start) & (idx < event.stop)]
    false = int(idx.size - inside.size)
    if inside.size:
        return 1, 1, false, [(inside[0] - event.start) * scenario.step / 3600]
    return 1, 0, false, []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default="/work/shared/data/nab-dev", type=Path)
    parser.add_argument("--synthetic-only", action="store_true")
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    if not args.synthetic_only:
        run_nab(args.data_dir)
    run_synthetic(args.seeds)


if __name__ == "__main__":
    main()
