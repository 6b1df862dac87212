"""The dashboard's figures from constructed aggregate rows: exact values, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.progress import figures as f
from quizapp.srs import scheduler as srs

D = dt.date(2026, 3, 10)
UTC = dt.UTC


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_streak_counts_back_from_today_or_yesterday():
    assert f.streak({day(0), day(-1), day(-2), day(-4)}, D) == (3, True)
    # Nothing yet today: the run up to yesterday still stands.
    assert f.streak({day(-1), day(-2), day(-4)}, D) == (2, False)
    # A whole day without a review breaks it.
    assert f.streak({day(-2), day(-3)}, D) == (0, False)
    assert f.streak(set(), D) == (0, False)
    assert f.streak({day(1), day(0)}, D) == (1, True)  # a future day (clock moved back) is ignored


def test_heatmap_is_a_year_of_days_with_zeros():
    cells = f.heatmap({day(0): 4, day(-364): 2, day(-365): 9}, D)
    assert len(cells) == 365
    assert cells[0] == f.DayCount(day(-364), 2) and cells[-1] == f.DayCount(D, 4)
    assert sum(c.value for c in cells) == 6  # day -365 is outside the year


def test_forecast_puts_overdue_on_today():
    out = f.forecast({day(0): 2, day(3): 5, day(30): 7}, overdue=4, today=D)
    assert len(out) == 30
    assert out[0] == f.DayCount(D, 6) and out[3].value == 5
    assert out[-1].day == day(29) and sum(c.value for c in out) == 11


def test_true_retention_windows():
    rows = [(day(0), 3, 4), (day(-6), 1, 1), (day(-7), 0, 2), (day(-29), 5, 5), (day(-30), 1, 3)]
    out = f.true_retention(rows, D)
    assert out["last_7_days"] == f.Share(4, 5) and out["last_7_days"].rate == 0.8
    assert out["last_30_days"] == f.Share(9, 12)
    assert out["all_time"] == f.Share(10, 15)
    assert f.true_retention([], D)["all_time"].as_dict() == {"passed": 0, "total": 0, "rate": None}


def test_mastery_row_averages_and_accuracy():
    row = f.MasteryRow("t1", "Polity", seen=4, mature=1, retrievability_sum=3.4, correct=6, graded=8)
    assert row.as_dict() == {"key": "t1", "name": "Polity", "seen": 4, "mature": 1, "retrievability": 0.85,
                             "accuracy": 0.75, "answers": 8}
    empty = f.MasteryRow("t2", "Economy", 0, 0, 0.0, 0, 0).as_dict()
    assert empty["retrievability"] is None and empty["accuracy"] is None


@pytest.mark.parametrize("stability", [0.4, 2.5, 21.0, 300.0])
@pytest.mark.parametrize("hours", [0, 20, 24, 24 * 7 + 3, 24 * 400])
def test_forgetting_curve_is_fsrs_retrievability(stability, hours):
    settings = srs.SrsSettings(enable_fuzzing=False)
    sched = srs._scheduler(settings)
    last = dt.datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
    now = last + dt.timedelta(hours=hours)
    state = srs.CardState(state=srs.State.REVIEW, step=None, stability=stability, difficulty=5.0, due=now, last_review=last)
    expected = srs.retrievability(state, now, settings)
    got = f.forgetting_curve((now - last).days, stability, sched._DECAY, sched._FACTOR)
    assert got == pytest.approx(expected, rel=1e-12)


def test_time_per_day_in_minutes():
    out = f.time_per_day({day(0): 90_000, day(-2): 600_000}, D, days=3)
    assert out == [(day(-2), 10.0), (day(-1), 0.0), (D, 1.5)]


def test_trends_are_sorted_and_derived():
    t1 = dt.datetime(2026, 3, 1, tzinfo=UTC)
    tests = f.test_trend([
        f.TestResult(t1 + dt.timedelta(days=2), "Mock 2", 120.0, 200.0, 8.0),
        f.TestResult(t1, "Mock 1", 90.66, 200.0, 13.34),
    ])
    assert [t["title"] for t in tests] == ["Mock 1", "Mock 2"]
    assert tests[0]["percent"] == 45.3 and tests[0]["without_negative"] == 104.0
    writing = f.writing_trend([f.WritingResult(t1, "Q1", 240, 250, 630, 660, 3, 4)])
    assert writing[0]["minutes_used"] == 10.5 and writing[0]["coverage"] == 0.75
