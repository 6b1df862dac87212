"""Content: documents, the facts extracted from them, and the items built on the facts.

These rows are a projection of the YAML banks (the banks are the source of
truth, reviewed by editors); `quizapp banks load` upserts them by id. Items are
never deleted, only retired, so every user's history keeps pointing at them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.enums import SERVED_STATUSES, ItemStatus
from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime, utcnow

item_fact = sa.Table(
    "item_fact",
    db.metadata,
    sa.Column("item_id", sa.ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("fact_id", sa.ForeignKey("fact.id", ondelete="CASCADE"), primary_key=True, index=True),
)

key_point_item = sa.Table(
    "key_point_item",
    db.metadata,
    sa.Column("key_point_id", sa.ForeignKey("key_point.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_id", sa.ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Document(db.Model):
    __tablename__ = "document"

    id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    file: Mapped[str] = mapped_column(sa.String(255))
    title: Mapped[str] = mapped_column(sa.String(500))
    publisher: Mapped[str | None] = mapped_column(sa.String(255))
    published: Mapped[dt.date | None] = mapped_column(sa.Date)
    as_of: Mapped[dt.date | None] = mapped_column(sa.Date)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text)
    # [[kind, start, end], ...]: the cleaned blocks, so the page shows the text
    # without boilerplate while offsets stay those of the original file.
    blocks: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    loaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "source" (a bank built from this document's text) or "import" (a question
    # bank brought in from another tool: no text, items carry provenance instead).
    kind: Mapped[str] = mapped_column(sa.String(12), default="source", server_default="source")
    # NULL: the shared library; else an import private to that user.
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)

    facts: Mapped[list[Fact]] = relationship(back_populates="document", order_by="Fact.start")
    items: Mapped[list[Item]] = relationship(back_populates="document")


class Topic(db.Model):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)

    items: Mapped[list[Item]] = relationship(back_populates="topic")


class Fact(db.Model):
    __tablename__ = "fact"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(sa.ForeignKey("document.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[str] = mapped_column(sa.Text, default="")
    value: Mapped[str | None] = mapped_column(sa.String(60))
    granularity: Mapped[str | None] = mapped_column(sa.String(10))
    resolved: Mapped[bool] = mapped_column(default=False)
    # members / number / unit / cells: whatever the kind carries.
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)

    document: Mapped[Document] = relationship(back_populates="facts")
    items: Mapped[list[Item]] = relationship(secondary=item_fact, back_populates="facts")


#: The retired status written into the SQL rather than bound. SQLite may use the partial
#: index ix_item_retired for ``status = ?`` only by peeking at the bound value,
#: and a statement planned from a bound value is re-prepared (parsed and
#: planned again) on every execution: that was a fifth of the study answer's
#: SQLite time.
RETIRED = sa.literal_column(f"'{ItemStatus.RETIRED.value}'")

#: The statuses never served (retired, held), written into the SQL for the same
#: reason as RETIRED, and spelled exactly as the partial index ix_item_unserved's
#: WHERE so SQLite sees that the index covers the anti-join's subquery.
UNSERVED_SQL = f"status IN ('{ItemStatus.RETIRED.value}', '{ItemStatus.HELD.value}')"
UNSERVED = (sa.literal_column(f"'{ItemStatus.RETIRED.value}'"), sa.literal_column(f"'{ItemStatus.HELD.value}'"))


class Item(db.Model):
    __tablename__ = "item"
    __table_args__ = (
        sa.Index("ix_item_status_type", "status", "type"),
        # The few ids never served (retired or held), for the study queue's anti-join. Partial,
        # so the planner sees how small it is; a plain index on status looks like a full scan to it.
        sa.Index("ix_item_unserved", "id", sqlite_where=sa.text(UNSERVED_SQL),
                 postgresql_where=sa.text(UNSERVED_SQL)),
    )

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    document_id: Mapped[str] = mapped_column(sa.ForeignKey("document.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id"), index=True)
    type: Mapped[str] = mapped_column(sa.String(20))
    style: Mapped[str | None] = mapped_column(sa.String(20))
    stem: Mapped[str] = mapped_column(sa.Text)
    options: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    answer: Mapped[Any] = mapped_column(sa.JSON)  # mcq: 0-based index; fact/cloze: text
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(12), default=ItemStatus.GENERATED)
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)
    word_limit: Mapped[int | None]
    marks: Mapped[int | None]
    time_limit_minutes: Mapped[int | None]
    directive: Mapped[str | None] = mapped_column(sa.String(80))
    # why the bank's quality gate holds the item back (status 'held'); empty otherwise
    hold_reasons: Mapped[list[str] | None] = mapped_column(sa.JSON, default=list)  # null on rows loaded before it
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Imported items only: {format, file, name or id, imported_at}; they have no source sentence.
    provenance: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON(none_as_null=True))
    # The number of the wording being served (quizapp.review.versions): logs and test responses
    # record it, so a history shows what the learner saw even after an editor changes the item.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    document: Mapped[Document] = relationship(back_populates="items")
    topic: Mapped[Topic | None] = relationship(back_populates="items")
    facts: Mapped[list[Fact]] = relationship(secondary=item_fact, back_populates="items", order_by="Fact.start")
    key_points: Mapped[list[KeyPoint]] = relationship(
        back_populates="item", order_by="KeyPoint.position", cascade="all, delete-orphan", foreign_keys="KeyPoint.item_id"
    )
    tag_rows: Mapped[list[ItemTag]] = relationship(cascade="all, delete-orphan", back_populates="item")

    @property
    def active(self) -> bool:
        return self.status in SERVED_STATUSES

    @classmethod
    def live(cls) -> sa.ColumnElement[bool]:
        """SQL for "served to users": not retired, not held back. (The study queue's anti-join uses `RETIRED`.)"""
        return cls.status.in_(SERVED_STATUSES)

    @classmethod
    def unserved_ids(cls) -> sa.Select[tuple[str]]:
        """Ids never served, as the anti-join's subquery (uses the partial index ix_item_unserved)."""
        return sa.select(cls.id).where(cls.status.in_(UNSERVED))

    @classmethod
    def visible_to(cls, user_id: int | None) -> sa.ColumnElement[bool]:
        """SQL for "this user may see it": shared items, and imports private to this user.

        An anti-join on the few private documents, so the usual case (no private
        imports) costs one empty index probe and the queue's plans do not change.
        """
        private = sa.select(Document.id).where(Document.owner_id.is_not(None))
        if user_id is not None:
            private = private.where(Document.owner_id != user_id)
        return cls.document_id.not_in(private)

    def visible(self, user_id: int | None) -> bool:
        """Python twin of `visible_to` for a loaded item (its document is one lookup in the identity map)."""
        owner = self.document.owner_id if self.document is not None else None
        return owner is None or owner == user_id

    @classmethod
    def is_visible(cls, item_id: str, user_id: int | None) -> bool:
        from quizapp.extensions import db

        return bool(db.session.scalar(sa.select(sa.exists().where(cls.id == item_id, cls.visible_to(user_id)))))

    @property
    def edited(self) -> bool:
        """A person changed it in /review (approve, edit, hold, retire): a rebuild keeps their version."""
        return (self.version or 1) > 1

    @property
    def imported(self) -> bool:
        return self.provenance is not None


class ItemTag(db.Model):
    """Tags as rows so "study this tag" is an indexed query, not a JSON scan."""

    __tablename__ = "item_tag"

    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(80), primary_key=True, index=True)

    item: Mapped[Item] = relationship(back_populates="tag_rows")


class KeyPoint(db.Model):
    __tablename__ = "key_point"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    keywords: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    fact_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)

    item: Mapped[Item] = relationship(back_populates="key_points", foreign_keys=[item_id])
    teaching_items: Mapped[list[Item]] = relationship(secondary=key_point_item)


class ItemVersion(db.Model):
    """One wording of an item, as it was after a change (Moodle's question versions).

    The first row (the pipeline's wording) is written at the first change, so
    items nobody touched cost no rows; until then ``item.version`` is 1 and the
    item row itself is that version.
    """

    __tablename__ = "item_version"
    __table_args__ = (sa.UniqueConstraint("item_id", "number", name="uq_item_version_item_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(sa.ForeignKey("item.id", ondelete="CASCADE"))
    number: Mapped[int]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # generated / edit / approve / hold / retire / publish / flag
    action: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    stem: Mapped[str] = mapped_column(sa.Text)
    options: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    answer: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12))
    hold_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
