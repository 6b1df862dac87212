"""The review queue's rules: whose queue holds what, and what each action writes.

No Flask: the routes pass the acting user's id and role. An editor's queue is
the shared library (and their own documents); a learner's is their own
documents only. An item or flag outside the caller's queue is `NotFound`,
the same answer as one that does not exist. Every action commits once, or
raises and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from quizapp.banks.check import check_item
from quizapp.enums import SERVED_STATUSES, FlagKind, FlagReason, FlagStatus, ItemStatus
from quizapp.errors import ClientError, NotFound
from quizapp.extensions import db
from quizapp.models import Document, Item
from quizapp.models.classes import ItemFlag
from quizapp.review import versions
from quizapp.study import effects
from quizapp.timeutil import utcnow

CONTEXT_CHARS = 240  # source text shown either side of the quote
PAGE = 200
UNREVIEWED = "unreviewed"  # hold reason for a published document's items nobody approved


@dataclass(frozen=True)
class Reviewer:
    user_id: int
    editor: bool


@dataclass(frozen=True)
class Filters:
    document: str | None = None
    status: str | None = None  # None: generated and held (what waits for a decision); "all"; or one ItemStatus
    reason: str | None = None
    flagged: bool = False


@dataclass
class Row:
    item: Item
    before: str
    quote: str
    after: str
    flags: list[ItemFlag] = field(default_factory=list)


class ReviewError(ClientError):
    pass


class EditRefused(ReviewError):
    """The bank checks refuse an edit; ``problems`` are their sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems), 400)
        self.problems = problems


# -- scope -------------------------------------------------------------------------------------------


def in_queue(who: Reviewer) -> sa.ColumnElement[bool]:
    """SQL for the documents whose items this reviewer decides on."""
    own = Document.owner_id == who.user_id
    return sa.or_(Document.owner_id.is_(None), own) if who.editor else own


def documents(who: Reviewer) -> list[Document]:
    return list(db.session.scalars(sa.select(Document).where(in_queue(who)).order_by(Document.title)))


def document(who: Reviewer, doc_id: str) -> Document:
    doc = db.session.scalar(sa.select(Document).where(Document.id == doc_id, in_queue(who)))
    if doc is None:
        raise NotFound("no such document")
    return doc


def item(who: Reviewer, item_id: str) -> Item:
    found = db.session.scalar(sa.select(Item).join(Document).where(Item.id == item_id, in_queue(who)))
    if found is None:
        raise NotFound("no such item")
    return found


def can_review(who: Reviewer, it: Item) -> bool:
    owner = it.document.owner_id
    return owner == who.user_id or (owner is None and who.editor)


# -- the queue --------------------------------------------------------------------------------------


def _open_flags() -> sa.Select[tuple[str]]:
    return sa.select(ItemFlag.item_id).where(ItemFlag.status == FlagStatus.OPEN)


def queue(who: Reviewer, filters: Filters) -> list[Row]:
    stmt = sa.select(Item).join(Document).where(in_queue(who))
    if filters.document:
        stmt = stmt.where(Item.document_id == filters.document)
    if filters.status in tuple(ItemStatus):
        stmt = stmt.where(Item.status == filters.status)
    elif filters.status != "all" and not filters.flagged:
        stmt = stmt.where(Item.status.in_((ItemStatus.GENERATED, ItemStatus.HELD)))
    if filters.flagged:
        stmt = stmt.where(Item.id.in_(_open_flags()))
    items = list(db.session.scalars(stmt.order_by(Item.document_id, Item.start, Item.id).limit(PAGE * 5)))
    if filters.reason:  # JSON lists: filtered here, portably, on at most a few pages of rows
        items = [i for i in items if filters.reason in (i.hold_reasons or [])]
    items = items[:PAGE]
    flags: dict[str, list[ItemFlag]] = {}
    if items:
        for f in db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id.in_([i.id for i in items]),
                                                              ItemFlag.status == FlagStatus.OPEN)
                                    .order_by(ItemFlag.created_at)):
            flags.setdefault(f.item_id, []).append(f)
    return [row(i, flags.get(i.id, [])) for i in items]


def row(it: Item, flags: list[ItemFlag] | None = None) -> Row:
    text = it.document.text or ""
    if it.provenance is not None or not text:
        return Row(it, "", it.quote, "", flags or [])
    return Row(it, text[max(0, it.start - CONTEXT_CHARS):it.start], text[it.start:it.end],
               text[it.end:it.end + CONTEXT_CHARS], flags or [])


def reasons(who: Reviewer) -> list[str]:
    """Every gate reason on a held item in this queue, for the filter."""
    held = db.session.scalars(sa.select(Item.hold_reasons).join(Document)
                              .where(in_queue(who), Item.status == ItemStatus.HELD))
    return sorted({r for rs in held for r in (rs or [])})


# -- actions ----------------------------------------------------------------------------------------


def _decide(who: Reviewer, it: Item, status: ItemStatus, action: str, note: str = "",
            hold_reasons: list[str] | None = None) -> None:
    versions.change(it, who.user_id, action, note, status=status,
                    hold_reasons=hold_reasons if status == ItemStatus.HELD else [])


def _done() -> None:
    effects.invalidate()  # what is served changed under the stored study queues
    db.session.commit()


def _move(who: Reviewer, item_id: str, status: ItemStatus, action: str) -> Item:
    """A second press of the same key (a double click, a retried request) writes no second version."""
    it = item(who, item_id)
    if it.status != status:
        _decide(who, it, status, action)
        _done()
    return it


def approve(who: Reviewer, item_id: str) -> Item:
    return _move(who, item_id, ItemStatus.REVIEWED, "approve")


def hold(who: Reviewer, item_id: str, reason: str) -> Item:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ReviewError("Say why the item is held (a learner or editor will read it).")
    it = item(who, item_id)
    _decide(who, it, ItemStatus.HELD, "hold", reason, [*(it.hold_reasons or []), reason][-5:])
    _done()
    return it


def retire(who: Reviewer, item_id: str) -> Item:
    return _move(who, item_id, ItemStatus.RETIRED, "retire")


def bulk_approve(who: Reviewer, doc_id: str) -> int:
    """Approve a document's generated items; held ones wait for a decision each (their reasons need reading)."""
    doc = document(who, doc_id)
    items = db.session.scalars(sa.select(Item).where(Item.document_id == doc.id, Item.status == ItemStatus.GENERATED))
    n = 0
    for it in items:
        _decide(who, it, ItemStatus.REVIEWED, "approve", "bulk")
        n += 1
    _done()
    return n


@dataclass(frozen=True)
class Edit:
    stem: str
    options: list[str]
    answer: Any
    explanation: str
    start: int
    end: int


def _fact_dict(f: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "kind": f.kind, "label": f.label or "", "value": f.value,
                           "granularity": f.granularity, "resolved": bool(f.resolved), **(f.data or {})}
    out["source"] = {"document": f.document_id, "start": f.start, "end": f.end, "quote": f.quote}
    return out


def problems(it: Item, edit: Edit) -> list[str]:
    """What the bank checks say about the item as edited (empty: it may be saved)."""
    text = it.document.text or ""
    if not 0 <= edit.start < edit.end <= len(text):
        return [f"the quote must be a span of the source (0 to {len(text)} characters)"]
    raw: dict[str, Any] = {
        "id": it.id, "type": it.type, "stem": edit.stem, "answer": edit.answer, "explanation": edit.explanation,
        "facts": [f.id for f in it.facts], "status": it.status,
        "source": {"document": it.document_id, "start": edit.start, "end": edit.end,
                   "quote": text[edit.start:edit.end]},
    }
    if it.style:
        raw["style"] = it.style
    if it.type == "mcq":
        raw["options"] = list(edit.options)
    if it.type == "essay":
        raw["key_points"] = [{"id": kp.id} for kp in it.key_points]
    facts = [_fact_dict(f) for f in it.document.facts]
    found = check_item(raw, facts, it.document_id, text)
    # Key points keep their own quotes; an essay's are checked when its bank is built.
    return [p for p in found if not p.startswith("key point")]


def edit(who: Reviewer, item_id: str, change: Edit) -> Item:
    it = item(who, item_id)
    if it.provenance is not None:
        raise ReviewError("An imported item has no source to check an edit against: edit it where it came from.")
    found = problems(it, change)
    if found:
        raise EditRefused(found)
    text = it.document.text
    versions.change(it, who.user_id, "edit", "", stem=change.stem, options=list(change.options), answer=change.answer,
                    explanation=change.explanation, start=change.start, end=change.end,
                    quote=text[change.start:change.end])
    _resolve_source_changed(it, who)
    _done()
    return it


def _resolve_source_changed(it: Item, who: Reviewer) -> None:
    for f in db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == it.id, ItemFlag.status == FlagStatus.OPEN,
                                                          ItemFlag.kind == FlagKind.SOURCE_CHANGED)):
        _close(f, who, "edited again after the source changed")


# -- publishing --------------------------------------------------------------------------------------


def publish(who: Reviewer, doc_id: str) -> int:
    """Move an editor's own reviewed document into the shared library; items nobody approved are held.

    Returns how many reviewed items every learner now studies.
    """
    if not who.editor:
        raise NotFound("no such document")
    doc = db.session.scalar(sa.select(Document).where(Document.id == doc_id, Document.owner_id == who.user_id))
    if doc is None:
        raise NotFound("no such document")
    reviewed = [i for i in doc.items if i.status == ItemStatus.REVIEWED]
    if not reviewed:
        raise ReviewError("Approve at least one item before publishing: only reviewed items reach the shared library.",
                          409)
    for it in doc.items:
        if it.status in SERVED_STATUSES and it.status != ItemStatus.REVIEWED:
            _decide(who, it, ItemStatus.HELD, "publish", "not reviewed when published", [UNREVIEWED])
    doc.owner_id = None
    _done()
    return len(reviewed)


# -- flags -------------------------------------------------------------------------------------------


def raise_flag(user_id: int, item_id: str, reason: str, note: str = "") -> ItemFlag:
    """A learner's flag on an item they may study; one open flag per learner and item (a second updates it)."""
    try:
        code = FlagReason(reason)
    except ValueError:
        raise ClientError("reason must be one of: " + ", ".join(r.value for r in FlagReason)) from None
    it = db.session.get(Item, item_id)
    if it is None or not it.visible(user_id):
        raise NotFound("no such item")
    flag = db.session.scalar(sa.select(ItemFlag).where(ItemFlag.item_id == item_id, ItemFlag.user_id == user_id,
                                                       ItemFlag.kind == FlagKind.LEARNER,
                                                       ItemFlag.status == FlagStatus.OPEN))
    if flag is None:
        flag = ItemFlag(item_id=item_id, user_id=user_id, kind=FlagKind.LEARNER, status=FlagStatus.OPEN,
                        created_at=utcnow())
        db.session.add(flag)
    flag.reason = code.value
    flag.figures = {"note": " ".join(note.split())[:500], "version": it.version}
    return flag


def flag(who: Reviewer, flag_id: int) -> ItemFlag:
    found = db.session.get(ItemFlag, flag_id)
    if found is None or not can_review(who, found.item):
        raise NotFound("no such flag")
    return found


def _close(f: ItemFlag, who: Reviewer, resolution: str) -> None:
    f.status, f.resolution, f.resolved_by_id, f.resolved_at = FlagStatus.RESOLVED, resolution, who.user_id, utcnow()


def resolve(who: Reviewer, flag_id: int, resolution: str) -> ItemFlag:
    resolution = " ".join((resolution or "").split())
    if not resolution:
        raise ReviewError("Say what was done about the flag: the learner who raised it reads this.")
    f = flag(who, flag_id)
    if f.status != FlagStatus.OPEN:
        raise ReviewError("This flag is already resolved.", 409)
    _close(f, who, resolution[:1000])
    db.session.commit()
    return f


def open_flags_for(who: Reviewer, it: Item) -> list[ItemFlag]:
    if not can_review(who, it):
        return []
    return list(db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == it.id,
                                                             ItemFlag.status == FlagStatus.OPEN)
                                   .order_by(ItemFlag.created_at.desc())))


def own_flags(user_id: int, item_id: str) -> list[ItemFlag]:
    """The flags this learner raised on the item, open or resolved (the item page tells them the outcome)."""
    return list(db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == item_id, ItemFlag.user_id == user_id,
                                                             ItemFlag.kind == FlagKind.LEARNER)
                                   .order_by(ItemFlag.created_at.desc())))
