"""Which items are in a user's running mock test, so nothing else gives their answers away.

While an attempt is open (not submitted, before its deadline), its items'
library pages hide the key and explanation, and study neither serves nor
grades them; everything comes back when the test is submitted or its time is up.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card
from quizapp.models.practice import OPEN, PracticeAttempt, PracticeResponse

HIDDEN_MESSAGE = ("This question is in your mock test that is still running, so its answer is hidden "
                  "until you submit the test or its time is up.")


def _open_items(user_id: int, at: dt.datetime) -> sa.Select:
    return (
        sa.select(PracticeResponse.item_id)
        .join(PracticeAttempt, PracticeAttempt.id == PracticeResponse.attempt_id)
        .where(PracticeAttempt.user_id == user_id, PracticeAttempt.status == OPEN, PracticeAttempt.deadline > at)
    )


def in_open_test(user_id: int, item_id: str, at: dt.datetime) -> bool:
    found = db.session.scalar(_open_items(user_id, at).where(PracticeResponse.item_id == item_id).limit(1))
    return found is not None


def open_test_cards(user_id: int, at: dt.datetime) -> frozenset[int]:
    """The user's card ids whose items are in an open test (empty, in one indexed lookup, when none is open)."""
    ids = db.session.scalars(
        sa.select(Card.id).where(Card.user_id == user_id, Card.item_id.in_(_open_items(user_id, at).scalar_subquery()))
    )
    return frozenset(ids)
