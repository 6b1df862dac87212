"""The stored study queue: moved on by answers, never trusted after anything else changes a card."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, StudyQueue, StudySettings, User
from quizapp.srs.scheduler import SrsSettings
from quizapp.study.snapshot import Snapshot
from tests.builders import make_document, make_fact, make_item

UTC = dt.UTC
T0 = dt.datetime(2026, 1, 5, 4, 0, tzinfo=UTC)  # 09:30 IST
API_PAGE = "/study/"


class Api:
    def __init__(self, client, token) -> None:
        self.client, self.token = client, token

    def next(self, **params):
        response = self.client.get("/api/v1/study/next", query_string=params)
        assert response.status_code in (200, 204), response.data
        return response

    def post(self, path, body):
        response = self.client.post(f"/api/v1/study/{path}", json=body, headers={"X-CSRFToken": self.token})
        assert response.status_code == 200, response.json
        return response.json

    def answer(self, item_id, rating=3):
        return self.post("answer", {"item_id": item_id, "rating": rating, "duration_ms": 3000})


def _user_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id))


def _seed(app, pairs=4, reviews=6, review_pairs=False, reviews_per_day=4):
    """Sibling pairs of new items, and review cards already due with different intervals (in sibling pairs too)."""
    with app.app_context():
        doc = make_document()
        for _ in range(pairs):
            fact = make_fact(doc)
            make_item(doc, "fact", facts=[fact])
            make_item(doc, "mcq", facts=[fact])
        facts = [make_fact(doc) for _ in range(reviews)]
        due_items = [make_item(doc, "fact", facts=[facts[k // 2 if review_pairs else k]]) for k in range(reviews)]
        db.session.flush()
        user_id = db.session.scalar(sa.select(User.id))
        for k, item in enumerate(due_items):
            interval = dt.timedelta(days=2 + 3 * k)
            due = T0 - dt.timedelta(hours=6 + 5 * k)
            db.session.execute(sa.insert(Card.__table__).values(
                user_id=user_id, item_id=item.id, state=2, step=None, stability=2.0 + 3 * k, difficulty=5.0, due=due,
                last_review=due - interval, reps=3, lapses=0, suspended=False, flagged=False, created_at=T0))
        db.session.add(StudySettings(user_id=user_id, srs={**SrsSettings().to_dict(), "new_per_day": 5,
                                                           "reviews_per_day": reviews_per_day}))
        db.session.commit()


def _queue(app, user_id, key=""):
    with app.app_context():
        row = db.session.get(StudyQueue, (user_id, key))
        return None if row is None else (row.version, row.clean_version, row.built_at, Snapshot.from_json(row.lists))


def _drop_queues(app):
    with app.app_context():
        db.session.execute(sa.delete(StudyQueue))
        db.session.commit()


def _due_today(lists: Snapshot):
    """What the lists will serve today, the review window aside: learning, new up to the limit, and the counts."""
    return lists.learning, lists.new[:lists.new_left], min(lists.review_due, lists.review_left), lists.review_left


def _shown(response):
    if response.status_code == 204:
        return None, response.headers["X-Study-Counts"]
    return response.json["item"]["id"], response.json["counts"]


def test_an_answer_moves_the_stored_queue_on_without_a_rebuild(app, api, clock):
    _seed(app)
    first = api.next().json
    user_id = _user_id(app)
    version, clean, built, lists = _queue(app, user_id)
    assert version == clean and first["counts"] == lists.counts() == {"new": 5, "learning": 0, "review": 4}

    clock.at = T0 + dt.timedelta(seconds=30)
    api.answer(first["item"]["id"], 3)
    version2, clean2, built2, lists2 = _queue(app, user_id)
    assert version2 == clean2 and version2 > version  # the triggers counted the card; the answer accounted for it
    assert built2 == built  # not rebuilt
    assert lists2.counts() == {"new": 5, "learning": 0, "review": 3}
    second = api.next().json
    assert second["item"]["id"] != first["item"]["id"] and second["counts"]["review"] == 3
    assert _queue(app, user_id)[2] == built  # still the same build


@pytest.mark.parametrize("change", ["suspend_sql", "make_due_orm", "settings", "card_delete"])
def test_any_change_to_cards_or_settings_outside_an_answer_invalidates_the_queue(app, api, clock, change):
    _seed(app)
    head = api.next().json["item"]["id"]
    user_id = _user_id(app)
    version, clean, _, _ = _queue(app, user_id)
    assert version == clean
    with app.app_context():
        if change == "suspend_sql":  # not even through the ORM: a console, another program
            db.session.execute(sa.text("UPDATE card SET suspended = :t WHERE item_id = :i"), {"t": True, "i": head})
        elif change == "make_due_orm":
            card = db.session.scalar(sa.select(Card).where(Card.state == 0).order_by(Card.id.desc()))
            card.due = T0 - dt.timedelta(days=30)
        elif change == "settings":
            row = db.session.get(StudySettings, user_id)
            row.srs = {**row.srs, "reviews_per_day": 1}
        else:
            db.session.execute(sa.delete(Card).where(Card.item_id == head))
        db.session.commit()
    version, clean, _, _ = _queue(app, user_id)
    assert version != clean
    shown, counts = _shown(api.next())
    if change in ("suspend_sql", "card_delete"):
        assert shown != head
    if change == "settings":
        assert counts["review"] == 1
    assert _queue(app, user_id)[0] == _queue(app, user_id)[1]  # rebuilt and stored again


def test_a_stale_head_is_never_served(app, api, clock):
    """Even if a stored queue claimed to be valid, a head card that is no longer due is not shown."""
    _seed(app)
    head = api.next().json["item"]["id"]
    _user_id(app)
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.item_id == head))
        card.due = T0 + dt.timedelta(days=10)  # answered elsewhere, say
        db.session.commit()
        # Pretend the triggers missed it.
        db.session.execute(sa.update(StudyQueue).values(clean_version=StudyQueue.version))
        db.session.commit()
    assert api.next().json["item"]["id"] != head


def test_two_answers_to_one_card_both_count_and_the_queue_recovers(app, api, clock):
    """Two tabs answering the same card: both are logged, in order, and nothing is served twice."""
    _seed(app)
    head = api.next().json["item"]["id"]
    first = api.answer(head, 3)
    clock.at = T0 + dt.timedelta(minutes=1)
    second = api.answer(head, 3)  # the second tab, which still showed it
    assert first["review_id"] != second["review_id"]
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.item_id == head))
        assert card.reps == 3 + 2
    shown, counts = _shown(api.next())
    _drop_queues(app)
    assert _shown(api.next()) == (shown, counts) and shown != head


@pytest.mark.parametrize("seed, window, filtered", [(20261122, 300, False), (7, 300, False), (11, 3, False),
                                                     (5, 3, True)])
def test_stored_queue_always_agrees_with_a_rebuild(app, api, clock, seed, window, filtered, monkeypatch):
    """A random study session: after every step, what the stored queue serves equals a queue rebuilt from scratch.

    With a review window of 3 the window is spent again and again, and due
    reviews outside it (some of them buried siblings) must still be counted.
    The filtered run studies one bank, so its queue is a separate stored row.
    """
    from quizapp.models import Document
    from quizapp.study import queue

    monkeypatch.setattr(queue, "REVIEW_WINDOW", window)
    _seed(app, pairs=6, reviews=10, review_pairs=True, reviews_per_day=20)  # the count is what is due, not the limit
    with app.app_context():
        bank = db.session.scalar(sa.select(Document.id))
    params, key = ({"bank": bank}, f"bank={bank}") if filtered else ({}, "")
    rng = random.Random(seed)
    plan = ["answer"] * 40 + ["undo"] * 10 + ["suspend"] * 5 + ["flag"] * 5 + ["wait"] * 10
    rng.shuffle(plan)
    moved_since_build = False
    steps = dict.fromkeys(plan, 0)
    user_id = None
    for action in plan:
        kept = _queue(app, user_id, key) if user_id else None  # as the last step left it
        stored = _shown(api.next(**params))
        user_id = user_id or _user_id(app)
        _drop_queues(app)
        rebuilt = _shown(api.next(**params))
        assert stored[1] == rebuilt[1]
        if not moved_since_build:  # reviews are ranked when built; moving time may reorder near-ties
            assert stored[0] == rebuilt[0]
            fresh = _queue(app, user_id, key)[3]
            if kept and kept[0] == kept[1]:  # the last step moved the stored lists on: they must be a rebuild's
                assert _due_today(kept[3]) == _due_today(fresh)
                window_left = kept[3].review if kept[3].review_left else []  # a spent limit shows no reviews
                assert fresh.review[:len(window_left)] == window_left  # the rest of the window, in rank order
        moved_since_build = False
        head = rebuilt[0]
        if action == "undo" and steps["answer"] > steps["undo"]:
            assert api.post("undo", {})["undone"]
        elif action in ("answer", "suspend", "flag") and head is not None:
            if action == "answer":
                api.answer(head, rng.choice((1, 2, 3, 3, 3, 4)))
            else:
                api.post(action, {"item_id": head})
        else:
            action = "wait"
            clock.at += dt.timedelta(minutes=rng.choice((1, 5, 11, 30)))
            moved_since_build = True
        steps[action] += 1
        clock.at += dt.timedelta(seconds=5)
    assert all(steps.values()), steps  # every kind of step happened


def test_an_answer_that_loses_a_race_reads_again_and_still_counts(app, api, clock, monkeypatch):
    """Another tab answers the card between this answer's read and its write: the write is refused, then redone."""
    from quizapp.study import store

    _seed(app)
    head = api.next().json["item"]["id"]
    with app.app_context():
        reps = db.session.scalar(sa.select(Card.reps).where(Card.item_id == head))
    original, raced = store.answered, []

    def answered_then_overtaken(conn, user_id, item_id, fuzz):
        found = original(conn, user_id, item_id, fuzz)
        if not raced:
            raced.append(True)
            with db.engine.begin() as other:  # a second connection, as another worker would have
                other.execute(sa.update(Card).where(Card.item_id == item_id).values(reps=Card.reps + 1))
        return found

    monkeypatch.setattr(store, "answered", answered_then_overtaken)
    result = api.answer(head, 3)
    assert raced and not result["replayed"]
    with app.app_context():
        assert db.session.scalar(sa.select(Card.reps).where(Card.item_id == head)) == reps + 2
        log = db.session.execute(sa.select(ReviewLog.card_before).where(ReviewLog.item_id == head)).scalar_one()
        assert log["reps"] == reps + 1  # the "before" is the card as the other tab left it


def test_an_answer_can_carry_the_next_item(app, api, clock):
    """``?next=1``: one round trip per card, and the same card and counts GET next would give."""
    _seed(app, pairs=2, reviews=1)
    shown = api.next().json
    seen = []
    while shown["item"] is not None:
        seen.append(shown["item"]["id"])
        clock.at += dt.timedelta(seconds=10)
        reply = api.post("answer?next=1", {"item_id": shown["item"]["id"], "rating": 4, "duration_ms": 2000})
        carried = reply["next"]
        again = api.next()
        if carried["item"] is None:
            header = dict(kv.split("=") for kv in again.headers["X-Study-Counts"].split(","))
            assert again.status_code == 204 and {k: int(v) for k, v in header.items()} == carried["counts"]
            assert "tomorrow" in carried
        else:
            assert (carried["item"]["id"], carried["counts"]) == (again.json["item"]["id"], again.json["counts"])
            assert carried["intervals"] == again.json["intervals"]
        shown = carried
    assert len(seen) == 3  # the review and one item of each pair: Easy graduates it, and its sibling is buried


def test_queue_and_burying_statements_are_planned_once_not_on_every_run(app, api, clock):
    """'retired' is written into the SQL, not bound.

    Bound, SQLite can use the partial index ``ix_item_retired`` only by
    planning the statement for the value at hand, so it parsed and planned the
    burying UPDATE and every queue query again on each execution (about a
    fifth of an answer's SQLite time). ``sqlite_stmt`` counts those re-prepares.
    """
    from quizapp.study import queue, store

    _seed(app, review_pairs=True)
    item_id = api.next().json["item"]["id"]
    user_id = _user_id(app)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("re-preparing is SQLite's planner; PostgreSQL plans bound values its own way")
        conn = db.session.connection()
        day = queue.Day(now=T0, start=T0 - dt.timedelta(hours=4), end=T0 + dt.timedelta(hours=20))
        for k in range(3):
            store.bury_siblings(conn, user_id, item_id, T0 + dt.timedelta(days=k), T0 + dt.timedelta(days=k + 1))
            queue.build(user_id, queue.Filters(), day, 5 - k, 4 - k)
            queue.build(user_id, queue.Filters(bank="nonexistent"), day, 5, 4)
        rows = conn.exec_driver_sql("SELECT sql, reprep, run FROM sqlite_stmt WHERE sql LIKE '%item.status%'").all()
        db.session.rollback()
    assert {r.sql.split()[0] for r in rows} >= {"UPDATE", "SELECT"}, rows
    assert [(r.sql[:60], r.reprep) for r in rows if r.reprep] == []
