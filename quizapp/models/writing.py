"""Answer writing tables: an attempt at an essay prompt and every draft saved for it.

A draft is never overwritten: each save that changes the text is a new
`DraftVersion` row, so a refresh, a second tab or a crash can at worst leave
the user looking at an older version, never lose one. The attempt carries the
current version number so a save can compare-and-set it in one UPDATE.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.enums import AttemptStatus, WritingMode
from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime

if TYPE_CHECKING:
    from quizapp.models.content import Item

OPEN, SUBMITTED = AttemptStatus.OPEN, AttemptStatus.SUBMITTED  # re-exported: older imports name them here
TIMED, PRACTICE = WritingMode.TIMED, WritingMode.PRACTICE


class WritingAttempt(db.Model):
    __tablename__ = "writing_attempt"
    __table_args__ = (
        sa.Index("ix_writing_attempt_user_item", "user_id", "item_id"),
        # The sweep: open attempts whose deadline has passed.
        sa.Index("ix_writing_attempt_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id"), index=True)
    mode: Mapped[str] = mapped_column(sa.String(10))  # timed / practice
    word_limit: Mapped[int]
    word_min: Mapped[int | None]
    time_limit_minutes: Mapped[int]
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # None: untimed practice
    status: Mapped[str] = mapped_column(sa.String(10), default=OPEN)
    current_version: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    submitted_by: Mapped[str | None] = mapped_column(sa.String(10))  # SubmittedBy
    submitted_version: Mapped[int | None]  # 0: nothing was saved in time
    # Coverage and structure of the submitted text (quizapp.writing.coverage/structure).
    feedback: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # [{"item_id", "key_point_id", "key_point"}]: what the gaps put at the front of the study queue.
    queued: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    self_assessment: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    rating: Mapped[int | None]
    rating_reasons: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    rated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    item: Mapped[Item] = relationship()
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="attempt", order_by="DraftVersion.version", cascade="all, delete-orphan"
    )


class DraftVersion(db.Model):
    __tablename__ = "draft_version"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "version", name="uq_draft_version_attempt_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("writing_attempt.id", ondelete="CASCADE"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    words: Mapped[int] = mapped_column(default=0)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(default=False)  # saved after the deadline or submission: kept, not scored

    attempt: Mapped[WritingAttempt] = relationship(back_populates="versions")
