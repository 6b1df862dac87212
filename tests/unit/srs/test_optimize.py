"""Item building, eligibility, the keep-or-discard decision and a real optimisation run."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from quizapp.srs.metrics import Metrics, recency_weights
from quizapp.srs.optimize import (
    ReviewRecord,
    build_items,
    eligible,
    evaluate_parameters,
    optimize,
    reference_evaluate,
    should_keep,
    split_items,
    to_py_fsrs_parameters,
)

UTC = UTC
T0 = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "review_logs_josh_1711744352250_to_1728234780857.csv"
UTC_4AM = timedelta(hours=-4)


def _records(n: int, span: timedelta) -> list[ReviewRecord]:
    step = span / max(n - 1, 1)
    return [ReviewRecord(card_id=i % 50, rating=3, review_time=T0 + i * step) for i in range(n)]


@pytest.fixture(scope="module")
def slice_records() -> list[ReviewRecord]:
    with DATA.open(newline="") as fh:
        rows = list(csv.DictReader(fh))[:5000]
    return [
        ReviewRecord(int(r["card_id"]), int(r["review_rating"]), datetime.fromisoformat(r["review_time"]),
                     int(r["review_duration"]))
        for r in rows
    ]


def test_eligibility_needs_both_volume_and_span():
    assert eligible(_records(1000, timedelta(days=14)))
    assert not eligible(_records(999, timedelta(days=30)))
    assert not eligible(_records(1000, timedelta(days=13, hours=23)))
    assert not eligible([])
    assert eligible(_records(10, timedelta(days=2)), min_reviews=10, min_days=2)


def test_review_record_validates():
    with pytest.raises(ValueError, match="rating must be 1-4"):
        ReviewRecord(1, 5, T0)
    with pytest.raises(ValueError, match="naive"):
        ReviewRecord(1, 3, datetime(2024, 1, 1))


def test_build_items_one_per_later_day_review_with_same_day_history():
    day = timedelta(days=1)
    records = [
        ReviewRecord(7, 1, T0),
        ReviewRecord(7, 3, T0 + timedelta(minutes=1)),
        ReviewRecord(8, 3, T0 + timedelta(minutes=2)),
        ReviewRecord(7, 3, T0 + day),
        ReviewRecord(7, 1, T0 + 4 * day),
        ReviewRecord(7, 3, T0 + 4 * day + timedelta(minutes=10)),
        ReviewRecord(8, 2, T0 + 2 * day),
    ]
    items = build_items(reversed(records), day_offset=timedelta(0))  # input order must not matter
    assert [(i.card_id, i.reviews) for i in items] == [
        (7, ((1, 0), (3, 0), (3, 1))),
        (8, ((3, 0), (2, 2))),
        (7, ((1, 0), (3, 0), (3, 1), (1, 3))),
    ]
    assert [i.order for i in items] == [3, 4, 5]
    assert [i.label for i in items] == [1, 1, 0]


def test_study_day_boundary_decides_same_day():
    late, early_next = datetime(2024, 3, 1, 23, 0, tzinfo=UTC), datetime(2024, 3, 2, 3, 0, tzinfo=UTC)
    records = [ReviewRecord(1, 3, late), ReviewRecord(1, 3, early_next)]
    assert [i.reviews for i in build_items(records, day_offset=timedelta(0))] == [((3, 0), (3, 1))]
    assert build_items(records, day_offset=UTC_4AM) == []  # both before 04:00 UTC -> one study day
    # The app's default is IST with a 4 am day start: 23:00 UTC = 04:30 IST (new day), 03:00 UTC = 08:30 IST.
    assert build_items(records) == []


def test_split_is_by_review_time_not_by_card():
    records = _records(10, timedelta(days=9))  # cards 0..9, one review each day ... all distinct cards
    records += [ReviewRecord(0, 3, T0 + timedelta(days=9, hours=1))]
    items = build_items(records, day_offset=timedelta(0))
    train, test = split_items(items, len(records), 0.8)
    assert train == [] and [i.order for i in test] == [10]
    assert test[0].reviews == ((3, 0), (3, 9))  # history from the training period is kept
    with pytest.raises(ValueError):
        split_items(items, len(records), 1.0)


def test_parameters_are_converted_for_py_fsrs():
    fsrs5 = [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
             1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621]
    out = to_py_fsrs_parameters(fsrs5)
    assert len(out) == 21 and out[:4] == (0.40255, 1.18385, 3.173, 15.69105)
    assert out[19:] == (0.0, 0.5)
    float32_on_bound = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    float32_on_bound[20] = 0.800000011920929  # float32(0.8): above py-fsrs's upper bound
    assert to_py_fsrs_parameters(float32_on_bound)[20] == 0.8
    fsrs.Scheduler(parameters=out)
    with pytest.raises(ValueError, match="expected 17, 19 or 21"):
        to_py_fsrs_parameters([1.0] * 5)


def test_keep_decision_requires_strictly_lower_log_loss():
    before = Metrics(log_loss=0.40, rmse_bins=0.05)
    assert should_keep(before, Metrics(log_loss=0.39, rmse_bins=0.08))
    assert not should_keep(before, Metrics(log_loss=0.41, rmse_bins=0.01))
    assert not should_keep(before, before)


def test_app_predictions_match_fsrs_rs_evaluate(slice_records):
    items = build_items(slice_records, day_offset=UTC_4AM)
    _, test = split_items(items, len(slice_records))
    ours = evaluate_parameters(None, test, recency_weights(len(test)))
    ref = reference_evaluate(None, test)
    assert ours.log_loss == pytest.approx(ref.log_loss, abs=1e-5)
    assert ours.rmse_bins == pytest.approx(ref.rmse_bins, abs=1e-5)


def test_optimise_on_real_slice_then_refuses_to_replace_equal_parameters(slice_records):
    result = optimize(slice_records, day_offset=UTC_4AM)
    assert (result.n_train, result.n_test) == (1550, 551)
    # Default parameters, replayed by py-fsrs: deterministic.
    assert result.before.log_loss == pytest.approx(0.38190445025291725, rel=1e-9)
    assert result.before.rmse_bins == pytest.approx(0.1017876354031895, rel=1e-9)
    assert len(result.candidate) == 21
    fsrs.Scheduler(parameters=result.candidate)  # usable by py-fsrs as is
    assert result.kept == should_keep(result.before, result.after)
    assert result.kept  # on this learner the fit helps: 0.370 vs 0.382
    assert result.after.log_loss < 0.375
    assert result.parameters == result.candidate

    # Constructed "not better" case: the current parameters are the ones the
    # fit produces again, so the candidate cannot beat them and is not kept.
    again = optimize(slice_records, day_offset=UTC_4AM, current=result.candidate)
    assert again.before == again.after
    assert not again.kept
    assert again.parameters == result.candidate


def test_optimise_without_enough_history_says_so():
    with pytest.raises(ValueError, match="not enough history"):
        optimize(_records(20, timedelta(hours=3)))
