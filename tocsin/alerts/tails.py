"""Tail probabilities of mention counts, made honest against a series' own history.

Split from ``detector.py``: the detector decides what is expected; this module says how
surprising an observation is, first under the model (negative binomial upper tail) and then
under the series' own record of surprises (peaks over threshold).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import lfilter
from scipy.special import betainc

SURPRISE = math.log(100.0)  # the tail is fitted to p-values below 1 %...
CEILING = math.log(1e10)  # ...and above 1e-10: beyond, an anomaly, not the tail of normal
PRIOR_EXCEEDANCES = 5.0  # as if 5 such steps had been seen, well calibrated


def nb_upper_tail(observed: np.ndarray, mean: np.ndarray, shape: np.ndarray) -> np.ndarray:
    """P(X >= observed) for X negative binomial with this mean and shape (r).

    Var X = mean + mean**2 / shape. Computed with the regularised incomplete beta function,
    which also gives a continuous answer for non-integer counts. Meant for ``observed > 0``.
    """
    return np.asarray(betainc(observed, shape, mean / (shape + mean)), dtype=float)


def calibrate(
    index: np.ndarray,
    p: np.ndarray,
    seg_warm: list[bool],
    seg_len: list[int],
    stats: np.ndarray,
    pending: np.ndarray,
    discount: float,
    closed: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Make p-values honest about this series' own tails (peaks over threshold).

    Real mention counts have heavier tails than any count model fitted to them. If a series
    has produced p-values below 1 % more often than it should, their excess surprise
    (``-log p``) is fitted with an exponential tail from discounted counts, so recent
    behaviour matters most, and each p-value is read from that tail. It only ever makes a
    p-value larger: a series that behaves as modelled keeps its own. Steps beyond the ceiling
    are left out so that one storm does not blind the detector to the next.

    The chunk is cut into segments, each a piece of one block; the statistics are frozen for
    a block and updated when it ends (``discount`` per block), so there is no look-ahead.
    ``index``/``p``: the steps of the chunk whose p-value is below 1, and those p-values.
    ``stats``: discounted (steps, exceedances, excess) at the start of the chunk;
    ``pending``: the same for the unfinished block; ``closed``: whether the chunk's last
    segment ended its block. Returns the calibrated p-values and the new stats and pending.
    """
    lengths = np.asarray(seg_len)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    m = len(seg_len)
    surprise = -np.log(np.maximum(p, 1e-300))
    segment = np.searchsorted(starts, index, side="right") - 1
    ceiling = surprise > CEILING
    exceed = (surprise > SURPRISE) & ~ceiling
    sums = np.zeros((3, m))
    sums[0] = np.asarray(seg_warm, dtype=float) * lengths - np.bincount(segment, ceiling, m)
    sums[1] = np.bincount(segment, exceed, minlength=m)
    sums[2] = np.bincount(segment, np.where(exceed, surprise - SURPRISE, 0.0), minlength=m)
    sums[:, 0] += pending
    # Segments are pieces of distinct blocks: discounted sums over blocks, vectorised.
    after = lfilter([1.0], [1.0, -discount], sums, axis=-1, zi=(discount * stats)[:, None])[0]
    frozen = np.concatenate((stats[:, None], after[:, :-1]), axis=-1)
    if closed:
        new_stats, new_pending = after[:, -1].copy(), np.zeros_like(stats)
    else:
        new_stats, new_pending = frozen[:, -1].copy(), sums[:, -1].copy()
    seen, exceeded, excess = frozen[:, segment]
    rate = (exceeded + PRIOR_EXCEEDANCES) / (seen + PRIOR_EXCEEDANCES / math.exp(-SURPRISE))
    scale = np.maximum(1.0, (excess + PRIOR_EXCEEDANCES) / (exceeded + PRIOR_EXCEEDANCES))
    tail = rate * np.exp(-(surprise - SURPRISE) / scale)
    calibrated = np.where(surprise > SURPRISE, np.maximum(p, tail), p)
    return calibrated, new_stats, new_pending
