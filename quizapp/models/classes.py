"""Classes and live tests: a teacher's batch, the papers it sits together, and the figures stored after the bell.

A live test's candidates sit ordinary practice attempts (``practice_attempt.paper_id``)
so the engine's deadline, autosave, sweep and resume hold unchanged. What is
computed once the window closes (ranks, percentiles, item statistics) is
stored here, so a results page for 500 candidates reads rows and computes
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from quizapp.models.content import Item


class ClassGroup(db.Model):
    """A teacher's class ("class" is a keyword, hence the name)."""

    __tablename__ = "class_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    teacher_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    invite_code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    members: Mapped[list[ClassMember]] = relationship(back_populates="group", cascade="all, delete-orphan",
                                                      passive_deletes=True)
    papers: Mapped[list[ClassPaper]] = relationship(back_populates="group", cascade="all, delete-orphan",
                                                    passive_deletes=True, order_by="ClassPaper.opens_at")


class ClassMember(db.Model):
    __tablename__ = "class_member"

    class_id: Mapped[int] = mapped_column(sa.ForeignKey("class_group.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Shown as "anonymous" on a leaderboard even when the teacher turns names on.
    anonymous: Mapped[bool] = mapped_column(default=False)

    group: Mapped[ClassGroup] = relationship(back_populates="members")


class ClassPaper(db.Model):
    """A scheduled paper: one frozen question set, one marking scheme, one window."""

    __tablename__ = "class_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(sa.ForeignKey("class_group.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    scheme: Mapped[str] = mapped_column(sa.String(20))
    time_limit_s: Mapped[int]
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    results_at_once: Mapped[bool] = mapped_column(default=False)
    leaderboard: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when ranks and statistics were last stored; cleared when an import changes the candidates.
    computed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Class-wide figures for the results page: mean, top, distribution, per-topic [correct, attempted].
    summary: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    group: Mapped[ClassGroup] = relationship(back_populates="papers")
    items: Mapped[list[PaperItem]] = relationship(back_populates="paper", order_by="PaperItem.position",
                                                  cascade="all, delete-orphan", passive_deletes=True)


class PaperItem(db.Model):
    """One question of a paper (frozen at scheduling), with its statistics once computed."""

    __tablename__ = "class_paper_item"

    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("class_paper.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id"), primary_key=True, index=True)
    position: Mapped[int]
    n: Mapped[int | None]
    facility: Mapped[float | None]
    sd: Mapped[float | None]
    discrimination_index: Mapped[float | None]
    discriminative_efficiency: Mapped[float | None]
    # Share of candidates who got it right, and option counts {"all"|"top"|"bottom": {"0": n, ..., "blank": n}}.
    right_share: Mapped[float | None]
    split: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    paper: Mapped[ClassPaper] = relationship(back_populates="items")


class PaperResult(db.Model):
    """One candidate's sheet and, once computed, score, rank and percentile.

    Online candidates' rows are rebuilt from their attempts at each computation;
    offline (OMR) rows are written by the import and only ranked here.
    """

    __tablename__ = "class_paper_result"
    __table_args__ = (sa.Index("ix_class_paper_result_paper_rank", "paper_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(sa.ForeignKey("class_paper.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    source: Mapped[str] = mapped_column(sa.String(8))  # online / omr
    # Original option index chosen per paper position (None blank), aligned with paper.items.
    choices: Mapped[list[int | None]] = mapped_column(sa.JSON, default=list)
    # Item.version each choice was made on (None: unknown, read as current), aligned with choices: results
    # mark an answer against the key of the version the candidate saw.
    item_versions: Mapped[list[int | None] | None] = mapped_column(sa.JSON(none_as_null=True))
    score: Mapped[str | None] = mapped_column(sa.String(32))  # exact fraction
    score_value: Mapped[float | None]
    rank: Mapped[int | None]
    percentile: Mapped[float | None]


class ItemFlag(db.Model):
    """Something wrong with an item, raised by a person or by the statistics, until an editor resolves it."""

    __tablename__ = "item_flag"
    __table_args__ = (sa.Index("ix_item_flag_item_status", "item_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(20))  # statistics / learner / source_changed
    # learner flags: a FlagReason code; the others: a sentence
    reason: Mapped[str] = mapped_column(sa.Text)
    figures: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(12), default="open")  # open / resolved
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What the reviewer did about it, shown to the learner who raised it.
    resolution: Mapped[str | None] = mapped_column(sa.Text)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    item: Mapped[Item] = relationship()
