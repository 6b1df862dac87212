"""The dashboard's cached mastery follows every answer and undo at once, and time within ten minutes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card
from quizapp.progress import dashboard, history
from quizapp.web.appstate import progress_caches
from tests.builders import use_clock
from tests.web.test_progress_history import NOW, seed_history


def fresh(app, user_id: int, at: dt.datetime) -> dict:
    """Mastery computed without the cache, to compare the cached figures with."""
    return dashboard.build(user_id, at, history.Caches())["mastery"]


def test_mastery_follows_answers_undo_and_time(app, client, auth):
    clock = use_clock(app, NOW)
    auth.register()
    user_id = seed_history(app)
    token = auth.csrf("/study/")
    with app.app_context():
        before = dashboard.build(user_id, NOW, progress_caches())["mastery"]
        # An answer (through the real API) shows at once.
        item = client.get("/api/v1/study/next").json["item"]["id"]
        assert client.post("/api/v1/study/answer", json={"item_id": item, "rating": 3},
                           headers={"X-CSRFToken": token}).status_code == 200
        answered = dashboard.build(user_id, NOW, progress_caches())["mastery"]
        assert answered != before and answered == fresh(app, user_id, NOW)
        # So does an undo.
        assert client.post("/api/v1/study/undo", headers={"X-CSRFToken": token}).status_code == 200
        assert dashboard.build(user_id, NOW, progress_caches())["mastery"] == before == fresh(app, user_id, NOW)

        # A change without an answer (here: a card edited in place) waits for the next ten-minute bucket.
        dashboard.build(user_id, NOW, progress_caches())
        db.session.execute(sa.update(Card).where(Card.user_id == user_id, Card.item_id == "b1").values(stability=1.0))
        db.session.commit()
        assert dashboard.build(user_id, NOW, progress_caches())["mastery"] == before
        later = NOW + dt.timedelta(seconds=history.MASTERY_BUCKET_SECONDS)
        clock.at = later
        assert dashboard.build(user_id, later, progress_caches())["mastery"] != before
        assert dashboard.build(user_id, later, progress_caches())["mastery"] == fresh(app, user_id, later)
