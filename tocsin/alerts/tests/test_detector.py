"""The spike detector's promises: no look-ahead, one storm one alert, small firms heard,
quiet weekends and office-hours peaks left alone, state that survives a restart."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tocsin.alerts import synthetic
from tocsin.alerts.detector import SpikeDetector, detect


def _alerts_outside(stream: synthetic.Stream, alerts: np.ndarray) -> np.ndarray:
    idx = np.flatnonzero(alerts)
    if stream.event is None:
        return idx
    return idx[(idx < stream.event.start) | (idx >= stream.event.stop)]


def test_appending_future_rows_never_changes_earlier_outputs() -> None:
    stream = synthetic.sudden_storm(seed=3)
    assert stream.event is not None
    full_scores, full_alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    for cut in (500, 2001, stream.event.start + 3):
        scores, alerts = SpikeDetector(stream.step).run(stream.values[:cut], start=stream.start)
        np.testing.assert_array_equal(scores, full_scores[:cut])
        np.testing.assert_array_equal(alerts, full_alerts[:cut])


def test_a_step_score_ignores_its_future() -> None:
    """Changing the values after step t, however wildly, leaves steps up to t untouched."""
    stream = synthetic.weekend_lull(seed=1)
    cut = 2500
    tampered = stream.values.copy()
    tampered[cut:] = tampered[cut:] * 50 + 1000
    a = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    b = SpikeDetector(stream.step).run(tampered, start=stream.start)
    np.testing.assert_array_equal(a[0][:cut], b[0][:cut])
    assert not np.array_equal(a[0][cut:], b[0][cut:])


def test_streaming_chunked_and_batch_agree() -> None:
    stream = synthetic.sudden_storm(seed=5)
    values = stream.values[:400]
    batch_scores, batch_alerts = SpikeDetector(stream.step).run(values, start=stream.start)

    chunked = SpikeDetector(stream.step)
    pieces = np.split(values, [1, 7, 200, 201, 303, 304])
    results = [chunked.run(pieces[0], start=stream.start)]
    results += [chunked.run(piece) for piece in pieces[1:]]
    np.testing.assert_allclose(np.concatenate([r[0] for r in results]), batch_scores, atol=1e-9)
    np.testing.assert_array_equal(np.concatenate([r[1] for r in results]), batch_alerts)

    online = SpikeDetector(stream.step)
    tail = [online.update(stream.start + i * stream.step, v) for i, v in enumerate(values)]
    np.testing.assert_allclose([s for s, _ in tail], batch_scores, atol=1e-9)
    assert [a for _, a in tail] == batch_alerts.tolist()


def test_saved_state_resumes_exactly() -> None:
    stream = synthetic.slow_build_up(seed=2)
    values = stream.values
    whole = SpikeDetector(stream.step).run(values, start=stream.start)

    first = SpikeDetector(stream.step)
    head = first.run(values[:1903], start=stream.start)
    saved = json.loads(json.dumps(first.to_dict()))  # what a worker would store
    resumed = SpikeDetector.from_dict(saved)
    rest = resumed.run(values[1903:])
    np.testing.assert_allclose(np.concatenate((head[0], rest[0])), whole[0], atol=1e-9)
    np.testing.assert_array_equal(np.concatenate((head[1], rest[1])), whole[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sudden_storm_is_one_alert(seed: int) -> None:
    stream = synthetic.sudden_storm(seed)
    scores, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    assert stream.event is not None
    inside = np.flatnonzero(alerts[stream.event.start : stream.event.stop])
    assert inside.size == 1, "one storm, one alert"
    assert inside[0] * stream.step <= 3600, "seen within the hour"
    # The storm is hot for hours: only the cooldown keeps it to one alert.
    assert (scores[stream.event.start : stream.event.stop] >= 0.5).sum() > 1
    assert _alerts_outside(stream, alerts).size == 0


def test_without_cooldown_a_storm_alerts_repeatedly() -> None:
    """The cooldown is what makes one storm one alert (guards the test above)."""
    stream = synthetic.sudden_storm(0)
    _, alerts = SpikeDetector(stream.step, cooldown=0).run(stream.values, start=stream.start)
    assert stream.event is not None
    assert alerts[stream.event.start : stream.event.stop].sum() > 1


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_small_firm_first_negative_review_alerts(seed: int) -> None:
    stream = synthetic.first_negative_review(seed)
    _, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    assert stream.event is not None
    assert alerts[stream.event.start], "alerted on the very hour of the review"
    assert alerts.sum() == 1


@pytest.mark.parametrize("seed", [0, 1])
def test_small_firm_burst_of_three_mentions_alerts(seed: int) -> None:
    stream = synthetic.small_firm_burst(seed)
    _, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    assert stream.event is not None
    assert alerts[stream.event.start : stream.event.stop].sum() == 1


def test_small_firm_first_negative_review_on_daily_counts() -> None:
    values = np.zeros(120)
    values[100] = 1
    _, alerts = detect([1_704_067_200 + 86400 * i for i in range(120)], values)
    assert np.flatnonzero(alerts).tolist() == [100]


def test_one_ordinary_mention_of_a_small_firm_is_not_a_crisis() -> None:
    """A few mentions a week: a single one on a given day is expected, not alarming."""
    rng = np.random.default_rng(7)
    values = rng.poisson(3 / 7, size=200).astype(float)
    values[150] = 1.0
    scores, alerts = SpikeDetector(86400.0).run(values, start=1_704_067_200)
    assert not alerts[150]
    assert scores[150] < 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weekend_lull_does_not_alert(seed: int) -> None:
    stream = synthetic.weekend_lull(seed)
    _, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    assert alerts.sum() == 0


@pytest.mark.parametrize("seed", [0, 1])
def test_daily_peaks_do_not_alert(seed: int) -> None:
    stream = synthetic.daily_peaks(seed)
    scores, alerts = SpikeDetector(stream.step).run(stream.values, start=stream.start)
    assert alerts.sum() == 0
    assert scores.max() < 0.5


def test_scores_are_between_zero_and_one_and_cold_start_is_quiet() -> None:
    stream = synthetic.sudden_storm(4)
    detector = SpikeDetector(stream.step)
    scores, alerts = detector.run(stream.values, start=stream.start)
    assert scores.min() >= 0.0 and scores.max() <= 1.0
    first_day = int(86400 / stream.step)
    assert not alerts[:first_day].any()


def test_higher_sensitivity_never_alerts_less_on_the_same_scores() -> None:
    stream = synthetic.small_firm_quiet(0)
    low = SpikeDetector(stream.step, sensitivity="low").run(stream.values, start=stream.start)
    high = SpikeDetector(stream.step, sensitivity="high").run(stream.values, start=stream.start)
    np.testing.assert_array_equal(low[0], high[0])  # the score does not depend on it
    assert (high[0] >= 0.3).sum() >= (low[0] >= 0.7).sum()


def test_gaps_are_steps_without_mentions() -> None:
    with_gap = SpikeDetector(3600.0)
    explicit = SpikeDetector(3600.0)
    start = 1_704_067_200
    for hour in range(61):  # ends on a step both see
        quiet = hour % 5 == 4
        explicit.update(start + hour * 3600, 0.0 if quiet else 2.0)
        if not quiet:
            with_gap.update(start + hour * 3600, 2.0)
    assert with_gap.to_dict()["state"] == explicit.to_dict()["state"]


def test_out_of_order_and_bad_values_are_refused() -> None:
    detector = SpikeDetector(60.0)
    detector.update(1000.0, 1.0)
    with pytest.raises(ValueError, match="in order"):
        detector.update(1000.0, 1.0)
    with pytest.raises(ValueError, match="zero or more"):
        detector.update(1060.0, -1.0)
    with pytest.raises(ValueError, match="sensitivity"):
        SpikeDetector(60.0, sensitivity="paranoid")
    with pytest.raises(ValueError, match="sensitivity"):
        SpikeDetector(60.0, sensitivity=1.5)
