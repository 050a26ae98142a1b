"""Spike detection on a firm's mention counts, one regular time series at a time.

Why this shape:

* **Counts, not a bell curve.** A small firm gets a few mentions a week; under a normal
  approximation one mention after a quiet month is either nothing or a five-sigma event,
  depending on a variance estimated from zeros. Every window is scored here with the upper
  tail of a negative binomial: a Poisson count whose rate is uncertain (gamma posterior of the
  level, so a young or sparse series is judged with humility) and overdispersed (social media
  is bursty; the extra variance is measured online, per time scale).
* **Seasonality and trend.** The expected count of a block (one hour, or one step when steps
  are longer) is ``level x hour-of-day factor x day-of-week factor``; the factors are learnt
  from the data against its own trailing day and week, never from the model's predictions.
  The level is a discounted rate whose memory stretches with sparsity: about a day for a firm
  with thousands of mentions, up to two months for one with a few a week, so that there is
  always enough evidence behind "normal"; a trend is followed by this level (not
  extrapolated). Updates are winsorised so that a storm does not teach the model that storms
  are normal, yet a lasting change of level is absorbed within a day or two.
* **Weak signals at several time scales.** The last hour, six hours and day are each compared
  with what the recent level expected for them, and the last day also with a two-week
  baseline (the "day against the previous 14 days" of news monitoring), which is what
  catches a slow build-up the recent level would absorb. The hour is the finest scale: one
  busy five minutes (a retweet burst) is not a crisis, and a real storm fills the hour within
  minutes. The smallest p-value, Bonferroni-corrected, becomes the score.
* **Honest tails, careful start.** The one-hour p-values are recalibrated against the
  series' own history of surprises (heavy tails), nothing can alert during the first day (or
  seven blocks), and for two weeks after that an alert needs up to ten times the evidence,
  because the model has seen each weekday only once or twice.
* **A score people can read.** ``anomaly_score`` is the return period of what was seen, on a
  log scale: 0 for "happens every day or more", 0.5 for "about once in two months", 1 for
  "once in ten years or rarer" under the model. ``sensitivity`` is ``1 - threshold``.
* **One storm, one alert.** A step is *hot* when its score passes the threshold; an alert is
  raised on a hot step only when no other step was hot during the cooldown before it.
* **No look-ahead, cheap.** The model is frozen for the duration of a block and updated when
  the block ends, so a whole series is scored with vectorised numpy over the steps and a
  scalar loop over the blocks; a year of minute counts takes a fraction of a second. The
  online ``update`` runs the very same code on one step, so streaming and batch agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from tocsin.alerts.tails import calibrate, nb_upper_tail

HOUR = 3600.0
DAY = 86400.0
WEEK = 7 * DAY

#: Named sensitivities, for the command line and alert rules.
SENSITIVITIES = {"low": 0.3, "medium": 0.5, "high": 0.7}

# The score maps the return period T of an observation (how long one waits, under the model,
# to see something at least as unusual) from [1 day, 10 years] onto [0, 1], log scale.
_SCORE_T0 = DAY
_SCORE_SPAN = math.log(3650.0)

# Generic model constants, the same for every firm and step; chosen on the synthetic streams
# of tocsin/alerts/synthetic.py (bench/nab.py shows them at work on NAB and synthetic data).
_CLIP_SIGMAS = 3.0  # winsorise updates beyond this many predictive standard deviations
_EVIDENCE_COUNTS = 200.0  # the level's memory holds about this many expected mentions...
_LEVEL_FAST_DAYS = 1.0  # ...but never less than a day...
_LEVEL_MIN_BLOCKS = 14.0  # ...nor fewer than 14 blocks (daily series: two weeks)...
_LEVEL_SLOW_DAYS = 60.0  # ...and never more than two months.
_DAILY_PROFILE_UPDATES = 14.0  # hour-of-day factors remember about two weeks
_WEEKLY_PROFILE_WEEKS = 4.0  # day-of-week factors remember about four weeks
_PROFILE_PRIOR = 20.0  # a seasonal factor needs ~20 effective mentions to move away from 1
_DISPERSION_DAYS = 14.0  # overdispersion is measured over about two weeks
_DISPERSION_SIGMAS = 2.0  # a block tells at most "variance is four times larger" (storms)
_DISPERSION_MIN_BLOCKS = 28.0
_DISPERSION_PRIOR = 0.25  # overdispersion assumed before it is measured (cautious)
_DISPERSION_FLOOR = 0.005
_LEVEL_PRIOR_SHAPE = 0.1  # gamma prior of the level: 0.1 mention per block, very weak
_LEVEL_PRIOR_BLOCKS = 1.0
_WINDOW_BLOCKS = (1, 6, 24)  # long windows: one, six and twenty-four blocks
_BASELINE_DAYS = 14.0  # the last day is also compared with a two-week baseline
_CALIBRATION_DAYS = 14.0  # the tail statistics remember about two weeks
_CALIBRATION_MIN_STEPS = 1000.0
_DEFAULT_COOLDOWN = 12 * HOUR
_YOUNG_CAUTION = 10.0

_NEVER = -(10**15)


def _sensitivity_value(sensitivity: float | str) -> float:
    if isinstance(sensitivity, str):
        if sensitivity in SENSITIVITIES:
            return SENSITIVITIES[sensitivity]
        try:
            sensitivity = float(sensitivity)
        except ValueError:
            raise ValueError(
                f"sensitivity must be one of {', '.join(SENSITIVITIES)} or a number "
                f"between 0 and 1, not {sensitivity!r}"
            ) from None
    value = float(sensitivity)
    if not 0.0 < value < 1.0:
        raise ValueError(f"sensitivity must be strictly between 0 and 1, not {value}")
    return value


def to_epoch(timestamp: datetime | float | int) -> float:
    """Seconds since the epoch; naive datetimes are read as wall-clock time in UTC.

    Seasonality is keyed on the wall clock, so pass local time (or set ``utc_offset``).
    """
    if isinstance(timestamp, datetime):
        if timestamp.tzinfo is None:
            return (timestamp - datetime(1970, 1, 1)).total_seconds()
        return timestamp.timestamp()
    return float(timestamp)


class SpikeDetector:
    """Streaming spike detector for one regular series of counts (mentions per step).

    ``update(timestamp, value)`` scores that step's value against a model built from the
    steps before it only, and returns ``(anomaly_score, alert)``; ``run(values)`` does the
    same for many consecutive steps at once (same results, vectorised). ``update`` treats
    missing steps as zero counts, which is what an empty rollup bucket means; ``run`` takes
    consecutive steps. ``to_dict``/``from_dict`` save and restore the whole state
    (JSON-compatible) so a worker can resume a firm's series where it stopped.

    ``sensitivity``: ``"low"``, ``"medium"``, ``"high"`` or a number in (0, 1); an alert needs
    ``anomaly_score >= 1 - sensitivity`` (medium: rarer than about once in two months).
    ``cooldown``: seconds; a hot step within this time of the previous hot step belongs to the
    same storm and raises no new alert. ``utc_offset``: seconds added to timestamps to get the
    wall clock used for hour-of-day and day-of-week seasonality.

    After each call, ``last_trigger`` holds, per step of that call, which comparison scored
    it (see ``trigger_name``) so that an alert can say why it fired.
    """

    def __init__(
        self,
        step_seconds: float,
        sensitivity: float | str = "medium",
        cooldown: float | None = None,
        utc_offset: float = 0.0,
    ) -> None:
        if not step_seconds > 0:
            raise ValueError("step_seconds must be positive")
        self.step = float(step_seconds)
        self.sensitivity = _sensitivity_value(sensitivity)
        self.threshold = 1.0 - self.sensitivity
        self.cooldown = _DEFAULT_COOLDOWN if cooldown is None else float(cooldown)
        self.utc_offset = float(utc_offset)

        # Derived, not state: recomputed identically by from_dict.
        self.block_steps = max(1, round(HOUR / self.step))
        block = self.block_steps * self.step
        self.block_seconds = block
        self.cooldown_steps = math.ceil(self.cooldown / self.step)
        # Windows (in steps) compared with the fast level, then the last day with the slow one.
        fast = sorted({self.block_steps * j for j in _WINDOW_BLOCKS})
        self.windows = [*fast, self.block_steps * _WINDOW_BLOCKS[-1]]
        self.window_slow = [False] * len(fast) + [True]
        self.window_blocks = [k // self.block_steps for k in self.windows]  # all whole blocks
        self.window_range = range(len(self.windows))
        self.history = max(self.windows)
        self.block_window = self.windows.index(self.block_steps)  # fast, one block
        self.blocks_per_day = max(1, round(DAY / block))
        self.warmup_blocks = max(math.ceil(DAY / block), 7)
        self.use_daily = block < DAY
        self.use_weekly = block < WEEK
        self.level_alpha_max = 1.0 / max(_LEVEL_FAST_DAYS * DAY / block, _LEVEL_MIN_BLOCKS)
        self.slow_alpha = 1.0 / max(_BASELINE_DAYS * DAY / block, _LEVEL_MIN_BLOCKS)
        self.level_alpha_min = 1.0 / max(_LEVEL_SLOW_DAYS * DAY / block, _LEVEL_MIN_BLOCKS)
        self.daily_beta = 1.0 / _DAILY_PROFILE_UPDATES
        self.weekly_beta = 1.0 / (_WEEKLY_PROFILE_WEEKS * max(1.0, DAY / block))
        self.calibration_discount = 1.0 - 1.0 / max(
            _CALIBRATION_DAYS * DAY / self.step, _CALIBRATION_MIN_STEPS
        )
        self.disp_gamma = 1.0 / max(_DISPERSION_DAYS * DAY / block, _DISPERSION_MIN_BLOCKS)

        # State.
        self.origin: float | None = None  # epoch seconds of step 0
        self.steps = 0  # steps seen so far
        self.blocks = 0  # blocks closed so far
        self.block_sum = 0.0
        self.level_shape = 0.0  # discounted (deseasonalised) counts
        self.level_exposure = 0.0  # discounted blocks, weighted by seasonal factor
        self.slow_shape = 0.0  # the same over about two weeks: the baseline of build-ups
        self.slow_exposure = 0.0
        self.daily_num = [0.0] * 24
        self.daily_den = [0.0] * 24
        self.weekly_num = [0.0] * 7
        self.weekly_den = [0.0] * 7
        # Shrunk observed/reference ratio per bin; factors are normalised to mean 1 over the
        # bins seen so far (running sums keep that O(1) per block).
        self.daily_ratio = [1.0] * 24
        self.daily_seen_bins = [False] * 24
        self.daily_seen = 0
        self.daily_ratio_sum = 0.0
        self.weekly_ratio = [1.0] * 7
        self.weekly_seen_bins = [False] * 7
        self.weekly_seen = 0
        self.weekly_ratio_sum = 0.0
        n_windows = len(self.windows)
        self.disp_num = [0.0] * n_windows
        self.disp_den = [0.0] * n_windows
        self.disp_samples = [0] * n_windows
        self.recent_sums: list[float] = []  # winsorised counts of the last week's blocks
        self.day_total = 0.0  # and their running sums over the last day and week
        self.week_total = 0.0
        self.recent_raw: list[float] = []  # counts of the last 24 blocks, oldest first
        self.recent_means: list[float] = []  # and what was expected for them
        self.recent_slow: list[float] = []  # and what the two-week baseline expected
        # The last steps' counts and expectations, for windows that reach back before a chunk.
        self.hist_values = np.zeros(self.history)
        self.hist_means = np.zeros(self.history)
        self.hist_slow = np.zeros(self.history)
        # Per window: discounted steps, exceedances and excess surprise (see _calibrate).
        # Tail calibration of the one-hour window: discounted steps, exceedances, excess.
        self.calibration = np.zeros(3)
        self.calibration_pending = np.zeros(3)
        self.last_hot = _NEVER
        self.alerts = 0
        self.last_trigger = np.zeros(0, dtype=int)
        self._predict()

    # ----------------------------------------------------------------- public API

    def update(self, timestamp: datetime | float | int, value: float) -> tuple[float, bool]:
        """Score one step and learn from it. Steps must come in order, one per step.

        A timestamp more than one step after the previous one means the steps between had no
        mention; they are learnt as zeros (and not reported).
        """
        t = to_epoch(timestamp)
        if self.origin is None:
            self.origin = t
            self._predict()  # the first block's seasonal bins depend on the origin
        index = round((t - self.origin) / self.step)
        if index < self.steps:
            raise ValueError(
                f"timestamp {timestamp} is not after the previous step (steps must be in order)"
            )
        if index > self.steps:
            self.run(np.zeros(index - self.steps))
        scores, alerts = self.run(np.array([value], dtype=float))
        return float(scores[0]), bool(alerts[0])

    def run(
        self, values: Sequence[float] | np.ndarray, start: datetime | float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Score consecutive steps (continuing from the last one seen) and learn from them.

        ``start`` is the timestamp of the first value, needed only on the very first call.
        Returns ``(anomaly_scores, alerts)``, float and bool arrays of the same length; each
        element depends only on the values up to and including its own step.
        """
        v = np.asarray(values, dtype=float)
        if v.ndim != 1:
            raise ValueError("values must be one-dimensional")
        if v.size and (not np.all(np.isfinite(v)) or float(v.min()) < 0):
            raise ValueError("values must be finite counts, zero or more")
        if self.origin is None:
            self.origin = 0.0 if start is None else to_epoch(start)
            self._predict()
        n = v.size
        if n == 0:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return self._score(v, *self._learn_blocks(v))

    def to_dict(self) -> dict[str, Any]:
        """The full state, JSON-compatible; ``from_dict`` resumes exactly where this stopped."""
        return {
            "version": 1,
            "config": {
                "step_seconds": self.step,
                "sensitivity": self.sensitivity,
                "cooldown": self.cooldown,
                "utc_offset": self.utc_offset,
            },
            "state": {name: _plain(getattr(self, name)) for name in _STATE_FIELDS},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpikeDetector:
        """Rebuild a detector saved with ``to_dict``."""
        if data.get("version") != 1:
            raise ValueError("unknown detector state version")
        detector = cls(**data["config"])
        for name in _STATE_FIELDS:
            value = _plain(data["state"][name])
            if isinstance(getattr(detector, name), np.ndarray):
                value = np.array(value, dtype=float)
            setattr(detector, name, value)
        return detector

    def trigger_name(self, code: int) -> str:
        """Say which comparison made a step unusual (``last_trigger`` codes), for an alert's why.

        For example "the last 6 h against the recent level" or "the last 24 h against the
        two-week baseline"; "" for code 0 (nothing unusual).
        """
        if code <= 0:
            return ""
        seconds = self.windows[code - 1] * self.step
        span = f"{seconds / HOUR:g} h" if seconds < 2 * DAY else f"{seconds / DAY:g} days"
        if self.window_slow[code - 1]:
            return f"the last {span} against the two-week baseline"
        return f"the last {span} against the recent level"

    # ------------------------------------------------------------- the model

    def _bins(self, block_index: int) -> tuple[int, int]:
        assert self.origin is not None
        t = self.origin + block_index * self.block_seconds + self.utc_offset
        return int((t // HOUR) % 24), int((t // DAY + 3) % 7)  # 1970-01-01 was a Thursday

    def _seasonal(self, hour: int, weekday: int) -> tuple[float, float]:
        """Normalised hour-of-day and day-of-week factors (mean 1 over the bins seen)."""
        daily = weekly = 1.0
        if self.use_daily and self.daily_seen:
            daily = self.daily_ratio[hour] * self.daily_seen / self.daily_ratio_sum
        if self.use_weekly and self.weekly_seen:
            weekly = self.weekly_ratio[weekday] * self.weekly_seen / self.weekly_ratio_sum
        return daily, weekly

    def _predict(self) -> None:
        """Freeze the expectation and tail shapes for the block about to start."""
        hour, weekday = self._bins(self.blocks) if self.origin is not None else (0, 0)
        daily, weekly = self._seasonal(hour, weekday)
        shape = self.level_shape + _LEVEL_PRIOR_SHAPE
        rate = shape / (self.level_exposure + _LEVEL_PRIOR_BLOCKS)
        self.pred_hour, self.pred_weekday = hour, weekday
        self.pred_daily, self.pred_weekly = daily, weekly
        self.pred_mean = rate * daily * weekly  # expected count of the whole block
        slow_shape = self.slow_shape + _LEVEL_PRIOR_SHAPE
        slow_rate = slow_shape / (self.slow_exposure + _LEVEL_PRIOR_BLOCKS)
        self.pred_slow = slow_rate * daily * weekly
        self.pred_disp = disp = [self._dispersion(i) for i in self.window_range]
        fast_spread, slow_spread = 1.0 / shape, 1.0 / slow_shape
        self.pred_shapes = [
            1.0 / (disp[i] + (slow_spread if self.window_slow[i] else fast_spread))
            for i in self.window_range
        ]
        self.pred_warm = self.blocks >= self.warmup_blocks
        # Cold start, second stage: in the first weeks the model has seen each weekday once or
        # twice, so alerts need ten times the evidence, easing linearly to normal in 14 days.
        youth = max(0.0, 1.0 - (self.blocks - self.warmup_blocks) / (14 * self.blocks_per_day))
        self.pred_caution = 1.0 + (_YOUNG_CAUTION - 1.0) * youth

    def _dispersion(self, i: int) -> float:
        # Overlapping windows are not independent: a one-day window tells one new thing a
        # day, so its cautious prior fades over eight days, a one-hour window's over eight hours.
        independent = self.disp_samples[i] * self.block_steps / self.windows[i]
        measured = self.disp_num[i] / self.disp_den[i] if self.disp_den[i] > 0 else 0.0
        prior_weight = max(0.0, 1.0 - independent / 8.0)
        value = prior_weight * _DISPERSION_PRIOR + (1.0 - prior_weight) * measured
        return max(_DISPERSION_FLOOR, value)

    def _close_block(self) -> None:
        """Learn from the block that just ended, then predict the next one."""
        y = self.block_sum
        mean = self.pred_mean
        warm = self.pred_warm
        # Winsorise: a storm moves the model by at most a few standard deviations per block.
        if warm:
            sd = math.sqrt(mean + self.pred_disp[self._block_window()] * mean * mean)
            y_fit = min(max(y, mean - _CLIP_SIGMAS * sd), mean + _CLIP_SIGMAS * sd)
        else:
            y_fit = y

        # Level: discounted gamma-Poisson rate; memory stretches when counts are sparse.
        alpha = min(self.level_alpha_max, max(self.level_alpha_min, mean / _EVIDENCE_COUNTS))
        if self.blocks == 0:
            alpha = 1.0
        exposure = self.pred_daily * self.pred_weekly
        self.level_shape = (1.0 - alpha) * self.level_shape + y_fit
        self.level_exposure = (1.0 - alpha) * self.level_exposure + exposure
        alpha = min(alpha, self.slow_alpha)
        self.slow_shape = (1.0 - alpha) * self.slow_shape + y_fit
        self.slow_exposure = (1.0 - alpha) * self.slow_exposure + exposure

        # Seasonal factors from the data alone, never from the model's own predictions (a
        # model that corrects itself with its own output can spiral): the block's count over
        # the mean block of the trailing day (hour-of-day) or week (day-of-week), as a ratio of
        # discounted sums, each block weighted by how much it can tell (Poisson information
        # shrunk by overdispersion).
        per_day = self.blocks_per_day
        info = 1.0 / (1.0 + self.pred_disp[self._block_window()] * mean)
        recent = len(self.recent_sums)
        if self.use_daily and recent:
            reference = self.day_total / min(recent, per_day)
            h = self.pred_hour
            self.daily_num[h] = (1 - self.daily_beta) * self.daily_num[h] + info * y_fit
            self.daily_den[h] = (1 - self.daily_beta) * self.daily_den[h] + info * reference
            ratio = (self.daily_num[h] + _PROFILE_PRIOR) / (self.daily_den[h] + _PROFILE_PRIOR)
            if self.daily_seen_bins[h]:
                self.daily_ratio_sum += ratio - self.daily_ratio[h]
            else:
                self.daily_seen_bins[h] = True
                self.daily_seen += 1
                self.daily_ratio_sum += ratio
            self.daily_ratio[h] = ratio
        if self.use_weekly and recent:
            reference = self.week_total / recent
            d = self.pred_weekday
            self.weekly_num[d] = (1 - self.weekly_beta) * self.weekly_num[d] + info * y_fit
            self.weekly_den[d] = (1 - self.weekly_beta) * self.weekly_den[d] + info * reference
            ratio = (self.weekly_num[d] + _PROFILE_PRIOR) / (self.weekly_den[d] + _PROFILE_PRIOR)
            if self.weekly_seen_bins[d]:
                self.weekly_ratio_sum += ratio - self.weekly_ratio[d]
            else:
                self.weekly_seen_bins[d] = True
                self.weekly_seen += 1
                self.weekly_ratio_sum += ratio
            self.weekly_ratio[d] = ratio

        # Overdispersion per window, from winsorised Pearson residuals (moment estimator as a
        # ratio of discounted sums, stable even when counts are tiny).
        self.recent_sums.append(y_fit)
        self.day_total += y_fit
        self.week_total += y_fit
        if len(self.recent_sums) > per_day:
            self.day_total -= self.recent_sums[-per_day - 1]
        self.recent_means.append(mean)
        self.recent_slow.append(self.pred_slow)
        self.recent_raw.append(y)
        if len(self.recent_raw) > _WINDOW_BLOCKS[-1]:
            del self.recent_raw[0]
        if len(self.recent_sums) > 7 * per_day:
            self.week_total -= self.recent_sums.pop(0)
        if len(self.recent_means) > _WINDOW_BLOCKS[-1]:
            del self.recent_means[0]
            del self.recent_slow[0]
        keep = 1.0 - self.disp_gamma
        seen = len(self.recent_means)
        disp_num, disp_den, disp_samples = self.disp_num, self.disp_den, self.disp_samples
        for i in self.window_range:
            j = self.window_blocks[i]
            if seen < j:
                continue
            s = sum(self.recent_raw[-j:])
            m = sum((self.recent_slow if self.window_slow[i] else self.recent_means)[-j:])
            weight = m * m
            if weight <= 0:
                continue
            var_cap = _DISPERSION_SIGMAS**2 * (m + self.pred_disp[i] * weight)
            disp_num[i] = keep * disp_num[i] + min((s - m) ** 2, var_cap) - m
            disp_den[i] = keep * disp_den[i] + weight
            disp_samples[i] += 1

        self.blocks += 1
        self.block_sum = 0.0
        self._predict()

    def _block_window(self) -> int:
        return self.block_window

    def _learn_blocks(
        self, v: np.ndarray
    ) -> tuple[list[float], list[float], list[list[float]], list[bool], list[float], list[int]]:
        """Walk the blocks the values cover: record each segment's frozen prediction, learn."""
        n = v.size
        b = self.block_steps
        first = (-self.steps) % b  # offset of the first block boundary within v
        starts = np.arange(first, n, b)
        if first != 0 or starts.size == 0:
            starts = np.concatenate(([0], starts))
        starts = starts[starts < n]
        sums = np.add.reduceat(v, starts).tolist()
        lengths = np.diff(np.append(starts, n)).tolist()
        seg_mean: list[float] = []
        seg_slow: list[float] = []
        seg_shapes: list[list[float]] = []
        seg_warm: list[bool] = []
        seg_caution: list[float] = []
        for s, length in zip(sums, lengths, strict=True):
            seg_mean.append(self.pred_mean / b)
            seg_slow.append(self.pred_slow / b)
            seg_shapes.append(self.pred_shapes)
            seg_warm.append(self.pred_warm)
            seg_caution.append(self.pred_caution)
            self.block_sum += s
            self.steps += length
            if self.steps % b == 0:
                self._close_block()
        return seg_mean, seg_slow, seg_shapes, seg_warm, seg_caution, lengths

    def _score(
        self,
        v: np.ndarray,
        seg_mean: list[float],
        seg_slow: list[float],
        seg_shapes: list[list[float]],
        seg_warm: list[bool],
        seg_caution: list[float],
        seg_len: list[int],
    ) -> tuple[np.ndarray, np.ndarray]:
        n = v.size
        lengths = np.asarray(seg_len)
        means = np.repeat(np.asarray(seg_mean), lengths)
        slow = np.repeat(np.asarray(seg_slow), lengths)
        shapes = np.repeat(np.asarray(seg_shapes).T, lengths, axis=1)  # window, step
        warm = np.repeat(np.asarray(seg_warm, dtype=bool), lengths)
        h = self.history
        ext_v = np.concatenate((self.hist_values, v))
        ext_m = np.concatenate((self.hist_means, means))
        cum_v = np.concatenate(([0.0], np.cumsum(ext_v)))
        ext_s = np.concatenate((self.hist_slow, slow))
        cum_m = np.concatenate(([0.0], np.cumsum(ext_m)))
        cum_s = np.concatenate(([0.0], np.cumsum(ext_s)))
        tails = []
        for i, k in enumerate(self.windows):
            cum_e = cum_s if self.window_slow[i] else cum_m
            observed = cum_v[h + 1 : h + n + 1] - cum_v[h + 1 - k : h + n + 1 - k]
            expected = cum_e[h + 1 : h + n + 1] - cum_e[h + 1 - k : h + n + 1 - k]
            # The exact tail only where it can matter: within two standard deviations of its
            # expectation a negative binomial count always has p > 1 % (its upper tail is
            # heavier than a normal's), below anything the score or calibration look at.
            excess = observed - expected
            variance = expected + expected * expected / shapes[i]
            index = np.flatnonzero((excess > 0) & (excess * excess > 4.0 * variance) & warm)
            p = nb_upper_tail(observed[index], expected[index], shapes[i, index])
            tails.append((index, p))
        best = np.ones(n)
        trigger = np.zeros(n, dtype=int)
        # The one-hour window's p-values are made honest about this series' heavy tails.
        # Longer windows overlap: a developing build-up would show as a long run of
        # exceedances and teach the calibration that build-ups are normal; their tails are
        # left to their own overdispersion estimate.
        calibrated = [p for _, p in tails]
        w = self.block_window
        calibrated[w], self.calibration, self.calibration_pending = calibrate(
            tails[w][0],
            tails[w][1],
            seg_warm,
            seg_len,
            self.calibration,
            self.calibration_pending,
            self.calibration_discount**self.block_steps,
            closed=self.steps % self.block_steps == 0,
        )
        for i, ((index, _), p) in enumerate(zip(tails, calibrated, strict=True)):
            better = p < best[index]
            best[index[better]] = p[better]
            trigger[index[better]] = i + 1
        # Why each step of the last chunk scored: 0 none, else 1 + index into self.windows.
        self.last_trigger = trigger
        caution = np.repeat(np.asarray(seg_caution), lengths)
        p_step = np.minimum(1.0, best * len(self.windows) * caution)
        with np.errstate(divide="ignore"):
            period = np.log(self.step / _SCORE_T0) - np.log(p_step)
        scores = np.clip(period / _SCORE_SPAN, 0.0, 1.0)
        scores[~warm] = 0.0

        alerts = np.zeros(n, dtype=bool)
        hot = np.flatnonzero(scores >= self.threshold)
        if hot.size:
            index = hot + (self.steps - n)
            previous = np.concatenate(([self.last_hot], index[:-1]))
            fresh = index - previous > self.cooldown_steps
            alerts[hot[fresh]] = True
            self.last_hot = int(index[-1])
            self.alerts += int(fresh.sum())

        self.hist_values = ext_v[-h:].copy()
        self.hist_means = ext_m[-h:].copy()
        self.hist_slow = ext_s[-h:].copy()
        return scores, alerts


_STATE_FIELDS = (
    "origin",
    "steps",
    "blocks",
    "block_sum",
    "level_shape",
    "level_exposure",
    "slow_shape",
    "slow_exposure",
    "daily_num",
    "daily_den",
    "weekly_num",
    "weekly_den",
    "daily_ratio",
    "daily_seen_bins",
    "daily_seen",
    "daily_ratio_sum",
    "weekly_ratio",
    "weekly_seen_bins",
    "weekly_seen",
    "weekly_ratio_sum",
    "disp_num",
    "disp_den",
    "disp_samples",
    "recent_sums",
    "day_total",
    "week_total",
    "recent_raw",
    "recent_means",
    "recent_slow",
    "hist_values",
    "hist_means",
    "hist_slow",
    "calibration",
    "calibration_pending",
    "last_hot",
    "alerts",
    "pred_hour",
    "pred_weekday",
    "pred_daily",
    "pred_weekly",
    "pred_mean",
    "pred_slow",
    "pred_disp",
    "pred_shapes",
    "pred_warm",
    "pred_caution",
)


def _plain(value: Any) -> Any:
    """Deep copy as plain JSON types, so a saved state never aliases the live one."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    return [_plain(item) for item in value] if isinstance(value, list) else value


def infer_step(timestamps: Sequence[float]) -> float:
    """The series' step: the median gap between consecutive timestamps (epoch seconds)."""
    if len(timestamps) < 2:
        raise ValueError("need at least two timestamps to infer the step")
    step = float(np.median(np.diff(np.asarray(timestamps, dtype=float))))
    if step <= 0:
        raise ValueError("timestamps must increase")
    return step


def detect(
    timestamps: Iterable[datetime | float],
    values: Sequence[float] | np.ndarray,
    step_seconds: float | None = None,
    **options: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Score a whole series in one go (back-testing, benches). Same results as streaming.

    Timestamps must be regular (steps of ``step_seconds``, inferred when omitted); gaps are
    not filled here, use ``SpikeDetector.update`` for series with holes.
    """
    epochs = [to_epoch(t) for t in timestamps]
    if len(epochs) != len(values):
        raise ValueError("timestamps and values differ in length")
    if not epochs:
        return np.zeros(0), np.zeros(0, dtype=bool)
    step = step_seconds if step_seconds is not None else infer_step(epochs)
    detector = SpikeDetector(step, **options)
    return detector.run(values, start=epochs[0])
