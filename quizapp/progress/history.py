"""The review history's aggregates, with the part before today computed once per change.

A long history makes the all-time figures (heatmap, streak, true retention,
accuracy) scans over every answer. But answers before today's local
midnight never change: new answers are logged at "now", imports go only into
empty accounts, and the one deletion, undo, removes the newest study answer.
So the aggregates over the past are kept per user (in this process, on the
app) under a key of the zone offset, today's start, and the newest past
answer and newest past study answer (two index probes); today's answers are
aggregated fresh on every request, a range of the (user, time) index.

Limit: a bank reload that moves an item to another topic shows in past
accuracy only from the next day (or the next undo).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import current_app

from quizapp.progress import queries

MAX_USERS = 1024  # cached pasts per process; the least recently used go first


@dataclass(frozen=True)
class History:
    per_day: dict[dt.date, queries.DayTotals]
    retention: list[tuple[dt.date, int, int]]
    accuracy: dict[tuple[str, str], tuple[int, int]]


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[int, tuple[tuple, object]] = OrderedDict()

    def get(self, user_id: int, key: tuple) -> Any:
        with self.lock:
            hit = self.entries.get(user_id)
            if hit is None or hit[0] != key:
                return None
            self.entries.move_to_end(user_id)
            return hit[1]

    def put(self, user_id: int, key: tuple, value: object) -> None:
        with self.lock:
            self.entries[user_id] = (key, value)
            self.entries.move_to_end(user_id)
            while len(self.entries) > MAX_USERS:
                self.entries.popitem(last=False)


def _cache(name: str = "progress_history") -> _Cache:
    return current_app.extensions.setdefault(name, _Cache())


def _aggregate(user_id: int, offset: int, start: dt.datetime | None, end: dt.datetime | None) -> History:
    return History(
        per_day=queries.per_day(user_id, offset, start, end),
        retention=queries.retention_per_day(user_id, offset, start, end),
        accuracy=queries.accuracy_by_group(user_id, start, end),
    )


def past(user_id: int, offset: int, day_start: dt.datetime) -> History:
    """Aggregates of every answer before ``day_start`` (cached while they cannot have changed)."""
    key = (offset, day_start, queries.latest_before(user_id, day_start))
    cache = _cache()
    found = cache.get(user_id, key)
    if found is None:
        found = _aggregate(user_id, offset, None, day_start)
        cache.put(user_id, key, found)
    return found


def full(user_id: int, offset: int, day_start: dt.datetime) -> History:
    """All-time aggregates: the cached past plus today's answers, queried now."""
    before, today = past(user_id, offset, day_start), _aggregate(user_id, offset, day_start, None)
    per_day = dict(before.per_day)
    for day, totals in today.per_day.items():
        old = per_day.get(day)
        per_day[day] = totals if old is None else queries.DayTotals(old.reviews + totals.reviews,
                                                                    old.duration_ms + totals.duration_ms)
    accuracy = dict(before.accuracy)
    for group, (correct, graded) in today.accuracy.items():
        c, g = accuracy.get(group, (0, 0))
        accuracy[group] = (c + correct, g + graded)
    # True retention partitions by (card, local day), and the split is at a local midnight: no day is cut in two.
    return History(per_day=per_day, retention=before.retention + today.retention, accuracy=accuracy)


MASTERY_BUCKET_SECONDS = 600
FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def cards_by_group(user_id: int, at: dt.datetime, decay: float, factor: float) -> list[queries.GroupCards]:
    """Mastery's per-card aggregate, reused until the newest answer changes or ten minutes pass.

    It is the one dashboard query that visits every card (~50 ms at 40,000
    cards on SQLite). An answer or an undo changes the newest log and so the
    key; recall itself only drifts with time, hence the ten-minute bucket.
    What changes cards without an answer (a retention reschedule, gaps made
    due by answer writing) shows within those ten minutes.
    """
    key = (queries.latest_before(user_id, FAR_FUTURE)[0], int(at.timestamp() // MASTERY_BUCKET_SECONDS), decay, factor)
    cache = _cache("progress_mastery")
    found = cache.get(user_id, key)
    if found is None:
        found = queries.cards_by_group(user_id, at, decay, factor)
        cache.put(user_id, key, found)
    return found
