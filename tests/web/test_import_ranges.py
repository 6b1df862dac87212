"""An import can no longer break an account, and an account with odd stored values still works."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import ReviewLog
from tests.web.test_progress_transfer import asha, counts, ravi, resign, upload  # noqa: F401  (fixtures)


def _set(doc, path, value):
    target = doc["payload"]
    *parents, last = path
    for key in parents:
        target = target[key]
    target[last] = value


@pytest.mark.parametrize(("path", "value", "message"), [
    (("review_logs", 0, "reviewed_at"), "9999-12-31T00:00:00+00:00", "outside the dates"),
    (("review_logs", 0, "reviewed_at"), "1999-12-31T00:00:00+00:00", "outside the dates"),
    (("review_logs", 0, "reviewed_at"), "0001-01-01T00:00:00+14:00", "outside the dates"),
    (("cards", 0, "created_at"), "2030-01-01T00:00:00+00:00", "outside the dates"),
    (("cards", 0, "due"), "9999-12-31T00:00:00+00:00", "outside the dates"),
    (("review_logs", 0, "duration_ms"), 86_400_001, "not between 0 and a day"),
    (("review_logs", 0, "duration_ms"), 2 ** 63, "too large"),
    (("cards", 0, "reps"), 2 ** 70, "too large"),
    (("cards", 0, "stability"), 1e308, "out of range"),
    (("cards", 0, "step"), 10 ** 9, "not a learning step"),
    (("settings", "srs"), {"learning_steps": [86400 * 10 ** 9]}, "between 1 second and a year"),
    (("settings", "srs"), {"maximum_interval": 10 ** 12}, "more than 36500"),
])
def test_out_of_range_values_are_refused_and_nothing_is_written(app, client, asha, ravi, path, value, message):
    doc = client.get("/progress/export").json
    _set(doc, path, value)
    response = upload(ravi, resign(doc))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Nothing was imported" in html
    assert counts(app, ravi.user_id) == (0, 0, False)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_refused(app, client, asha, ravi, constant):
    doc = client.get("/progress/export").json
    doc["payload"]["cards"][0]["stability"] = 1.5
    body = resign(doc).replace(b'"stability": 1.5', f'"stability": {constant}'.encode(), 1)
    assert constant.encode() in body
    response = upload(ravi, body)
    assert response.status_code == 422
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_deeply_nested_file_is_refused_with_a_message(app, ravi):
    response = upload(ravi, b"[" * 5000 + b"]" * 5000)
    assert response.status_code == 422
    assert counts(app, ravi.user_id) == (0, 0, False)


@pytest.mark.parametrize("column", ["reviewed_at", "duration_ms"])
def test_pages_survive_odd_values_already_stored(app, client, asha, column):
    with app.app_context():
        engine = db.engine.dialect.name
        if column == "reviewed_at":
            value = "9999-12-31 23:59:59.000000" if engine == "sqlite" else dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
        else:  # PostgreSQL's INTEGER cannot hold 1e308; its largest value is still weeks in one answer
            value = 1e308 if engine == "sqlite" else 2 ** 31 - 1
        # The newest answer: the time-per-day chart shows recent days.
        newest = db.session.scalar(sa.select(ReviewLog.id).order_by(ReviewLog.reviewed_at.desc()).limit(1))
        db.session.execute(sa.text(f"UPDATE review_log SET {column} = :v WHERE id = :id"), {"v": value, "id": newest})
        db.session.commit()
    for path in ("/", "/progress/", "/api/v1/progress/summary"):
        response = client.get(path)
        assert response.status_code == 200, path
    summary = client.get("/api/v1/progress/summary").json
    assert summary is not None
