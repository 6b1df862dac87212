"""How an imported item is shown: no source quote, and whether the user's own documents agree."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Document, Fact, Item

IMPORTED_NOTE = "imported — not traced to a source"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


def key_text(type_: str, options: list[str] | None, answer: Any) -> str | None:
    if type_ == "mcq" and isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < len(options or []):
        return options[answer]
    if type_ in ("fact", "cloze") and answer:
        return str(answer)
    return None


def also_stated_for(type_: str, options: list[str] | None, answer: Any, user_id: int | None) -> str | None:
    """The title of a visible source document with a loaded fact whose value, or quote, holds the key.

    A plain normalised match (case, accents, punctuation, whole words): enough to
    say "your own documents say this too", never used to mark an item right.
    Keys too short or generic to mean anything (True/False, one character) match nothing.
    """
    key = key_text(type_, options, answer)
    needle = _norm(key) if key else ""
    if len(needle) < 3 or needle in ("true", "false", "none of the above", "all of the above"):
        return None
    owner = Document.owner_id.is_(None) if user_id is None else sa.or_(Document.owner_id.is_(None), Document.owner_id == user_id)
    probe = key[:60]
    rows = db.session.execute(
        sa.select(Document.title, Fact.value, Fact.quote).join(Fact, Fact.document_id == Document.id)
        .where(Document.kind != "import", owner,
               sa.or_(Fact.value.icontains(probe, autoescape=True), Fact.quote.icontains(probe, autoescape=True)))
        .order_by(Document.title).limit(50)
    ).all()
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    for title, value, quote in rows:
        if needle == _norm(value or "") or pattern.search(_norm(quote or "")):
            return title
    return None


def also_stated(item: Item, user_id: int | None) -> str | None:
    if item.provenance is None:
        return None
    return also_stated_for(item.type, item.options, item.answer, user_id)
