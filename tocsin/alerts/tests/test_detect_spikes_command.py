"""``tocsin detect-spikes``: the CSV contract on stdin/stdout and its errors."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from tocsin.alerts import synthetic
from tocsin.alerts.detector import SpikeDetector


def _run(text: str, *args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("detect_spikes", *args, stdin=io.StringIO(text), stdout=out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert reader.fieldnames == ["timestamp", "value", "anomaly_score", "alert"]
    return list(reader)


def _csv(stream: synthetic.Stream, count: int | None = None) -> str:
    start = datetime.fromtimestamp(stream.start, tz=UTC).replace(tzinfo=None)
    rows = ["timestamp,value"]
    for i, value in enumerate(stream.values[:count]):
        moment = start + timedelta(seconds=i * stream.step)
        rows.append(f"{moment.isoformat()},{int(value)}")
    return "\n".join(rows) + "\n"


def test_one_row_out_per_row_in_with_the_detector_results() -> None:
    stream = synthetic.sudden_storm(0)
    rows = _run(_csv(stream))
    assert len(rows) == len(stream.values)
    expected_scores, expected_alerts = SpikeDetector(stream.step).run(
        stream.values, start=stream.start
    )
    lines = _csv(stream).splitlines()[1:]
    for row, line, score, alert in zip(rows, lines, expected_scores, expected_alerts, strict=True):
        assert f"{row['timestamp']},{row['value']}" == line  # echoed as given, in order
        assert abs(float(row["anomaly_score"]) - score) < 1e-6
        assert 0.0 <= float(row["anomaly_score"]) <= 1.0
        assert row["alert"] == str(int(alert))
    assert sum(row["alert"] == "1" for row in rows) == 1


def test_output_of_a_prefix_is_a_prefix_of_the_output() -> None:
    """No look-ahead, seen from outside: more input never rewrites earlier output rows."""
    stream = synthetic.sudden_storm(1)
    assert stream.event is not None
    full = _run(_csv(stream))
    prefix = _run(_csv(stream, stream.event.start + 2))
    assert prefix == full[: len(prefix)]


def test_sensitivity_option() -> None:
    stream = synthetic.small_firm_quiet(0)
    text = _csv(stream, 24 * 90)
    high = _run(text, "--sensitivity", "high")
    low = _run(text, "--sensitivity", "0.05")
    assert sum(r["alert"] == "1" for r in high) >= sum(r["alert"] == "1" for r in low)
    with pytest.raises(CommandError, match="sensitivity"):
        _run(text, "--sensitivity", "extreme")


def test_header_only_gives_header_only() -> None:
    assert _run("timestamp,value\n") == []


def test_gaps_of_whole_steps_are_zero_counts() -> None:
    rows = _run("timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00,2\n"
                "2024-01-01T04:00:00,3\n")  # fmt: skip
    assert [r["value"] for r in rows] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: expected the header"),
        ("time,count\n2024-01-01T00:00:00,1\n", "line 1: expected the header"),
        ("timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00\n", "line 3: expected 2"),
        ("timestamp,value\n2024-01-01T00:00:00,1\nyesterday,2\n", "line 3: 'yesterday' is not"),
        ("timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00,lots\n", "line 3: 'lots'"),
        ("timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00,-4\n", "line 3: value"),
        ("timestamp,value\n2024-01-01T00:00:00,nan\n", "line 2: value"),
        ("timestamp,value\n2024-01-01T01:00:00,1\n2024-01-01T00:00:00,1\n", "line 3: timestamp"),
        (
            "timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00,1\n"
            "2024-01-01T01:30:00,1\n",
            "line 4: timestamp is not a whole number",
        ),
        (
            "timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00+01:00,1\n",
            "line 3: mixes",
        ),
    ],
)
def test_malformed_input_names_the_line(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(text)


def test_real_command_exits_non_zero_with_the_line_on_stderr() -> None:
    bad = "timestamp,value\n2024-01-01T00:00:00,1\n2024-01-01T01:00:00,oops\n"
    done = subprocess.run(
        [sys.executable, "-m", "tocsin.cli", "detect-spikes"],
        input=bad,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "line 3" in done.stderr
    assert done.stdout == ""
