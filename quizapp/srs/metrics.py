"""Prediction-quality metrics for recall models, defined as srs-benchmark defines them.

Why our own copy: the benchmark needs the same two numbers for models fsrs-rs
cannot evaluate (SM-2, a constant), and the optimiser needs to compare
parameter sets on a hold-out set. Using one definition for all of them is
what makes the figures comparable with each other and with srs-benchmark's
published table.

Definitions (mirrored, not invented):

* Log loss: mean binary cross-entropy of the predicted recall probability
  against the outcome (recall = rating > 1), as ``BCELoss`` in fsrs-rs
  ``src/training.rs`` and ``sklearn.metrics.log_loss`` in srs-benchmark.
  Probabilities are clipped to [1e-15, 1 - 1e-15] like sklearn does, so a
  model that says 0 or 1 and is wrong gets a large but finite penalty.
* RMSE(bins): predictions are grouped into bins keyed by (interval, number of
  long-term reviews, number of lapses), each on a logarithmic scale; in each
  bin the mean prediction is compared with the observed recall rate, and the
  squared differences are averaged weighted by the bin's review count. This
  is ``FSRSItem::r_matrix_index`` in fsrs-rs ``src/dataset.rs`` and the
  aggregation in ``FSRS::evaluate`` (``src/inference.rs``), which is the same
  as ``rmse_matrix`` in srs-benchmark's ``utils.py``.

Weighting: srs-benchmark's figures are unweighted and that is the default
here. fsrs-rs 6's ``FSRS.evaluate`` (what fsrs-rs-python exposes) instead
weights each item by recency, ``0.25 + 0.75 * (i / (n - 1)) ** 3`` in time
order, in both metrics; pass ``weights=recency_weights(n)`` to reproduce its
numbers exactly (the benchmark checks that it does).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["Metrics", "bin_key", "evaluate", "item_bin_key", "log_loss", "recency_weights", "rmse_bins"]

_EPS = 1e-15


@dataclass(frozen=True)
class Metrics:
    """The two srs-benchmark figures for one model on one data set (lower is better)."""

    log_loss: float
    rmse_bins: float

    def to_dict(self) -> dict[str, float]:
        """Plain dict for JSON and templates."""
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins}


def _check(labels: Sequence[float], predictions: Sequence[float]) -> None:
    if len(labels) != len(predictions):
        raise ValueError(f"{len(labels)} labels but {len(predictions)} predictions")
    if not labels:
        raise ValueError("no items to evaluate")


def _weights(weights: Sequence[float] | None, n: int) -> Sequence[float]:
    if weights is None:
        return [1.0] * n
    if len(weights) != n:
        raise ValueError(f"{n} labels but {len(weights)} weights")
    return weights


def log_loss(
    labels: Sequence[float], predictions: Sequence[float], weights: Sequence[float] | None = None
) -> float:
    """Mean binary cross-entropy (natural log).

    Args:
        labels: 1 for recalled (rating > 1), 0 for forgotten.
        predictions: Predicted probability of recall for the same reviews.
        weights: Optional per-review weights (weighted mean, as fsrs-rs's
            ``BCELoss`` with ``Reduction::Auto``); None is srs-benchmark's
            plain mean.
    """
    _check(labels, predictions)
    ws = _weights(weights, len(labels))
    total = 0.0
    for y, p, w in zip(labels, predictions, ws, strict=True):
        p = min(max(float(p), _EPS), 1.0 - _EPS)
        total -= w * (y * math.log(p) + (1.0 - y) * math.log(1.0 - p))
    return total / math.fsum(ws)


def recency_weights(n: int) -> list[float]:
    """fsrs-rs's recency weights for ``n`` time-ordered items: 0.25 + 0.75 * (i / (n - 1)) ** 3.

    Why this exists: fsrs-rs 6's ``FSRS.evaluate`` (``recency_weighted_fsrs_items``
    in ``src/dataset.rs``) weights later reviews more, so its figures are only
    comparable with ours when the same weights are applied. srs-benchmark's
    published figures are unweighted.
    """
    length = max(n - 1.0, 1.0)
    return [0.25 + 0.75 * (i / length) ** 3 for i in range(n)]


def _log_bin(value: float, base: float, scale: float) -> float:
    # scale * base ** floor(log_base(value)), the geometric bucket fsrs-rs uses.
    return scale * base ** math.floor(math.log(value) / math.log(base))


def _round_half_away(x: float) -> int:
    # Rust's f64::round rounds half away from zero; Python's round() does not.
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def bin_key(delta_t: float, long_term_reviews: int, lapses: int) -> tuple[int, int, int]:
    """RMSE(bins) bucket of one review, exactly as fsrs-rs ``r_matrix_index``.

    Args:
        delta_t: Days since the previous review (the interval being tested).
        long_term_reviews: Reviews of the card so far with delta_t >= 1,
            counting this one.
        lapses: Earlier reviews (not this one) rated Again with delta_t >= 1.

    Returns:
        (interval bucket x 100, review-count bucket, lapse bucket).
    """
    delta_t_bin = 0 if delta_t <= 0 else _round_half_away(_log_bin(delta_t, 3.62, 2.48) * 100)
    length_bin = _round_half_away(_log_bin(long_term_reviews + 1.0, 1.89, 1.99))
    lapse_bin = 0 if lapses == 0 else _round_half_away(_log_bin(float(lapses), 1.73, 1.65))
    return delta_t_bin, length_bin, lapse_bin


def item_bin_key(reviews: Sequence[tuple[int, float]]) -> tuple[int, int, int]:
    """:func:`bin_key` of the last review of a card history.

    Args:
        reviews: ``(rating, delta_t)`` pairs in time order, the review being
            predicted last (the shape of an fsrs-rs ``FSRSItem``).
    """
    if not reviews:
        raise ValueError("an item needs at least one review")
    long_term = sum(1 for _rating, dt in reviews if dt >= 1)
    lapses = sum(1 for rating, dt in reviews[:-1] if rating == 1 and dt >= 1)
    return bin_key(reviews[-1][1], long_term, lapses)


def rmse_bins(
    labels: Sequence[float],
    predictions: Sequence[float],
    bins: Sequence[Hashable],
    weights: Sequence[float] | None = None,
) -> float:
    """Count-weighted RMSE between mean prediction and recall rate per bin.

    Why binned: a single review's outcome is 0 or 1, so per-review RMSE
    mostly measures noise; comparing averages over similar reviews measures
    calibration, which is what scheduling depends on.

    Args:
        labels: 1 recalled / 0 forgotten.
        predictions: Predicted recall probabilities.
        bins: One hashable key per review, usually :func:`item_bin_key`.
        weights: Optional per-review weights; a bin then counts with the sum
            of its weights while its means stay unweighted, exactly as
            fsrs-rs's ``evaluate``. None gives srs-benchmark's count weighting.
    """
    _check(labels, predictions)
    if len(bins) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(bins)} bin keys")
    ws = _weights(weights, len(labels))
    groups: dict[Hashable, list[float]] = {}
    for y, p, key, w in zip(labels, predictions, bins, ws, strict=True):
        acc = groups.setdefault(key, [0.0, 0.0, 0, 0.0])
        acc[0] += float(p)
        acc[1] += float(y)
        acc[2] += 1
        acc[3] += float(w)
    total = math.fsum(weight * (p_sum / count - y_sum / count) ** 2 for p_sum, y_sum, count, weight in groups.values())
    return math.sqrt(total / math.fsum(ws))


def evaluate(
    labels: Sequence[float],
    predictions: Sequence[float],
    bins: Sequence[Hashable],
    weights: Sequence[float] | None = None,
) -> Metrics:
    """Both metrics at once (unweighted unless ``weights`` is given)."""
    return Metrics(
        log_loss=log_loss(labels, predictions, weights),
        rmse_bins=rmse_bins(labels, predictions, bins, weights),
    )
