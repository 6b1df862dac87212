"""Every dashboard figure from the SQL aggregates, for the constructed history in test_progress_history."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.progress import dashboard
from tests.web.test_progress_history import EXPECTED, NOW, TODAY, seed_history


@pytest.fixture
def figures(app, auth):
    auth.register()
    user_id = seed_history(app)
    with app.app_context():
        return dashboard.build(user_id, NOW)


def by_offset(rows, key="value"):
    return {(dt.date.fromisoformat(r["date"]) - TODAY).days: r[key] for r in rows if r[key]}


def test_due_streak_and_days(figures):
    assert figures["today"] == "2026-03-10" and figures["timezone"] == "Asia/Kolkata"
    assert figures["due"] == EXPECTED["due"]
    assert figures["streak"] == {"days": EXPECTED["streak"], "includes_today": True}
    assert len(figures["heatmap"]) == 365 and by_offset(figures["heatmap"]) == EXPECTED["heatmap"]
    assert figures["reviews_total"] == 11
    assert len(figures["forecast"]) == 30 and by_offset(figures["forecast"]) == EXPECTED["forecast"]
    assert figures["forecast"][0]["date"] == "2026-03-10"
    assert by_offset(figures["time_per_day"], "minutes") == EXPECTED["minutes"]


def test_true_retention_beside_desired(figures):
    retention = figures["retention"]
    assert retention["desired"] == 0.9
    for window, (passed, total) in EXPECTED["retention"].items():
        assert (retention[window]["passed"], retention[window]["total"]) == (passed, total), window
        assert retention[window]["rate"] == round(passed / total, 4)


@pytest.mark.parametrize("kind", ["topics", "banks"])
def test_mastery(figures, kind):
    got = {r["name"]: r for r in figures["mastery"][kind]}
    assert set(got) == set(EXPECTED[kind])
    for name, (seen, mature, recall, correct, graded) in EXPECTED[kind].items():
        row = got[name]
        assert (row["seen"], row["mature"], row["answers"]) == (seen, mature, graded), name
        assert row["retrievability"] == pytest.approx(recall, abs=5e-5), name
        assert row["accuracy"] == round(correct / graded, 4), name


def test_no_trends_without_providers(figures):
    assert figures["tests"] == [] and figures["writing"] == []
