"""The card browser (Anki's Browse): search a user's items and cards, and change many cards at once.

No Flask here: the routes parse forms into a `Query` and call these. Pages are
keyset pages (``WHERE key > last shown ORDER BY key LIMIT 51``), never OFFSET:
a search that filters on a card column is driven from the card table through
one of the ``ix_card_browse_*`` indexes, so a page costs a range scan that stops
after 51 rows, whatever the number of cards. There is no total count for the
same reason; "select all matching" walks the same pages to the end.

Actions change card rows only. Review logs are never touched (a reset keeps
the history), and suspending is the ``suspended`` flag alone, so the due date
survives a suspend and unsuspend exactly. The ``card`` triggers bump the
user's stored study queues on every change to a queue column, so the next
study request rebuilds them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from quizapp.clock import day_bounds, zone
from quizapp.enums import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.errors import NotFound  # an item the user cannot study (unknown, retired, held, someone else's): 404
from quizapp.extensions import db
from quizapp.models import Card, Item, ItemTag, ReviewLog, StudySettings, Topic
from quizapp.review.versions import Wording, wording
from quizapp.srs.scheduler import State

STATES = ("new", "learning", "review", "suspended", "flagged", "due")
CARD_STATES = ("learning", "review", "suspended", "flagged", "due")  # need a card: driven from the card table
PAGE = 50
MAX_DUE_DAYS = 3650
CHUNK = 500  # ids per UPDATE ... WHERE item_id IN (...): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class Query:
    text: str = ""
    bank: str = ""
    topic: str = ""
    tag: str = ""
    type: str = ""
    status: str = ""
    state: str = ""
    due_days: int = 0

    def as_args(self) -> dict[str, str]:
        """The search as URL arguments, without the empty ones (for links and redirects back)."""
        args = {"q": self.text, "bank": self.bank, "topic": self.topic, "tag": self.tag, "type": self.type,
                "status": self.status, "state": self.state}
        if self.state == "due":
            args["due_days"] = str(self.due_days)
        return {k: v for k, v in args.items() if v}

    @property
    def by_due(self) -> bool:
        return self.state == "due"


@dataclass(frozen=True)
class Row:
    item_id: str
    stem: str
    type: str
    status: str
    document_id: str
    topic: str | None
    card_id: int | None
    state: str
    due: dt.datetime | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: bool
    flagged: bool


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    next_after: str | None  # the cursor of the next page, None on the last


def visible(user_id: int | None = None) -> sa.ColumnElement[bool]:
    """The items a user may browse and study: served, and shared or their own (another's private item is a 404)."""
    return Item.live() if user_id is None else sa.and_(Item.live(), Item.visible_to(user_id))


def user_zone(user_id: int) -> dt.tzinfo:
    row = db.session.get(StudySettings, user_id)
    return zone(row.timezone if row else None)


def state_label(card_state: int | None) -> str:
    return "new" if card_state in (None, NEW) else State(card_state).label


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_COLUMNS = (Item.id, Item.stem, Item.type, Item.status, Item.document_id, Topic.name.label("topic"),
            Card.id.label("card_id"), Card.state, Card.due, Card.stability, Card.difficulty, Card.reps, Card.lapses,
            Card.suspended, Card.flagged)


def _select(user_id: int, q: Query, now: dt.datetime, tz: dt.tzinfo, *columns: Any, topic: bool = False,
            new_part: str = "") -> sa.Select:
    """The search's rows, unordered and unpaged.

    ``new_part`` splits the "new" search into its two indexed halves: "card"
    (cards in state new, from ix_card_browse_state) and "unseen" (items with
    no card yet); unsplit it is one OR over an outer join.
    """
    if q.state in CARD_STATES or new_part == "card":
        stmt = (sa.select(*columns).select_from(Card).join(Item, Item.id == Card.item_id)
                .where(Card.user_id == user_id))
    else:
        stmt = sa.select(*columns).select_from(Item).outerjoin(
            Card, sa.and_(Card.item_id == Item.id, Card.user_id == user_id))
    if topic:
        stmt = stmt.outerjoin(Topic, Topic.id == Item.topic_id)
    stmt = stmt.where(visible(user_id))
    if q.text:
        pattern = _like(q.text)
        stmt = stmt.where(sa.or_(Item.stem.ilike(pattern, escape="\\"),
                                 sa.cast(Item.answer, sa.Text).ilike(pattern, escape="\\"),
                                 Item.explanation.ilike(pattern, escape="\\")))
    if q.bank:
        stmt = stmt.where(Item.document_id == q.bank)
    if q.topic:
        stmt = stmt.where(Item.topic_id == sa.select(Topic.id).where(Topic.name == q.topic).scalar_subquery())
    if q.tag:
        stmt = stmt.where(sa.exists().where(ItemTag.item_id == Item.id, ItemTag.tag == q.tag))
    if q.type:
        stmt = stmt.where(Item.type == q.type)
    if q.status:
        stmt = stmt.where(Item.status == q.status)
    if q.state == "new" and new_part == "card":
        stmt = stmt.where(Card.state == NEW)
    elif q.state == "new" and new_part == "unseen":
        stmt = stmt.where(Card.id.is_(None))
    elif q.state == "new":
        stmt = stmt.where(sa.or_(Card.id.is_(None), Card.state == NEW))
    elif q.state == "learning" and new_part in ("learning", "relearning"):
        stmt = stmt.where(Card.state == (LEARNING if new_part == "learning" else RELEARNING))
    elif q.state == "learning":
        stmt = stmt.where(Card.state.in_((LEARNING, RELEARNING)))
    elif q.state == "review":
        stmt = stmt.where(Card.state == REVIEW)
    elif q.state == "suspended":
        stmt = stmt.where(Card.suspended.is_(True))
    elif q.state == "flagged":
        stmt = stmt.where(Card.flagged.is_(True))
    elif q.state == "due":
        _, today_end = day_bounds(now, tz)
        stmt = stmt.where(Card.suspended.is_(False), Card.state.in_((LEARNING, REVIEW, RELEARNING)),
                          Card.due < today_end + dt.timedelta(days=q.due_days))
    return stmt


def _key(q: Query, new_part: str = "") -> tuple[Any, ...]:
    """The page order: the indexed column the driving table is scanned by."""
    if new_part == "card":
        return (Card.item_id,)
    if q.by_due:
        return (Card.due, Card.item_id)
    return (Card.item_id,) if q.state in CARD_STATES else (Item.id,)


def parse_cursor(q: Query, after: str | None) -> tuple[Any, ...] | None:
    """A page cursor back into values; ValueError if it is not one this search wrote."""
    if not after:
        return None
    try:
        values = json.loads(after)
    except json.JSONDecodeError as err:
        raise ValueError("not a page cursor") from err
    if not isinstance(values, list) or not all(isinstance(v, str) and len(v) <= 200 for v in values):
        raise ValueError("not a page cursor")
    if q.by_due:
        if len(values) != 2:
            raise ValueError("not a page cursor of a due search")
        due = dt.datetime.fromisoformat(values[0])
        if due.tzinfo is None:
            raise ValueError("a cursor's date needs its time zone")
        return (due, values[1])
    if len(values) != 1:
        raise ValueError("not a page cursor of this search")
    return (values[0],)


def _after(stmt: sa.Select, q: Query, cursor: tuple[Any, ...] | None, new_part: str = "") -> sa.Select:
    if cursor is None:
        return stmt
    key = _key(q, new_part)
    if len(key) == 1:
        return stmt.where(key[0] > cursor[0])
    due, item_id = cursor
    # Row values, so the planner sees one range on ix_card_browse_due.
    return stmt.where(sa.tuple_(Card.due, Card.item_id) > sa.tuple_(sa.literal(due, Card.due.type), sa.literal(item_id)))


def _row(r: Any) -> Row:
    return Row(item_id=r.id, stem=r.stem, type=r.type, status=r.status, document_id=r.document_id, topic=r.topic,
               card_id=r.card_id, state=state_label(r.state), due=r.due if r.card_id is not None else None,
               stability=r.stability, difficulty=r.difficulty, reps=r.reps or 0, lapses=r.lapses or 0,
               suspended=bool(r.suspended), flagged=bool(r.flagged))


def _cursor(q: Query, row: Row) -> str:
    if q.by_due:
        assert row.due is not None
        return json.dumps([row.due.isoformat(), row.item_id])
    return json.dumps([row.item_id])


def search(user_id: int, q: Query, now: dt.datetime, after: str | None = None, limit: int = PAGE,
           tz: dt.tzinfo | None = None) -> Page:
    """One page of the search, after the cursor ``after`` (ValueError if that is not a cursor)."""
    tz = tz or user_zone(user_id)
    cursor = parse_cursor(q, after)
    # Two equality ranges on ix_card_browse_state, each already in item order, merged here: SQLite
    # walks an IN over both states through the unique (user, item) index instead, all the cards.
    parts = {"new": ("card", "unseen"), "learning": ("learning", "relearning")}.get(q.state, ("",))
    if q.state == "new" and not may_have_unseen(user_id):
        parts = ("card",)
    found: list[Row] = []
    for part in parts:
        stmt = _after(_select(user_id, q, now, tz, *_COLUMNS, topic=True, new_part=part), q, cursor, part)
        found += [_row(r) for r in db.session.execute(stmt.order_by(*_key(q, part)).limit(limit + 1))]
    if len(parts) > 1:
        found.sort(key=lambda r: r.item_id)
    rows = found[:limit]
    return Page(rows, _cursor(q, rows[-1]) if len(found) > limit else None)


def may_have_unseen(user_id: int) -> bool:
    """False when the user has a card for every studyable item: then "new" need not walk the items for one.

    Two index-only counts (the items not served, from ix_item_status_type; the
    user's cards, from uq_card_user_item), far cheaper than an anti-join that
    must visit every item before it can say that none is left.
    """
    live = sa.select(sa.func.count()).select_from(Item).where(visible()).scalar_subquery()
    not_live = sa.select(Item.id).where(~visible())
    carded = (sa.select(sa.func.count()).select_from(Card)
              .where(Card.user_id == user_id, Card.item_id.not_in(not_live)).scalar_subquery())
    return bool(db.session.scalar(sa.select(live > carded)))


def matching_ids(user_id: int, q: Query, now: dt.datetime) -> Iterator[str]:
    """Every item id the search matches, a thousand per statement, in page order ("select all matching")."""
    tz = user_zone(user_id)
    cursor: tuple[Any, ...] | None = None
    while True:
        columns = (Item.id, Card.due) if q.by_due else (Item.id,)
        stmt = _after(_select(user_id, q, now, tz, *columns), q, cursor)
        rows = db.session.execute(stmt.order_by(*_key(q)).limit(1000)).all()
        for r in rows:
            yield r.id
        if len(rows) < 1000:
            return
        last = rows[-1]
        cursor = (last.due, last.id) if q.by_due else (last.id,)


def check_visible(item_ids: Iterable[str], user_id: int | None = None) -> list[str]:
    """The ids, deduplicated in order, if the user may study every one; NotFound otherwise."""
    ids = list(dict.fromkeys(item_ids))
    seen: set[str] = set()
    for chunk in _chunks(ids):
        seen.update(db.session.scalars(sa.select(Item.id).where(Item.id.in_(chunk), visible(user_id))))
    if len(seen) != len(ids):
        raise NotFound("no such item")
    return ids


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


@dataclass(frozen=True)
class Detail:
    item: Item
    card: Card | None
    state: str
    logs: list[ReviewLog]
    # log id -> the item as worded when that answer was given (an editor may have changed it since)
    seen: dict[int, Wording] = field(default_factory=dict)


def detail(user_id: int, item_id: str) -> Detail:
    item = db.session.scalar(sa.select(Item).where(Item.id == item_id, visible(user_id)))
    if item is None:
        raise NotFound("no such item")
    card = db.session.scalar(sa.select(Card).where(Card.user_id == user_id, Card.item_id == item_id))
    logs = list(db.session.scalars(sa.select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.item_id == item_id)
                                   .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())))
    words: dict[int | None, Wording] = {}
    for log in logs:
        if log.item_version not in words:
            words[log.item_version] = wording(item, log.item_version)
    return Detail(item, card, state_label(card.state if card else None), logs,
                  {log.id: words[log.item_version] for log in logs})


def own_card_item(user_id: int, card_id: int) -> str:
    """The item of one of the user's cards; NotFound for anyone else's card."""
    item_id = db.session.scalar(sa.select(Card.item_id).where(Card.id == card_id, Card.user_id == user_id)
                                .where(Card.item_id.in_(sa.select(Item.id).where(visible()))))
    if item_id is None:
        raise NotFound("no such card")
    return item_id


# --------------------------------------------------------------------------- actions (no commit: the caller's transaction)


def _ensure_cards(user_id: int, ids: list[str], at: dt.datetime) -> None:
    """Cards for items never introduced, as the queue would make them (new, due now), so they can be suspended."""
    for chunk in _chunks(ids):
        have = set(db.session.scalars(sa.select(Card.item_id).where(Card.user_id == user_id, Card.item_id.in_(chunk))))
        missing = [i for i in chunk if i not in have]
        if missing:
            db.session.execute(sa.insert(Card), [
                {"user_id": user_id, "item_id": i, "state": NEW, "step": 0, "due": at, "reps": 0, "lapses": 0,
                 "suspended": False, "flagged": False, "created_at": at} for i in missing])


def _update(user_id: int, ids: list[str], *where: Any, **values: Any) -> int:
    changed = 0
    for chunk in _chunks(ids):
        result = db.session.execute(sa.update(Card).where(Card.user_id == user_id, Card.item_id.in_(chunk), *where)
                                    .values(**values).execution_options(synchronize_session=False))
        changed += result.rowcount
    return changed


def suspend(user_id: int, ids: list[str], at: dt.datetime) -> int:
    """Take the cards out of study, leaving every scheduling column (the due date above all) as it is."""
    _ensure_cards(user_id, ids, at)
    return _update(user_id, ids, Card.suspended.is_(False), suspended=True)


def unsuspend(user_id: int, ids: list[str]) -> int:
    return _update(user_id, ids, Card.suspended.is_(True), suspended=False)


def unflag(user_id: int, ids: list[str]) -> int:
    return _update(user_id, ids, Card.flagged.is_(True), flagged=False)


def reset(user_id: int, ids: list[str], at: dt.datetime) -> int:
    """Make the cards new again (Anki's Forget). Their review logs stay: the history happened."""
    return _update(user_id, ids, Card.state != NEW, state=NEW, step=0, stability=None, difficulty=None, due=at,
                   last_review=None, reps=0, lapses=0, buried_until=None)


def reschedule(user_id: int, ids: list[str], day: dt.date, tz: dt.tzinfo) -> tuple[int, int]:
    """Make reviewed cards due at the start of ``day`` in the user's time zone; returns (moved, skipped new).

    A new card has no interval to move: the queue introduces new cards in
    reading order whatever their date, so they are left alone and counted.
    """
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    moved = _update(user_id, ids, Card.state != NEW, due=start, buried_until=None)
    return moved, len(ids) - moved


def study_now(user_id: int, ids: list[str], at: dt.datetime) -> list[str]:
    """Put the selection first in today's queue, unsuspended and unburied (study's own door for this)."""
    from quizapp.study import effects  # on use: browsing needs none of study's scheduling modules

    return effects.make_due_now(user_id, ids, at)
