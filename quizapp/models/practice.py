"""Practice tests: one attempt per mock test a user sits, one response row per question.

The classes are named ``Practice*`` rather than ``Test*`` so pytest never
mistakes a model imported into a test module for a test class.

A response row exists for every question from the moment the test is built,
so saving an answer is an UPDATE of a known row (idempotent, no insert race
between two tabs) and the question order and option shuffle are fixed for
the life of the attempt: review shows exactly what the candidate saw.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.enums import AttemptStatus
from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from quizapp.models.content import Item

OPEN, SUBMITTED = AttemptStatus.OPEN, AttemptStatus.SUBMITTED  # re-exported: older imports name them here


class PracticeAttempt(db.Model):
    __tablename__ = "practice_attempt"
    __table_args__ = (
        # "This user's open attempts" (the expiry check on every load) and the sweep's "open, past deadline".
        sa.Index("ix_practice_attempt_user_status", "user_id", "status"),
        sa.Index("ix_practice_attempt_status_deadline", "status", "deadline"),
        # One sitting per candidate per class paper (NULLs, the ordinary tests, never collide).
        sa.UniqueConstraint("user_id", "paper_id", name="uq_practice_attempt_user_paper"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # The server's deadline is the only clock that counts: pages count down to it.
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(sa.String(12), default=OPEN)
    # SubmittedBy: "user" (pressed submit) or "deadline" (submitted by the server).
    submitted_by: Mapped[str | None] = mapped_column(sa.String(12))
    kind: Mapped[str] = mapped_column(sa.String(12), default="new")  # new / retake
    scheme: Mapped[str] = mapped_column(sa.String(20))
    filters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    seed: Mapped[int]
    question_count: Mapped[int]
    time_limit_s: Mapped[int]
    # The question the candidate is viewing (0-based), so a reload reopens there.
    current_position: Mapped[int | None]
    # Exact score as a fraction "p/q", fixed at submission (the list page shows it without recomputing).
    score: Mapped[str | None] = mapped_column(sa.String(32))
    # The class paper this attempt sits (quizapp.classes), or None for a test of one's own.
    paper_id: Mapped[int | None] = mapped_column(sa.ForeignKey("class_paper.id", ondelete="CASCADE"), index=True)

    responses: Mapped[list[PracticeResponse]] = relationship(
        back_populates="attempt", order_by="PracticeResponse.position", cascade="all, delete-orphan"
    )


class PracticeResponse(db.Model):
    __tablename__ = "practice_response"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "item_id", name="uq_practice_response_attempt_item"),
        sa.UniqueConstraint("attempt_id", "position", name="uq_practice_response_attempt_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("practice_attempt.id", ondelete="CASCADE"))
    position: Mapped[int]
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id"), index=True)
    # option_order[k] is the item's original option index shown in place k (A, B, C, D).
    option_order: Mapped[list[int]] = mapped_column(sa.JSON)
    # The ORIGINAL option index chosen (item.options[choice]); None is blank.
    choice: Mapped[int | None]
    marked: Mapped[bool] = mapped_column(default=False)
    visited: Mapped[bool] = mapped_column(default=False)
    time_spent_ms: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Item.version when the test was built: review shows that wording even after an edit.
    item_version: Mapped[int | None]

    attempt: Mapped[PracticeAttempt] = relationship(back_populates="responses")
    item: Mapped[Item] = relationship()
