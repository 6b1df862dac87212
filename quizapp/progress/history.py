"""The review history's aggregates, with the part before today computed once per change.

A long history makes the all-time figures (heatmap, streak, true retention,
accuracy) scans over every answer. But answers before today's local
midnight never change: new answers are logged at "now", imports go only into
empty accounts, and the one deletion, undo, removes the newest study answer.
So the aggregates over the past are kept per user under `past_key`: the zone
offset, today's start, and the newest past answer and newest past study answer
(two index probes); today's answers are aggregated fresh on every request, a
range of the (user, time) index, and added on with `merge`.

Pure: the SQL is `quizapp.progress.queries`, and `dashboard` joins the two.
The `Caches` are handed in by the caller (the web layer keeps one per app,
`quizapp.web.appstate.progress_caches`), so two apps over two databases, as
in the tests, never see each other's entries.

Limit: a bank reload that moves an item to another topic shows in past
accuracy only from the next day (or the next undo).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_USERS = 1024  # cached pasts per process; the least recently used go first


@dataclass(frozen=True)
class DayTotals:
    reviews: int
    duration_ms: int


@dataclass(frozen=True)
class History:
    per_day: dict[dt.date, DayTotals]
    retention: list[tuple[dt.date, int, int]]
    accuracy: dict[tuple[str, str], tuple[int, int]]


class UserCache:
    """One value per user, valid while its key is unchanged; the least recently used users go first."""

    def __init__(self, max_users: int = MAX_USERS) -> None:
        self.lock = threading.Lock()
        self.max_users = max_users
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
            while len(self.entries) > self.max_users:
                self.entries.popitem(last=False)

    def fetch(self, user_id: int, key: tuple, compute: Callable[[], Any]) -> Any:
        """The cached value under ``key``, or ``compute()`` stored under it."""
        found = self.get(user_id, key)
        if found is None:
            found = compute()
            self.put(user_id, key, found)
        return found


@dataclass
class Caches:
    """What one app keeps: the past's aggregates and mastery's per-card aggregate."""

    past: UserCache = field(default_factory=UserCache)
    mastery: UserCache = field(default_factory=UserCache)


def past_key(offset: int, day_start: dt.datetime, latest: tuple) -> tuple:
    """The past before ``day_start`` is unchanged while this is: ``latest`` is `queries.latest_before`."""
    return (offset, day_start, latest)


def merge(before: History, today: History) -> History:
    """All-time aggregates: the cached past plus today's answers."""
    per_day = dict(before.per_day)
    for day, totals in today.per_day.items():
        old = per_day.get(day)
        per_day[day] = totals if old is None else DayTotals(old.reviews + totals.reviews,
                                                            old.duration_ms + totals.duration_ms)
    accuracy = dict(before.accuracy)
    for group, (correct, graded) in today.accuracy.items():
        c, g = accuracy.get(group, (0, 0))
        accuracy[group] = (c + correct, g + graded)
    # True retention partitions by (card, local day), and the split is at a local midnight: no day is cut in two.
    return History(per_day=per_day, retention=before.retention + today.retention, accuracy=accuracy)


MASTERY_BUCKET_SECONDS = 600
FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def mastery_key(latest_id: object, at: dt.datetime, decay: float, factor: float) -> tuple:
    """Mastery's per-card aggregate is reused until the newest answer changes or ten minutes pass.

    It is the one dashboard query that visits every card (~50 ms at 40,000
    cards on SQLite). An answer or an undo changes the newest log and so the
    key; recall itself only drifts with time, hence the ten-minute bucket.
    What changes cards without an answer (a retention reschedule, gaps made
    due by answer writing) shows within those ten minutes.
    """
    return (latest_id, int(at.timestamp() // MASTERY_BUCKET_SECONDS), decay, factor)
