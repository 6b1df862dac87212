"""A constructed study history at fixed datetimes, shared by the progress web tests (no tests of its own).

The user is on IST (the default). "Now" is 12:00 IST on 10 March 2026; day
offsets below are local days. Expected figures are worked out by hand in
EXPECTED so each test can compare what the dashboard shows with them.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User
from quizapp.srs import scheduler as srs
from tests.builders import make_document, make_item, make_topic

UTC = dt.UTC
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=IST).astimezone(UTC)
TODAY = dt.date(2026, 3, 10)


def local(days: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=IST).astimezone(UTC)


# (item, local day, hour, minute, state_before, rating, correct, duration_ms)
LOGS = [
    ("a1", -40, 10, 0, 0, 3, True, 10_000),
    ("a1", -35, 10, 0, 2, 1, False, 9_000),
    ("a2", -12, 10, 0, 0, 3, True, 8_000),
    ("a2", -10, 10, 0, 2, 1, False, 6_000),
    ("a2", -10, 11, 0, 2, 3, True, 5_000),   # second review of the day: not in true retention
    ("a1", -2, 0, 10, 2, 3, True, 20_000),   # 00:10 IST is still the previous day in UTC
    ("b1", -1, 10, 0, 0, 4, True, 4_000),
    ("b1", -1, 10, 5, 2, 2, True, 7_000),    # Hard passes
    ("a3", 0, 9, 0, 0, 1, False, 30_000),
    ("a3", 0, 11, 30, 1, 3, True, 15_000),
    ("a1", 0, 11, 45, 2, 4, True, 3_000),
]

# item: (state, step, stability, difficulty, last_review, due)
CARDS = {
    "a1": (2, None, 30.0, 5.0, local(-2, 12), local(-2, 12) + dt.timedelta(days=40)),   # mature
    "a2": (2, None, 5.0, 6.0, local(-10, 12), local(-10, 12) + dt.timedelta(days=8)),  # overdue
    "a3": (1, 1, 1.0, 7.0, NOW - dt.timedelta(hours=1), NOW + dt.timedelta(minutes=9)),  # learning, due today
    "b1": (2, None, 25.0, 4.0, local(-1, 12), local(-1, 12) + dt.timedelta(days=21)),  # mature at exactly 21 days
    "b2": (0, 0, None, None, NOW - dt.timedelta(hours=2), None),                        # introduced, never answered
}


def retrievability(item: str) -> float:
    state, step, s, d, last, due = CARDS[item]
    if state == 0:
        return 0.0
    card = srs.CardState(state=state, step=step, stability=s, difficulty=d, due=due, last_review=last)
    return srs.retrievability(card, NOW, srs.SrsSettings())


EXPECTED = {
    "due": {"new": 2, "learning": 1, "review": 1},  # new: b2 + the unseen b3
    "streak": 3,  # today, yesterday and the day before (local days)
    "heatmap": {0: 3, -1: 2, -2: 1, -10: 2, -12: 1, -35: 1, -40: 1},
    "forecast": {0: 2, 20: 1},  # a2 overdue + a3 learning today; b1 in 21 days from yesterday
    "retention": {"last_7_days": (3, 3), "last_30_days": (3, 4), "all_time": (3, 5)},
    "minutes": {0: 0.8, -1: 0.2, -2: 0.3, -10: 0.2, -12: 0.1},
    # topic: (seen, mature, retrievability, correct, graded)
    "topics": {
        "Economy": (1, 1, retrievability("b1"), 2, 2),
        "Polity": (3, 1, (retrievability("a1") + retrievability("a2") + retrievability("a3")) / 3, 6, 9),
    },
    "banks": {
        "Economy notes": (2, 1, (retrievability("a3") + retrievability("b1")) / 2, 3, 4),
        "Polity notes": (2, 1, (retrievability("a1") + retrievability("a2")) / 2, 5, 7),
    },
}


def seed_history(app, username: str = "asha") -> int:
    """Items in two banks and two topics, then the cards and logs above for ``username``."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.username == username))
        polity_doc, econ_doc = make_document("polity", title="Polity notes"), make_document("econ", title="Economy notes")
        polity, economy = make_topic("Polity"), make_topic("Economy")
        items = {
            "a1": make_item(polity_doc, id="a1", topic=polity), "a2": make_item(polity_doc, id="a2", topic=polity),
            "a3": make_item(econ_doc, id="a3", topic=polity), "b1": make_item(econ_doc, id="b1", topic=economy),
            "b2": make_item(econ_doc, id="b2", topic=economy), "b3": make_item(econ_doc, id="b3", topic=economy),
        }
        db.session.flush()
        cards = {}
        for item_id, (state, step, s, d, last, due) in CARDS.items():
            cards[item_id] = Card(user_id=user_id, item_id=item_id, state=state, step=step if state != 2 else None,
                                  stability=s, difficulty=d, due=due or last, last_review=last if state else None,
                                  reps=0 if state == 0 else 2)
            db.session.add(cards[item_id])
        db.session.flush()
        # The ORM fills a None step from the column default (0); review cards have none, as fsrs requires.
        db.session.execute(sa.update(Card).where(Card.user_id == user_id, Card.state == 2).values(step=None))
        for n, (item_id, day, h, m, before, rating, correct, ms) in enumerate(LOGS):
            at = local(day, h, m)
            db.session.add(ReviewLog(
                user_id=user_id, item_id=item_id, card_id=cards[item_id].id, answer_id=f"seed-{n}", origin="study",
                rating=rating, correct=correct, duration_ms=ms, reviewed_at=at, state_before=before, due_before=at,
                state_after=2, due_after=at + dt.timedelta(days=1), card_before={"state": before},
            ))
        db.session.commit()
        assert len(items) == 6
        return int(user_id)
