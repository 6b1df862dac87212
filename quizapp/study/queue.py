"""What the user should see next, as bounded index scans.

Every query filters on (user_id, suspended, state, due), the `ix_card_queue`
index, and carries a LIMIT, so the cost of picking the next card depends on
how much is due today, not on how many cards the user owns. New items are
materialised as state-0 cards a few at a time ("introduced"), which keeps the
expensive search for not-yet-seen items off the hot path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from quizapp.enums import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.extensions import db
from quizapp.models import UNSERVED, Card, Item, ItemTag, ReviewLog, Topic, item_fact
from quizapp.study.snapshot import Snapshot, stamp

REVIEW_CANDIDATES = 500  # oldest-due reviews considered when ranking by relative overdueness
LEARN_AHEAD = dt.timedelta(minutes=20)  # as Anki: finish learning steps early rather than wait
LEARNING_CAP = 1000  # learning cards counted and queued at most
# New cards queued beyond the daily limit: each answer buries its siblings out
# of the list, and only when the slack is used up must the queue be rebuilt.
SLACK = 20
# Reviews kept in the stored queue, best-ranked first, whatever the daily limit
# (an Anki user may allow 9,999): the row stays small, and a rebuild re-ranks
# the rest when the window is spent.
REVIEW_WINDOW = 300


@dataclass(frozen=True)
class Filters:
    bank: str | None = None
    topic: str | None = None
    tag: str | None = None

    def apply(self, stmt: sa.Select) -> sa.Select:
        stmt = stmt.where(Item.status.not_in(UNSERVED))
        if self.bank:
            stmt = stmt.where(Item.document_id == self.bank)
        if self.topic:
            stmt = stmt.where(Item.topic_id == sa.select(Topic.id).where(Topic.name == self.topic).scalar_subquery())
        if self.tag:
            stmt = stmt.where(sa.exists().where(ItemTag.item_id == Item.id, ItemTag.tag == self.tag))
        return stmt

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("bank", self.bank), ("topic", self.topic), ("tag", self.tag)) if v}

    @property
    def key(self) -> str:
        """Names this filter's stored queue: "" for everything; long names end in their hash, never cut short."""
        key = "&".join(f"{k}={v}" for k, v in self.as_dict().items())
        return key if len(key) <= 200 else key[:150] + "#" + hashlib.sha256(key.encode()).hexdigest()

    @property
    def empty(self) -> bool:
        return not (self.bank or self.topic or self.tag)


@dataclass(frozen=True)
class Day:
    now: dt.datetime
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    review: int

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "learning": self.learning, "review": self.review}


def _cards(user_id: int, filters: Filters, *columns) -> sa.Select:
    """The user's unsuspended cards of live items, selecting ``columns`` (default: Card).

    Unfiltered, retired items are excluded by an anti-join on the few retired
    ids (the partial index ``ix_item_retired``), so with ``ix_card_queue`` covering the queue
    columns a count or a ranking never reads a card or item row.
    """
    stmt = sa.select(*(columns or (Card,))).where(Card.user_id == user_id, Card.suspended.is_(False))
    if filters.empty:
        return stmt.where(Card.item_id.not_in(Item.unserved_ids()))
    return filters.apply(stmt.join(Item, Item.id == Card.item_id))


def _not_buried(stmt: sa.Select, now: dt.datetime) -> sa.Select:
    return stmt.where(sa.or_(Card.buried_until.is_(None), Card.buried_until <= now))


def done_today(user_id: int, day: Day) -> tuple[int, int]:
    """(new, review) answers given today: the daily limits count these."""
    row = db.session.execute(
        sa.select(
            sa.func.count().filter(ReviewLog.state_before == NEW),
            sa.func.count().filter(ReviewLog.state_before == REVIEW),
        ).where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= day.start, ReviewLog.origin == "study")
    ).one()
    return int(row[0]), int(row[1])


def build(user_id: int, filters: Filters, day: Day, new_left: int, review_left: int,
          done: tuple[int, int] | None = None) -> Snapshot:
    """Today's queue from the cards: the lists `Snapshot` pops from, in the study page's order.

    Reviews are ranked by how overdue they are relative to their interval
    (Anki's "relative overdueness"), among the oldest-due candidates.
    """
    learning = db.session.execute(
        _cards(user_id, filters, Card.id, Card.due).where(Card.state.in_((LEARNING, RELEARNING)), Card.due < day.end)
        .order_by(Card.due, Card.id).limit(LEARNING_CAP)
    ).all()
    review: list[int] = []
    review_due = 0
    if review_left > 0:
        due_reviews = _not_buried(
            _cards(user_id, filters, Card.id, Card.due, Card.last_review).where(Card.state == REVIEW, Card.due < day.end),
            day.now,
        )
        review_due = int(db.session.scalar(sa.select(sa.func.count()).select_from(due_reviews.subquery())))
        candidates = db.session.execute(
            due_reviews.order_by(Card.due, Card.id).limit(max(REVIEW_CANDIDATES, REVIEW_WINDOW))).all()
        candidates.sort(key=lambda c: (-overdueness(c.due, c.last_review, day.now), c.id))
        review = [c.id for c in candidates[:REVIEW_WINDOW]]
    new: list[int] = []
    if new_left > 0:
        new = list(db.session.scalars(
            _not_buried(_cards(user_id, filters, Card.id).where(Card.state == NEW), day.now)
            .order_by(Card.due, Card.id).limit(new_left + SLACK)
        ))
    new_done, review_done = done if done is not None else done_today(user_id, day)
    last = db.session.scalar(
        sa.select(ReviewLog.card_id).where(ReviewLog.user_id == user_id, ReviewLog.origin == "study",
                                           ReviewLog.reviewed_at >= day.start)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc()).limit(1))
    return Snapshot(learning=[(stamp(due), cid) for cid, due in learning], review=review, new=new,
                    review_left=review_left, new_left=new_left, review_due=review_due,
                    # New cards are introduced a day's worth at a time, so a full list may have more behind it.
                    new_more=len(new) >= new_left, new_done=new_done, review_done=review_done, last=last)


def overdueness(due: dt.datetime, last_review: dt.datetime | None, now: dt.datetime) -> float:
    """Time past due as a fraction of the interval: a day late on a 2-day interval beats a week late on a year."""
    interval = (due - (last_review or due)).total_seconds()
    return (now - due).total_seconds() / max(interval, 1.0)


def _capped(stmt: sa.Select, cap: int):
    """COUNT(*) of at most ``cap`` rows: what the counters need, at a cost bounded by the daily limit."""
    sub = stmt.with_only_columns(Card.id).limit(max(cap, 0)).subquery()
    return sa.select(sa.func.count()).select_from(sub).scalar_subquery()


def _count(stmt: sa.Select, cap: int) -> int:
    if cap <= 0:
        return 0
    return int(db.session.scalar(sa.select(_capped(stmt, cap))))


def counts(user_id: int, filters: Filters, day: Day, new_left: int, review_left: int) -> Counts:
    """New, learning and review left today, in one statement of three capped counts."""
    row = db.session.execute(sa.select(
        _capped(_not_buried(_cards(user_id, filters).where(Card.state == NEW), day.now), new_left),
        _capped(_cards(user_id, filters).where(Card.state.in_((LEARNING, RELEARNING)), Card.due < day.end), LEARNING_CAP),
        _capped(_not_buried(_cards(user_id, filters).where(Card.state == REVIEW, Card.due < day.end), day.now), review_left),
    )).one()
    return Counts(new=int(row[0]), learning=int(row[1]), review=int(row[2]))


def _unseen(user_id: int, filters: Filters, day: Day):
    f1, f2 = aliased(item_fact), aliased(item_fact)
    sibling_seen = (
        sa.select(1)
        .select_from(f1)
        .join(f2, f2.c.fact_id == f1.c.fact_id)
        .join(ReviewLog, ReviewLog.item_id == f2.c.item_id)
        .where(f1.c.item_id == Item.id, ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= day.start)
    )
    return filters.apply(
        sa.select(Item.id).where(
            Item.visible_to(user_id),
            ~sa.exists().where(Card.user_id == user_id, Card.item_id == Item.id),
            ~sa.exists(sibling_seen),
        )
    )


def unseen_count(user_id: int, filters: Filters, day: Day, cap: int) -> int:
    if cap <= 0:
        return 0
    if filters.empty and not _may_have_unseen(user_id):
        return 0
    sub = _unseen(user_id, filters, day).limit(cap).subquery()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(sub)))


def _may_have_unseen(user_id: int) -> bool:
    """False when the user already has a card for every live item.

    Two index-only counts: far cheaper than the anti-join below, which must
    visit every item before it can say that none is left.
    """
    live = sa.select(sa.func.count()).select_from(Item).where(Item.status.not_in(UNSERVED), Item.visible_to(user_id)).scalar_subquery()
    carded = (sa.select(sa.func.count()).select_from(Card)
              .where(Card.user_id == user_id, Card.item_id.not_in(Item.unserved_ids()))
              .scalar_subquery())
    return bool(db.session.scalar(sa.select(live > carded)))


def new_rank(user_id: int, item_id: str) -> bytes:
    """A stable, per-user shuffle: each user meets the banks and item types mixed, in an order of their own."""
    return hashlib.sha256(f"{user_id}:{item_id}".encode()).digest()


def introduce(user_id: int, filters: Filters, day: Day, wanted: int, have: int | None = None,
              order: str = "mixed") -> int:
    """Create state-0 cards for up to ``wanted`` unseen items, mixed (``new_rank``) or in reading order.

    Items that share a fact with something answered today are skipped: they
    are siblings, and seeing one would give the other away. ``have`` is the
    caller's count of new cards already waiting, when it has one. Mixed order
    ranks every unseen id in Python (a hash SQL dialects do not share); this
    runs when a day's new cards are introduced, never per answer.
    """
    if have is None:
        have = _count(_not_buried(_cards(user_id, filters).where(Card.state == NEW), day.now), wanted)
    missing = wanted - have
    if missing <= 0:
        return 0
    if order == "document":
        unseen = _unseen(user_id, filters, day).order_by(Item.document_id, Item.start, Item.id).limit(missing)
        ids = list(db.session.scalars(unseen))
    else:
        ids = sorted(db.session.scalars(_unseen(user_id, filters, day)), key=lambda i: new_rank(user_id, i))[:missing]
    for offset, item_id in enumerate(ids):
        # due orders new cards: introduction time plus a microsecond per position keeps the chosen order.
        db.session.add(Card(user_id=user_id, item_id=item_id, state=NEW, step=0, due=day.now + dt.timedelta(microseconds=offset)))
    if ids:
        db.session.flush()
    return len(ids)


def forecast(user_id: int, day: Day, days: int = 1) -> int:
    """Reviews and learning cards falling due in the next ``days`` days after today."""
    until = day.end + dt.timedelta(days=days)
    stmt = sa.select(sa.func.count()).select_from(Card).where(
        Card.user_id == user_id, Card.suspended.is_(False), Card.state != NEW, Card.due >= day.end, Card.due < until
    )
    return int(db.session.scalar(stmt))
