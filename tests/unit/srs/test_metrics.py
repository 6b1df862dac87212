"""Metrics on inputs small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from quizapp.srs.metrics import Metrics, bin_key, evaluate, item_bin_key, log_loss, recency_weights, rmse_bins


def test_log_loss_hand_computed():
    # -(ln 0.8 + ln 0.6) / 2
    assert log_loss([1, 0], [0.8, 0.4]) == pytest.approx(0.3669845875401, rel=1e-12)
    assert log_loss([1], [0.5]) == pytest.approx(math.log(2), rel=1e-15)


def test_log_loss_weighted_is_a_weighted_mean():
    # (1 * -ln 0.8 + 3 * -ln 0.6) / 4
    assert log_loss([1, 0], [0.8, 0.4], [1.0, 3.0]) == pytest.approx(0.43890510, rel=1e-7)


def test_log_loss_clips_certain_mistakes_instead_of_inf():
    assert log_loss([0], [1.0]) == pytest.approx(-math.log(1e-15), rel=1e-3)
    assert log_loss([1], [1.0]) == pytest.approx(0.0, abs=1e-14)


def test_rmse_bins_hand_computed():
    labels, preds, bins = [1, 0, 1, 1], [0.9, 0.7, 0.5, 0.5], ["a", "a", "b", "b"]
    # bin a: mean p 0.8, recall 0.5 -> 0.3^2 * 2; bin b: 0.5 vs 1.0 -> 0.5^2 * 2; / 4
    assert rmse_bins(labels, preds, bins) == pytest.approx(math.sqrt(0.17), rel=1e-12)
    # weights only change how much each bin counts: (4 * 0.09 + 2 * 0.25) / 6
    assert rmse_bins(labels, preds, bins, [1, 3, 1, 1]) == pytest.approx(math.sqrt(0.86 / 6), rel=1e-12)
    # one bin per review = ordinary RMSE
    assert rmse_bins([1, 0], [0.9, 0.2], [1, 2]) == pytest.approx(math.sqrt((0.01 + 0.04) / 2), rel=1e-12)


def test_evaluate_combines_both():
    assert evaluate([1, 0], [0.8, 0.4], [0, 0]) == Metrics(
        log_loss=pytest.approx(0.3669845875401), rmse_bins=pytest.approx(0.1)
    )


def test_bin_key_matches_fsrs_rs_r_matrix_index():
    # delta_t 1: 2.48 * 3.62^0 * 100 = 248; length 1+1=2 -> 1.99 * 1.89^1 = 3.76 -> 4; no lapse -> 0
    assert bin_key(1, 1, 0) == (248, 4, 0)
    # delta_t 4: 2.48 * 3.62 * 100 = 897.76 -> 898; length 4 -> 1.99 * 1.89^2 = 7.11 -> 7; lapses 2 -> 1.65 * 1.73 -> 3
    assert bin_key(4, 3, 2) == (898, 7, 3)
    # delta_t 100: floor(log_3.62 100) = 3 -> 2.48 * 47.44 * 100 = 11764.6 -> 11765
    assert bin_key(100, 1, 1) == (11765, 4, 2)
    assert bin_key(0, 0, 0) == (0, 2, 0)


def test_item_bin_key_ignores_same_day_reviews_and_the_current_lapse():
    reviews = [(1, 0), (3, 0), (3, 1), (1, 4), (3, 0), (1, 4)]
    # long-term reviews: delta_t >= 1 -> 3 (incl. current); lapses in history with delta_t >= 1 -> 1
    assert item_bin_key(reviews) == bin_key(4, 3, 1) == (898, 7, 2)


def test_recency_weights_like_fsrs_rs():
    assert recency_weights(3) == [0.25, 0.25 + 0.75 * 0.125, 1.0]
    assert recency_weights(1) == [0.25]


def test_mismatched_lengths_are_errors():
    with pytest.raises(ValueError):
        log_loss([1, 0], [0.5])
    with pytest.raises(ValueError):
        rmse_bins([1], [0.5], [])
    with pytest.raises(ValueError):
        log_loss([], [])
