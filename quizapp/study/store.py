"""The study hot path's database work, as prebuilt Core statements.

``GET next`` and ``POST answer`` are what an aspirant's session is made of,
hundreds of times a day. Through the ORM each costs milliseconds of Python
(statement building, identity map, unit of work) for a few microseconds of
SQLite; here each statement is built once at import, compiled once per
dialect (SQLAlchemy's compiled cache), and returns plain rows. Everything
else (settings pages, undo, tests, answer writing) stays on the ORM.

The queue itself is a stored `Snapshot` (`StudyQueue`), rebuilt from the
cards only when triggers say a card or the settings changed behind it, when
the day rolls over, or when it is an hour old.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Row

from quizapp.enums import LEARNING, NEW, RELEARNING, REVIEW, SERVED_STATUSES
from quizapp.models import UNSERVED, Card, Item, ReviewLog, StudyQueue, StudySettings, Topic, User, item_fact
from quizapp.srs.scheduler import SrsSettings
from quizapp.study.snapshot import Snapshot, stamp

CARD, ITEM, TOPIC, LOG, QUEUE, SETTINGS, USER = (
    Card.__table__, Item.__table__, Topic.__table__, ReviewLog.__table__, StudyQueue.__table__,
    StudySettings.__table__, User.__table__,
)
MAX_AGE = dt.timedelta(hours=1)  # rebuild anyway: re-ranks overdueness and heals anything the triggers cannot see


# --------------------------------------------------------------------------- statements, built once

_SETTINGS_COLUMNS = (sa.cast(SETTINGS.c.srs, sa.Text).label("srs"), SETTINGS.c.timezone)
_QUEUE_COLUMNS = (QUEUE.c.filter_key, QUEUE.c.day_start, QUEUE.c.built_at, QUEUE.c.version, QUEUE.c.clean_version,
                  QUEUE.c.lists)

#: The user's settings and stored queues (one row per queue, or one row of NULLs).
STATE = (
    sa.select(*_SETTINGS_COLUMNS, *_QUEUE_COLUMNS)
    .select_from(USER.outerjoin(SETTINGS, SETTINGS.c.user_id == USER.c.id)
                 .outerjoin(QUEUE, QUEUE.c.user_id == USER.c.id))
    .where(USER.c.id == sa.bindparam("user_id"))
)

_CARD_COLUMNS = (CARD.c.id.label("card_id"), CARD.c.user_id, CARD.c.state, CARD.c.step, CARD.c.stability,
                 CARD.c.difficulty, CARD.c.due, CARD.c.last_review, CARD.c.reps, CARD.c.lapses, CARD.c.suspended,
                 CARD.c.flagged, CARD.c.buried_until)

#: A card with everything the study page shows of its item.
SHOWN = (
    sa.select(*_CARD_COLUMNS, ITEM.c.id.label("item_id"), ITEM.c.type, ITEM.c.style, ITEM.c.stem, ITEM.c.options,
              ITEM.c.answer, ITEM.c.explanation, ITEM.c.quote, ITEM.c.document_id, ITEM.c.start, ITEM.c.end,
              ITEM.c.word_limit, ITEM.c.marks, ITEM.c.time_limit_minutes, ITEM.c.status, ITEM.c.provenance,
              TOPIC.c.name.label("topic"))
    .select_from(CARD.join(ITEM, ITEM.c.id == CARD.c.item_id).outerjoin(TOPIC, TOPIC.c.id == ITEM.c.topic_id))
    .where(CARD.c.id == sa.bindparam("card_id"))
)

#: An item to be answered, the caller's card for it if any, their settings and stored queues (a row per queue).
ANSWERED = (
    sa.select(ITEM.c.id.label("item_id"), ITEM.c.type, ITEM.c.options, ITEM.c.answer, ITEM.c.status,
              ITEM.c.version.label("item_version"), *_CARD_COLUMNS,
              *_SETTINGS_COLUMNS, *_QUEUE_COLUMNS)
    .select_from(
        ITEM.outerjoin(CARD, sa.and_(CARD.c.item_id == ITEM.c.id, CARD.c.user_id == sa.bindparam("user_id")))
        .join(USER, USER.c.id == sa.bindparam("user_id"))
        .outerjoin(SETTINGS, SETTINGS.c.user_id == USER.c.id)
        .outerjoin(QUEUE, QUEUE.c.user_id == USER.c.id)
    )
    .where(ITEM.c.id == sa.bindparam("item_id"))
)

#: Optimistic: a card answered meanwhile (another tab) has more reps, so nothing is written.
UPDATE_CARD = (
    sa.update(CARD)
    .where(CARD.c.id == sa.bindparam("b_card"), CARD.c.reps == sa.bindparam("b_reps_before"))
    .values({c: sa.bindparam(f"v_{c}") for c in ("state", "step", "stability", "difficulty", "due", "last_review",
                                                  "reps", "lapses", "buried_until")})
)

_SIBLING_ITEMS = (
    sa.select(item_fact.c.item_id)
    .where(item_fact.c.fact_id.in_(sa.select(item_fact.c.fact_id).where(item_fact.c.item_id == sa.bindparam("b_item"))))
    .where(item_fact.c.item_id != sa.bindparam("b_item"))
)
#: Siblings not buried yet; an expired burial counts as none, so undo can simply clear what this set.
#: Suspended cards and retired items are left alone: they are not in any queue to be hidden from.
BURY = (
    sa.update(CARD)
    .where(CARD.c.user_id == sa.bindparam("b_user"), CARD.c.item_id.in_(_SIBLING_ITEMS), CARD.c.state.in_((NEW, REVIEW)),
           CARD.c.suspended.is_(False),
           CARD.c.item_id.not_in(sa.select(ITEM.c.id).where(ITEM.c.status.in_(UNSERVED))),
           sa.or_(CARD.c.buried_until.is_(None), CARD.c.buried_until <= sa.bindparam("b_now")))
    .values(buried_until=sa.bindparam("b_until"))
    .returning(CARD.c.id, CARD.c.state, CARD.c.due)
)

INSERT_LOG = sa.insert(LOG).returning(LOG.c.id)

PRIOR_ANSWER = sa.select(LOG).where(LOG.c.user_id == sa.bindparam("user_id"), LOG.c.answer_id == sa.bindparam("answer_id"))

#: Move a queue forward after an answer, only if nobody but this answer touched its cards since it was read.
ADVANCE = (
    sa.update(QUEUE)
    .where(QUEUE.c.user_id == sa.bindparam("b_user"), QUEUE.c.filter_key == sa.bindparam("b_fk"),
           QUEUE.c.version == sa.bindparam("b_expected"), QUEUE.c.clean_version == sa.bindparam("b_read"))
    .values(lists=sa.bindparam("b_lists"), clean_version=QUEUE.c.version)
)

QUEUE_VERSION = sa.select(QUEUE.c.version).where(QUEUE.c.user_id == sa.bindparam("user_id"),
                                                 QUEUE.c.filter_key == sa.bindparam("fk"))


# --------------------------------------------------------------------------- reading state


@dataclass(frozen=True)
class StoredQueue:
    filter_key: str
    day_start: dt.datetime
    built_at: dt.datetime
    version: int
    clean_version: int
    lists: dict[str, Any]

    def usable(self, day_start: dt.datetime, now: dt.datetime) -> bool:
        return (self.clean_version == self.version and self.day_start == day_start
                and dt.timedelta(0) <= now - self.built_at < MAX_AGE)


@dataclass(frozen=True)
class State:
    settings: SrsSettings
    timezone: str | None
    queues: dict[str, StoredQueue]


@lru_cache(maxsize=1024)
def _settings(text: str | None, fuzz: bool) -> SrsSettings:
    return SrsSettings.stored(json.loads(text) if text else None, fuzz)


def _state(rows: list[Row], fuzz: bool) -> State:
    first = rows[0]
    queues = {r.filter_key: StoredQueue(r.filter_key, r.day_start, r.built_at, r.version, r.clean_version, r.lists)
              for r in rows if r.filter_key is not None}
    return State(_settings(first.srs, fuzz), first.timezone, queues)


def load_state(conn: Connection, user_id: int, fuzz: bool) -> State:
    rows = conn.execute(STATE, {"user_id": user_id}).all()
    if not rows:
        raise LookupError(f"no user {user_id}")
    return _state(rows, fuzz)


def shown(conn: Connection, card_id: int) -> Row | None:
    return conn.execute(SHOWN, {"card_id": card_id}).first()


def still_queued(row: Row, kind: str, due_stamp: int | None, now: dt.datetime, day_end: dt.datetime) -> bool:
    """Whether the card at the head of a stored list is still what that list says it is.

    Triggers make a stale queue rare; this makes serving from one impossible:
    an answered, suspended, buried or retired card fails here and the queue is
    rebuilt.
    """
    if row.suspended or row.status not in SERVED_STATUSES:
        return False
    buried = row.buried_until is not None and row.buried_until > now
    if kind == "learning":
        return row.state in (LEARNING, RELEARNING) and stamp(row.due) == due_stamp
    if kind == "review":
        return row.state == REVIEW and row.due < day_end and not buried
    return row.state == NEW and not buried


# --------------------------------------------------------------------------- the answer's writes


def answered(conn: Connection, user_id: int, item_id: str, fuzz: bool) -> tuple[Row, State] | None:
    """The item and the caller's card for it, with their settings and queues; None if there is no such item."""
    rows = conn.execute(ANSWERED, {"user_id": user_id, "item_id": item_id}).all()
    return (rows[0], _state(rows, fuzz)) if rows else None


LOCK_CARD = (sa.select(CARD.c.id).where(CARD.c.user_id == sa.bindparam("user_id"), CARD.c.item_id == sa.bindparam("item_id"))
             .with_for_update())


def lock_card(conn: Connection, user_id: int, item_id: str) -> None:
    """Hold the card until commit (PostgreSQL; SQLite has one writer anyway), so a retried answer cannot lose again."""
    conn.execute(LOCK_CARD, {"user_id": user_id, "item_id": item_id})


def update_card(conn: Connection, card_id: int, reps_before: int, values: dict[str, Any]) -> bool:
    params = {"b_card": card_id, "b_reps_before": reps_before, **{f"v_{k}": v for k, v in values.items()}}
    return conn.execute(UPDATE_CARD, params).rowcount == 1


def bury_siblings(conn: Connection, user_id: int, item_id: str, now: dt.datetime,
                  until: dt.datetime) -> list[tuple[int, int, dt.datetime]]:
    """Hide until tomorrow the other items built from the same facts (Anki's sibling burying).

    Returns (card id, state, due) of each card it buried: what undo clears
    again, what leaves the stored queue, and how many card rows (trigger
    bumps) this changed.
    """
    rows = conn.execute(BURY, {"b_user": user_id, "b_item": item_id, "b_now": now, "b_until": until})
    return [(card_id, state, due) for card_id, state, due in rows]


def insert_log(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(INSERT_LOG, values).scalar_one())


def prior_answer(conn: Connection, user_id: int, answer_id: str) -> Row | None:
    return conn.execute(PRIOR_ANSWER, {"user_id": user_id, "answer_id": answer_id}).first()


def advance(conn: Connection, user_id: int, queue: StoredQueue, lists: Snapshot, own_bumps: int) -> bool:
    """Store a queue moved on by this answer; False if anything else changed the user's cards meanwhile.

    ``own_bumps`` is how many card rows this answer changed: the triggers added
    one to ``version`` for each, so any other change shows as a larger version.
    """
    params = {"b_user": user_id, "b_fk": queue.filter_key, "b_expected": queue.version + own_bumps,
              "b_read": queue.clean_version, "b_lists": lists.to_json()}
    return conn.execute(ADVANCE, params).rowcount == 1


# --------------------------------------------------------------------------- building


def store_queue(conn: Connection, user_id: int, filter_key: str, day_start: dt.datetime, now: dt.datetime,
                lists: Snapshot, read_version: int | None) -> None:
    """Insert or replace a freshly built queue, unless a card changed since ``read_version`` was read."""
    values = {"user_id": user_id, "filter_key": filter_key, "day_start": day_start, "built_at": now,
              "version": 0, "clean_version": 0, "lists": lists.to_json()}
    insert = postgresql.insert(QUEUE) if conn.dialect.name == "postgresql" else sqlite.insert(QUEUE)
    stmt = insert.values(values).on_conflict_do_update(
        index_elements=[QUEUE.c.user_id, QUEUE.c.filter_key],
        set_={"lists": insert.excluded.lists, "day_start": insert.excluded.day_start,
              "built_at": insert.excluded.built_at, "clean_version": QUEUE.c.version},
        where=QUEUE.c.version == (-1 if read_version is None else read_version),
    )
    conn.execute(stmt)


def queue_version(conn: Connection, user_id: int, filter_key: str) -> int | None:
    return conn.execute(QUEUE_VERSION, {"user_id": user_id, "fk": filter_key}).scalar()


def invalidate_all(conn: Connection) -> None:
    """After a bank load: items, topics and tags changed under every queue."""
    conn.execute(sa.update(QUEUE).values(version=QUEUE.c.version + 1))
