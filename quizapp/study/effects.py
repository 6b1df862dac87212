"""The one door into study for other features: mock tests, answer writing, bank loads and imports.

They record an answer, put items at the front of the queue, or say that the
items under every queue changed; how study stores cards, logs and queues
stays behind this module. None of these commit: the caller's transaction
decides. Time and the app's fuzz flag come from the caller, as everywhere in
study's services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from quizapp.extensions import db
from quizapp.models import Item, ReviewLog
from quizapp.srs.scheduler import Rating
from quizapp.study import service, store


def record(user_id: int, item: Item, rating: Rating, at: dt.datetime, *, fuzz: bool, correct: bool | None,
           response: Any = None, duration_ms: int = 0, answer_id: str | None = None, origin: str) -> ReviewLog:
    """Schedule the user's card for ``item`` as if answered with ``rating`` at ``at``, and log it under ``origin``."""
    return service.record(service.user_study(user_id, fuzz), item, rating, at, response=response, correct=correct,
                          duration_ms=duration_ms, answer_id=answer_id, origin=origin)


def make_due_now(user_id: int, item_ids: list[str], at: dt.datetime) -> list[str]:
    """Put these items first in the user's queue today (a missed key point, a wrong test answer)."""
    return service.make_due_now(user_id, item_ids, at)


def invalidate() -> None:
    """Items, topics or tags changed under every stored queue (a bank load): each is rebuilt on next use."""
    store.invalidate_all(db.session.connection())
