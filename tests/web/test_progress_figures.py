"""Every dashboard figure from the SQL aggregates, for the constructed history in test_progress_history."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.progress import dashboard
from quizapp.web.appstate import progress_caches
from tests.web.test_progress_history import EXPECTED, NOW, TODAY, seed_history


@pytest.fixture
def figures(app, auth):
    auth.register()
    user_id = seed_history(app)
    with app.app_context():
        return dashboard.build(user_id, NOW, progress_caches())


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


def test_cached_past_follows_undo_and_new_answers(app, client, auth):
    """The past's aggregates are cached; undoing yesterday's answer and answering today both show at once."""
    from quizapp.extensions import db
    from tests.builders import make_document, make_item
    from tests.conftest import csrf_from

    clock = {"at": NOW}
    app.config["CLOCK"] = lambda: clock["at"]
    auth.register()
    with app.app_context():
        doc = make_document()
        ids = [make_item(doc).id for _ in range(2)]
        db.session.commit()
    token = csrf_from(client.get("/study/").get_data(as_text=True))

    def answer(item_id):
        response = client.post("/api/v1/study/answer", json={"item_id": item_id, "rating": 4, "duration_ms": 6000},
                               headers={"X-CSRFToken": token})
        assert response.status_code == 200

    def summary():
        return client.get("/api/v1/progress/summary").json

    answer(ids[0])
    answer(ids[1])
    clock["at"] = NOW + dt.timedelta(days=1)
    first = summary()
    assert first["reviews_total"] == 2 and first["heatmap"][-2]["value"] == 2 and first["streak"]["days"] == 1
    assert summary() == first  # served from the cache, identical
    assert client.post("/api/v1/study/undo", headers={"X-CSRFToken": token}).status_code == 200
    after_undo = summary()
    assert after_undo["reviews_total"] == 1 and after_undo["heatmap"][-2]["value"] == 1
    assert after_undo["mastery"]["banks"][0]["answers"] == 1
    answer(ids[1])
    today = summary()
    assert today["reviews_total"] == 2 and today["heatmap"][-1]["value"] == 1 and today["streak"] == {
        "days": 2, "includes_today": True}


def test_local_days_west_of_utc(app, auth):
    """A zone behind UTC: an answer at 03:00 UTC belongs to the previous local day."""
    from quizapp.extensions import db
    from quizapp.models import StudySettings

    auth.register()
    user_id = seed_history(app)
    with app.app_context():
        db.session.add(StudySettings(user_id=user_id, srs={}, timezone="America/New_York"))  # UTC-5 in March before DST
        db.session.commit()
        at = dt.datetime(2026, 3, 7, 3, 0, tzinfo=dt.UTC)  # 22:00 on 6 March in New York
        got = dashboard.build(user_id, at, progress_caches())
    assert got["today"] == "2026-03-06" and got["timezone"] == "America/New_York"
    # 10:00 IST is 23:30 the day before in New York, 11:00 IST is 00:30 the same day; answers after "now" are not shown.
    days = {r["date"]: r["value"] for r in got["heatmap"] if r["value"]}
    assert days == {"2026-01-28": 1, "2026-02-02": 1, "2026-02-25": 1, "2026-02-27": 1, "2026-02-28": 1}
