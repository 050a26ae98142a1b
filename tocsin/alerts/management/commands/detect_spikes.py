"""``tocsin detect-spikes``: the spike detector as a filter, for evaluation and back-testing.

Reads ``timestamp,value`` CSV on standard input (ISO 8601 timestamps, regular steps) and
writes ``timestamp,value,anomaly_score,alert`` CSV on standard output, one row per input row,
in order. Each row is scored having seen only the rows before it (the detector is streaming;
the whole input is scored in one vectorised pass with the same results). A gap of whole steps
between two rows is read as steps with no mention. Malformed input stops the command with a
non-zero exit and the offending line on standard error, before anything is written.
"""

from __future__ import annotations

import csv
import math
import sys
from datetime import datetime
from typing import Any, TextIO

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from tocsin.alerts.detector import SENSITIVITIES, SpikeDetector, to_epoch

HEADER = ["timestamp", "value"]


class Command(BaseCommand):
    # Tests and callers may hand the input over as a file object: call_command(stdin=...).
    stealth_options = ("stdin",)
    help = (
        "Score a time series of counts read as CSV (timestamp,value) on stdin; write "
        "timestamp,value,anomaly_score,alert on stdout. No look-ahead."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--sensitivity",
            default="medium",
            help=f"{', '.join(SENSITIVITIES)} or a number in (0, 1); an alert needs "
            "anomaly_score >= 1 - sensitivity (default: medium = 0.5)",
        )
        parser.add_argument(
            "--cooldown-hours",
            type=float,
            default=None,
            help="hot steps closer than this belong to one storm and raise one alert (12)",
        )
        parser.add_argument(
            "--step-seconds",
            type=float,
            default=None,
            help="the series' step; inferred from the first two rows when omitted",
        )
        parser.add_argument(
            "--utc-offset-hours",
            type=float,
            default=0.0,
            help="added to timestamps to get the wall clock used for daily/weekly seasonality",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin: TextIO = options.get("stdin") or sys.stdin
        raw, epochs, values = read_series(stdin)
        step = options["step_seconds"]
        if step is None:
            step = epochs[1] - epochs[0] if len(epochs) > 1 else 60.0
            if step <= 0:
                raise CommandError("line 3: timestamp is not after the previous one")
        elif step <= 0:
            raise CommandError("--step-seconds must be positive")
        cooldown = options["cooldown_hours"]
        try:
            detector = SpikeDetector(
                step,
                sensitivity=options["sensitivity"],
                cooldown=None if cooldown is None else cooldown * 3600.0,
                utc_offset=options["utc_offset_hours"] * 3600.0,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        positions = step_positions(epochs, step)
        scores = np.zeros(0)
        alerts = np.zeros(0, dtype=bool)
        if positions:
            # Missing steps are zero counts; only the input's own rows are written back.
            full = np.zeros(positions[-1] + 1)
            full[positions] = values
            all_scores, all_alerts = detector.run(full, start=epochs[0])
            scores, alerts = all_scores[positions], all_alerts[positions]
        out = options.get("stdout") or self.stdout
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["timestamp", "value", "anomaly_score", "alert"])
        for (timestamp, value), score, alert in zip(raw, scores, alerts, strict=True):
            writer.writerow([timestamp, value, f"{score:.6f}", int(alert)])


def read_series(stream: TextIO) -> tuple[list[tuple[str, str]], list[float], list[float]]:
    """Parse and check the whole input; CommandError names the first bad line (1 = header)."""
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CommandError(f"line 1: {error}") from None
    if header is None or [cell.strip().lower() for cell in header] != HEADER:
        raise CommandError(f"line 1: expected the header 'timestamp,value', got {header!r}")
    raw: list[tuple[str, str]] = []
    epochs: list[float] = []
    values: list[float] = []
    aware: bool | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise CommandError(f"line {line}: expected 2 fields, got {len(row)}")
            text_time, text_value = row[0].strip(), row[1].strip()
            try:
                moment = datetime.fromisoformat(text_time.replace("Z", "+00:00"))
            except ValueError:
                raise CommandError(
                    f"line {line}: {text_time!r} is not an ISO 8601 timestamp"
                ) from None
            if aware is None:
                aware = moment.tzinfo is not None
            elif aware != (moment.tzinfo is not None):
                raise CommandError(f"line {line}: mixes timestamps with and without a timezone")
            try:
                value = float(text_value)
            except ValueError:
                raise CommandError(f"line {line}: {text_value!r} is not a number") from None
            if not math.isfinite(value) or value < 0:
                raise CommandError(f"line {line}: value must be a count, zero or more")
            epoch = to_epoch(moment)
            if epochs and epoch <= epochs[-1]:
                raise CommandError(f"line {line}: timestamp is not after the previous one")
            raw.append((text_time, text_value))
            epochs.append(epoch)
            values.append(value)
    except csv.Error as error:
        raise CommandError(f"line {reader.line_num}: {error}") from None
    return raw, epochs, values


def step_positions(epochs: list[float], step: float) -> list[int]:
    """Each row's step index; rows must fall on whole steps from the first one."""
    positions = []
    for number, epoch in enumerate(epochs):
        exact = (epoch - epochs[0]) / step
        position = round(exact)
        if abs(exact - position) > 0.01:
            raise CommandError(
                f"line {number + 2}: timestamp is not a whole number of {step:g}-second "
                "steps after the first row (steps must be regular)"
            )
        positions.append(position)
    return positions
