"""The dashboard's SQL: GROUP BY aggregates, one small result per figure.

Nothing here loops over review logs in Python: each function returns one row
per local day, per (topic, bank) pair, or per due day, whatever the size of
the history. The arithmetic on those rows lives in `figures`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.enums import NEW, REVIEW, SEEN_STATES
from quizapp.extensions import db
from quizapp.models import Card, Document, Item, ReviewLog, Topic
from quizapp.progress.history import DayTotals, History
from quizapp.progress.sql import at as bind_at
from quizapp.progress.sql import elapsed_days, local_day, parse_day

MATURE_DAYS = 21
NO_TOPIC = "(no topic)"


def _logs_between(user_id: int, start: dt.datetime | None, end: dt.datetime | None) -> list:
    """WHERE terms for one user's logs in [start, end): a range of ix_review_log_user_time."""
    terms = [ReviewLog.user_id == user_id]
    if start is not None:
        terms.append(ReviewLog.reviewed_at >= start)
    if end is not None:
        terms.append(ReviewLog.reviewed_at < end)
    return terms


def latest_before(user_id: int, end: dt.datetime) -> tuple:
    """(newest answer, newest study answer) before ``end`` as (id, time) pairs: two index probes.

    Answers before today never change, except that undo deletes the newest
    study answer, so these two identify the past exactly (see `history`).
    """
    def newest(*terms) -> tuple:
        row = db.session.execute(
            sa.select(ReviewLog.id, ReviewLog.reviewed_at).where(*_logs_between(user_id, None, end), *terms)
            .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc()).limit(1)
        ).first()
        return tuple(row) if row else ()

    return newest(), newest(ReviewLog.origin == "study")


DAY_MS = 86_400_000


def _day_ms(total) -> int:
    """Time spent in one day, at most the day itself (a stored 1e308 must not make the chart infinite)."""
    total = float(total or 0)
    return DAY_MS if not math.isfinite(total) or total > DAY_MS else max(0, int(total))


def per_day(user_id: int, offset: int, start: dt.datetime | None = None,
            end: dt.datetime | None = None) -> dict[dt.date, DayTotals]:
    """Answers and time spent per local day in [start, end) (one row per day with activity)."""
    day = local_day(ReviewLog.reviewed_at, offset).label("day")
    rows = db.session.execute(
        sa.select(day, sa.func.count(), sa.func.coalesce(sa.func.sum(ReviewLog.duration_ms), 0))
        .where(*_logs_between(user_id, start, end)).group_by(day)
    )
    return {day: DayTotals(int(n), _day_ms(ms)) for d, n, ms in rows if (day := parse_day(d)) is not None}


def retention_per_day(user_id: int, offset: int, start: dt.datetime | None = None,
                      end: dt.datetime | None = None) -> list[tuple[dt.date, int, int]]:
    """(day, passed, total) over the first review of each review-state card on each local day.

    "Review-state" is the card's state before the answer (state_before = 2),
    so learning steps and relearning do not count, as in Anki's true retention.
    Passed means any rating above Again.
    """
    day = local_day(ReviewLog.reviewed_at, offset)
    ranked = (
        sa.select(
            day.label("day"),
            sa.case((ReviewLog.rating > 1, 1), else_=0).label("passed"),
            sa.func.row_number().over(partition_by=(ReviewLog.card_id, day),
                                      order_by=(ReviewLog.reviewed_at, ReviewLog.id)).label("rn"),
        )
        .where(*_logs_between(user_id, start, end), ReviewLog.state_before == REVIEW)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(ranked.c.day, sa.func.sum(ranked.c.passed), sa.func.count())
        .where(ranked.c.rn == 1).group_by(ranked.c.day)
    )
    return [(day, int(p), int(t)) for d, p, t in rows if (day := parse_day(d)) is not None]


def due_per_day(user_id: int, offset: int, until: dt.datetime) -> dict[dt.date, int]:
    """Unsuspended learning and review cards due before ``until``, per local due day (overdue included)."""
    day = local_day(Card.due, offset).label("day")
    rows = db.session.execute(
        sa.select(day, sa.func.count())
        # state IN (...) rather than != NEW: three ranges of ix_card_queue instead of a scan of the user's cards.
        .where(Card.user_id == user_id, Card.suspended.is_(False), Card.state.in_(SEEN_STATES), Card.due < until)
        .group_by(day)
    )
    return {day: int(n) for d, n in rows if (day := parse_day(d)) is not None}


@dataclass(frozen=True)
class GroupCards:
    topic: str
    bank: str
    bank_title: str
    seen: int
    mature: int
    retrievability_sum: float


def cards_by_group(user_id: int, now: dt.datetime, decay: float, factor: float) -> list[GroupCards]:
    """Per (topic, bank): cards seen, mature, and the sum of their recall probability at ``now``.

    Retrievability is FSRS's forgetting curve evaluated in SQL, (1 + factor *
    t / S) ** decay with t the whole days since the last review, so the
    database returns one row per group instead of one per card.
    """
    t = elapsed_days(bind_at(now), Card.last_review)
    t = sa.case((t < 0, 0.0), else_=t)
    recall = sa.case(
        (sa.and_(Card.last_review.is_not(None), Card.stability > 0),
         sa.func.pow(1.0 + factor * t / Card.stability, decay)),
        else_=0.0,
    )
    mature = sa.and_(Card.state == REVIEW, elapsed_days(Card.due, Card.last_review) >= MATURE_DAYS)
    # Grouped by ids (one item lookup per card); names are joined to the few groups afterwards.
    groups = (
        sa.select(
            Item.topic_id.label("topic_id"), Item.document_id.label("bank"), sa.func.count().label("seen"),
            sa.func.sum(sa.case((mature, 1), else_=0)).label("mature"), sa.func.sum(recall).label("recall"),
        )
        .select_from(Card).join(Item, Item.id == Card.item_id)
        .where(Card.user_id == user_id, Card.state != NEW)
        .group_by(Item.topic_id, Item.document_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(sa.func.coalesce(Topic.name, NO_TOPIC), groups.c.bank, Document.title, groups.c.seen,
                  groups.c.mature, groups.c.recall)
        .select_from(groups).join(Document, Document.id == groups.c.bank).outerjoin(Topic, Topic.id == groups.c.topic_id)
    )
    return [GroupCards(topic, bank, title, int(n), int(m or 0), float(r or 0.0)) for topic, bank, title, n, m, r in rows]


def accuracy_by_group(user_id: int, start: dt.datetime | None = None,
                      end: dt.datetime | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    """Per (topic, bank): (correct, graded) answers in [start, end), every origin."""
    groups = (
        sa.select(
            Item.topic_id.label("topic_id"), Item.document_id.label("bank"),
            sa.func.sum(sa.case((ReviewLog.correct.is_(True), 1), else_=0)).label("correct"),
            sa.func.count(ReviewLog.correct).label("graded"),
        )
        .select_from(ReviewLog).join(Item, Item.id == ReviewLog.item_id)
        .where(*_logs_between(user_id, start, end))
        .group_by(Item.topic_id, Item.document_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(sa.func.coalesce(Topic.name, NO_TOPIC), groups.c.bank, groups.c.correct, groups.c.graded)
        .select_from(groups).outerjoin(Topic, Topic.id == groups.c.topic_id)
    )
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for topic, bank, correct, graded in rows:
        c, g = out.get((topic, bank), (0, 0))
        out[(topic, bank)] = (c + int(correct or 0), g + int(graded))
    return out


def aggregate(user_id: int, offset: int, start: dt.datetime | None, end: dt.datetime | None) -> History:
    """The history's three aggregates over [start, end): what `history` caches for the past."""
    return History(
        per_day=per_day(user_id, offset, start, end),
        retention=retention_per_day(user_id, offset, start, end),
        accuracy=accuracy_by_group(user_id, start, end),
    )
