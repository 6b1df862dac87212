"""Real mock tests and real answers feed the dashboard's trends and travel in the export.

The progress tests use stand-in providers; these use the practice and writing
features themselves, through their APIs, so a change on either side that
breaks the hook-up fails here.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.models.writing import DraftVersion, WritingAttempt
from quizapp.progress import dashboard
from quizapp.web.appstate import progress_caches
from tests.web.test_practice_api import Api as PracticeApi
from tests.web.test_practice_api import seed_mcqs, wrong_choice
from tests.web.test_progress_transfer import ravi, upload  # noqa: F401  (ravi is a fixture)
from tests.web.test_writing import Api as WritingApi
from tests.web.test_writing import seed_prompt

UTC = dt.UTC
T0 = dt.datetime(2026, 4, 6, 4, 0, tzinfo=UTC)


@pytest.fixture
def asha(app, client, auth, clock):
    """A user with one submitted mock test (3 right, 2 wrong, 5 blank) and one submitted answer."""
    keys = seed_mcqs(app, n=12)
    prompt = seed_prompt(app)
    auth.register()
    practice = PracticeApi(client, auth.csrf("/practice/"))
    attempt = practice.create(size=10).json
    qs = [q["item_id"] for q in attempt["questions"]]
    for item_id in qs[:3]:
        assert practice.put(attempt["id"], {"item_id": item_id, "choice": keys[item_id], "time_spent_ms": 4000}).status_code == 200
    for item_id in qs[3:5]:
        assert practice.put(attempt["id"], {"item_id": item_id, "choice": wrong_choice(keys[item_id])}).status_code == 200
    clock.at += dt.timedelta(minutes=6)
    assert practice.submit(attempt["id"]).status_code == 200

    writing = WritingApi(client, auth.csrf("/writing/"))
    started = writing.start(prompt).json
    text = "The monsoon arrives in June with heavy rainfall.\n\nIt matters to farmers.\n\nSo the monsoon is vital."
    assert writing.save(started["id"], text, 0).status_code == 200
    clock.at += dt.timedelta(minutes=4)
    assert writing.submit(started["id"]).status_code == 200
    clock.at += dt.timedelta(minutes=1)
    return {"wrong": qs[3:5], "test": attempt["id"], "answer": started["id"], "text": text}


def test_dashboard_shows_the_real_test_and_answer(app, client, asha, clock):
    with app.app_context():
        user_id = db.session.scalar(sa.select(PracticeAttempt.user_id))
        figures = dashboard.build(user_id, clock.at, progress_caches())
    [test] = figures["tests"]
    # UPSC marking: 3 x 2 - 2 x 2/3 = 4.67 of 20; negative marking cost 1.33.
    assert (test["correct"], test["wrong"], test["attempted"]) == (3, 2, 5)
    assert test["score"] == pytest.approx(6 - 4 / 3) and test["max_score"] == 20
    assert test["negative"] == pytest.approx(4 / 3) and test["percent"] == 23.3
    [answer] = figures["writing"]
    assert answer["words"] == 17 and answer["seconds_used"] == 240
    assert (answer["key_points_covered"], answer["key_points_total"]) == (1, 2)
    page = client.get("/progress/").get_data(as_text=True)
    assert "No mock tests yet" not in page and "No answers written yet" not in page


def test_export_carries_tests_and_drafts_and_import_reproduces_them(app, client, asha, ravi, clock):  # noqa: F811
    doc = client.get("/progress/export").json
    [test] = doc["payload"]["extensions"]["practice"]
    assert test["status"] == "submitted" and len(test["responses"]) == 10
    assert sorted(r["item_id"] for r in test["responses"] if r["choice"] is not None and r["item_id"] in asha["wrong"]) \
        == sorted(asha["wrong"])
    [answer] = doc["payload"]["extensions"]["writing"]
    assert [v["text"] for v in answer["versions"]] == [asha["text"]]

    assert upload(ravi, json.dumps(doc).encode()).status_code == 302
    with app.app_context():
        ids = dict(db.session.execute(sa.select(PracticeAttempt.id, PracticeAttempt.user_id)).all())
        asha_id = ids[asha["test"]]
        assert ravi.user_id in ids.values()
        before, after = dashboard.build(asha_id, clock.at, progress_caches()), dashboard.build(ravi.user_id, clock.at, progress_caches())
        assert after == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeResponse)) == 20
        assert db.session.scalars(sa.select(DraftVersion.text).join(WritingAttempt)
                                  .where(WritingAttempt.user_id == ravi.user_id)).all() == [asha["text"]]
        # The wrong answers came along as Again reviews, on cards of their own.
        logs = db.session.scalars(sa.select(ReviewLog.item_id).where(ReviewLog.user_id == ravi.user_id,
                                                                     ReviewLog.origin == "test")).all()
        assert sorted(logs) == sorted(asha["wrong"])
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Card).where(Card.user_id == ravi.user_id)) > 0
    # And the copy exports the same payload again.
    assert ravi.get("/progress/export").json["payload"] == doc["payload"]


def test_an_account_with_a_test_is_not_fresh(app, client, asha, ravi):  # noqa: F811
    doc = client.get("/progress/export").json
    upload(ravi, json.dumps(doc).encode())
    again = upload(ravi, json.dumps(doc).encode())
    assert again.status_code == 422
    assert "fresh account" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 2
