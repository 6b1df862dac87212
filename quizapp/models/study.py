"""Per-user scheduling state: settings, one card per (user, item), and the review log.

A card row holds exactly the FSRS state the `fsrs` package needs, plus the
flags the queue filters on (suspended, buried_until), so "what is next for this
user" is one indexed query whatever the number of cards.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.enums import DEFAULT_TIMEZONE
from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from quizapp.models.content import Item


class StudySettings(db.Model):
    __tablename__ = "study_settings"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    # The JSON form of quizapp.srs.scheduler.SrsSettings; validated there.
    srs: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # Days roll over at local midnight; most users are on IST.
    timezone: Mapped[str] = mapped_column(sa.String(64), default=DEFAULT_TIMEZONE)
    # New cards: "mixed" (a stable per-user shuffle across banks and types) or "document" (reading order).
    new_order: Mapped[str] = mapped_column(sa.String(16), default="mixed", server_default="mixed")
    # "Study more": new cards allowed beyond the daily limit, on extra_new_day only.
    extra_new: Mapped[int] = mapped_column(default=0, server_default="0")
    extra_new_day: Mapped[dt.date | None] = mapped_column(sa.Date())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Card(db.Model):
    __tablename__ = "card"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "item_id", name="uq_card_user_item"),
        # The due queue: WHERE user_id = ? AND suspended = false AND state = ? AND due <= ? ORDER BY due.
        # The trailing columns make it covering: counting and ranking the due cards
        # (burying, relative overdueness, retired items) never reads the table rows.
        sa.Index("ix_card_queue", "user_id", "suspended", "state", "due", "buried_until", "last_review", "item_id"),
        # The card browser's keyset pages (quizapp.study.browse): each card-state search is one range scan.
        sa.Index("ix_card_browse_state", "user_id", "state", "item_id"),
        sa.Index("ix_card_browse_suspended", "user_id", "suspended", "item_id"),
        sa.Index("ix_card_browse_flagged", "user_id", "flagged", "item_id"),
        sa.Index("ix_card_browse_due", "user_id", "due", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id"), index=True)
    # 0 new (introduced, never answered); then fsrs.State: 1 learning, 2 review, 3 relearning.
    state: Mapped[int] = mapped_column(default=0)
    step: Mapped[int | None] = mapped_column(default=0)
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_review: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    suspended: Mapped[bool] = mapped_column(default=False)
    flagged: Mapped[bool] = mapped_column(default=False)
    buried_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[Item] = relationship()


class ReviewLog(db.Model):
    """One row per answer. Kept when an item is edited or retired; removed only by undo."""

    __tablename__ = "review_log"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "answer_id", name="uq_review_log_user_answer"),
        sa.Index("ix_review_log_user_time", "user_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id"), index=True)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("card.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[str | None] = mapped_column(sa.String(64))
    origin: Mapped[str] = mapped_column(sa.String(12), default="study")  # study / test / writing
    rating: Mapped[int]
    response: Mapped[Any | None] = mapped_column(sa.JSON)
    correct: Mapped[bool | None]
    duration_ms: Mapped[int] = mapped_column(default=0)
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    state_before: Mapped[int | None]
    due_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    state_after: Mapped[int]
    due_after: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # The whole card as it was, so undo restores it exactly.
    card_before: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    # Item.version when answered: the history shows that wording (item_version), not today's.
    item_version: Mapped[int | None]


class StudyQueue(db.Model):
    """Today's queue for one user and one filter, built once and kept in step by each answer.

    Recomputing the counts and the overdue ranking on every request costs more
    than everything else in an answer, and grows with what is due. Like Anki's
    queue builder, quizapp builds the lists once and pops from them.

    It can never be trusted by accident: database triggers on ``card`` and
    ``study_settings`` add one to ``version`` for every row that changes, from
    any code path or process. The lists are valid only while
    ``clean_version == version``; the answer path, which knows how many rows it
    changed itself, moves ``clean_version`` forward in the same transaction.
    """

    __tablename__ = "study_queue"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    # "" for the whole collection, else "bank=...&topic=...&tag=..." (Filters.key).
    filter_key: Mapped[str] = mapped_column(sa.String(400), primary_key=True)
    day_start: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    built_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=0)
    clean_version: Mapped[int] = mapped_column(default=0)
    # quizapp.study.snapshot.Snapshot.to_json()
    lists: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
