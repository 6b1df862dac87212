"""Item versions: every change writes the item's whole wording as a new numbered row.

Logs and test responses keep ``item.version`` as it was when answered, so a
history can show that wording after the item is edited. The pipeline's own
wording becomes version 1 lazily, at the first change: the shipped banks'
thousands of untouched items cost no rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item, ItemVersion
from quizapp.timeutil import utcnow

FIELDS = ("stem", "options", "answer", "explanation", "start", "end", "quote", "status", "hold_reasons")


@dataclass(frozen=True)
class Wording:
    """What a learner saw: an item's text at one version."""

    number: int
    stem: str
    options: list[str]
    answer: Any
    explanation: str
    quote: str


def snapshot(item: Item) -> dict[str, Any]:
    out = {f: getattr(item, f) for f in FIELDS}
    out["options"] = list(out["options"] or [])
    out["hold_reasons"] = list(out["hold_reasons"] or [])
    return out


def _ensure_base(item: Item) -> None:
    exists = db.session.scalar(sa.select(sa.exists().where(ItemVersion.item_id == item.id,
                                                           ItemVersion.number == item.version)))
    if not exists:
        db.session.add(ItemVersion(item_id=item.id, number=item.version, user_id=None, created_at=item.updated_at,
                                   action="generated", note="", **snapshot(item)))


def change(item: Item, user_id: int | None, action: str, note: str = "", **values: Any) -> ItemVersion:
    """Apply ``values`` to the item and record the result as its next version (no commit)."""
    _ensure_base(item)
    for name, value in values.items():
        if name not in FIELDS:
            raise KeyError(name)
        setattr(item, name, value)
    item.version = (item.version or 1) + 1
    item.updated_at = utcnow()
    row = ItemVersion(item_id=item.id, number=item.version, user_id=user_id, action=action, note=note,
                      created_at=item.updated_at, **snapshot(item))
    db.session.add(row)
    db.session.flush()
    return row


def base(item: Item) -> dict[str, Any] | None:
    """The pipeline's wording (version 1) if the item was ever changed, else None (the row is still it)."""
    row = db.session.scalar(sa.select(ItemVersion).where(ItemVersion.item_id == item.id)
                            .order_by(ItemVersion.number).limit(1))
    return None if row is None else {f: getattr(row, f) for f in FIELDS}


def history(item_id: str) -> list[ItemVersion]:
    return list(db.session.scalars(sa.select(ItemVersion).where(ItemVersion.item_id == item_id)
                                   .order_by(ItemVersion.number.desc())))


def wording(item: Item, number: int | None) -> Wording:
    """The item as version ``number`` worded it; today's wording when that is current or unknown."""
    if number is not None and number != item.version:
        row = db.session.scalar(sa.select(ItemVersion).where(ItemVersion.item_id == item.id,
                                                             ItemVersion.number == number))
        if row is not None:
            return Wording(row.number, row.stem, list(row.options or []), row.answer, row.explanation, row.quote)
    return Wording(item.version, item.stem, list(item.options or []), item.answer, item.explanation, item.quote)


def keys_seen(pairs: Iterable[tuple[Item, int | None]]) -> Callable[[Item, int | None], Any]:
    """The key each (item, version) pair had, for marking an answer against what the learner saw.

    One query for all the pairs whose version is no longer current; a pair
    with no version (recorded before versions existed) or whose row is missing
    is marked against today's key, the only one known.
    """
    old = {(it.id, n) for it, n in pairs if n is not None and n != it.version}
    found: dict[tuple[str, int], Any] = {}
    if old:
        rows = db.session.execute(sa.select(ItemVersion.item_id, ItemVersion.number, ItemVersion.answer)
                                  .where(ItemVersion.item_id.in_({i for i, _ in old}),
                                         ItemVersion.number.in_({n for _, n in old})))
        found = {(i, n): a for i, n, a in rows if (i, n) in old}

    def key(item: Item, number: int | None) -> Any:
        return found.get((item.id, number), item.answer) if number is not None else item.answer

    return key
