"""Write a curated library back out as `quizapp-bank/1` files, so it can move between servers or live in git.

The database, not the YAML, holds a personal library's curation (statuses set
in /review, edits, their versions), so an export is what makes it portable.
Each document becomes ``<id>.yaml`` and its text ``<id>.txt`` side by side;
``quizapp banks load DIR --sources DIR`` takes them back. The bank carries
``document.owner`` (a username) and, per item, ``version`` and every stored
``versions`` row, so a load on another server restores the same items,
statuses and version history. Imported banks (``kind == "import"``) have no
text to quote; they go out through ``quizapp export`` in their own formats.
No Flask: the CLI passes the session's rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quizapp.banks.bankfile import FORMAT, bank_path, dump
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, ItemVersion, User
from quizapp.review.versions import FIELDS


class ExportError(ValueError):
    pass


@dataclass
class ExportReport:
    documents: list[str] = field(default_factory=list)
    items: int = 0
    versions: int = 0
    skipped_imports: list[str] = field(default_factory=list)


def select_documents(document: str | None = None, library: str | None = None) -> list[Document]:
    """The documents one export covers: one by id, the shared library, or one user's private documents."""
    if (document is None) == (library is None):
        raise ExportError("give exactly one of --document ID or --library shared|USER")
    if document is not None:
        doc = db.session.get(Document, document)
        if doc is None:
            raise ExportError(f"no document with id {document!r}")
        return [doc]
    where: sa.ColumnElement[bool]
    if library == "shared":
        where = Document.owner_id.is_(None)
    else:
        uid = db.session.scalar(sa.select(User.id).where(User.username_key == User.key_for(library or "")))
        if uid is None:
            raise ExportError(f"no user named {library!r}")
        where = Document.owner_id == uid
    return list(db.session.scalars(sa.select(Document).where(where).order_by(Document.id)))


def export_documents(docs: list[Document], out_dir: Path) -> ExportReport:
    out_dir = Path(out_dir)
    report = ExportReport()
    source_docs = [d for d in docs if d.kind != "import"]
    report.skipped_imports = [d.id for d in docs if d.kind == "import"]
    if not source_docs:
        raise ExportError("nothing to export: no source documents in that selection"
                          + (" (imported banks go out with `quizapp export`)" if report.skipped_imports else ""))
    users = {uid: name for uid, name in db.session.execute(sa.select(User.id, User.username))}
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc in source_docs:
        data, n_versions = bank_of(doc, users)
        text_file = out_dir / data["document"]["file"]
        text_file.write_bytes((doc.text or "").encode("utf-8"))  # bytes: offsets must survive byte for byte
        bank_path(out_dir, doc.id).write_text(dump(data), encoding="utf-8")
        report.documents.append(doc.id)
        report.items += len(data["items"])
        report.versions += n_versions
    return report


def bank_of(doc: Document, users: dict[int, str]) -> tuple[dict[str, Any], int]:
    """One document as bank data, and how many version rows it carries."""
    facts = list(db.session.scalars(sa.select(Fact).where(Fact.document_id == doc.id).order_by(Fact.start, Fact.id)))
    items = list(db.session.scalars(sa.select(Item).where(Item.document_id == doc.id).order_by(Item.start, Item.id)))
    rows: dict[str, list[ItemVersion]] = {}
    if items:
        for v in db.session.scalars(sa.select(ItemVersion).where(ItemVersion.item_id.in_([i.id for i in items]))
                                    .order_by(ItemVersion.item_id, ItemVersion.number)):
            rows.setdefault(v.item_id, []).append(v)
    meta = {"id": doc.id, "file": f"{doc.id}.txt", "title": doc.title, "publisher": doc.publisher,
            "published": _day(doc.published), "as_of": _day(doc.as_of), "sha256": doc.sha256 or "",
            "owner": users.get(doc.owner_id) if doc.owner_id is not None else None}
    out_items = [_item(doc, it, rows.get(it.id, []), users) for it in items]
    data = {"format": FORMAT, "document": meta, "facts": [_fact(f) for f in facts], "items": out_items}
    return data, sum(len(v) for v in rows.values())


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _source(doc_id: str, start: int, end: int, quote: str) -> dict[str, Any]:
    return {"document": doc_id, "start": start, "end": end, "quote": quote}


def _fact(f: Fact) -> dict[str, Any]:
    data = f.data or {}
    out: dict[str, Any] = {"id": f.id, "kind": f.kind, "label": f.label or ""}
    if f.kind == "date":
        out.update(value=f.value, granularity=f.granularity, resolved=bool(f.resolved))
    elif f.kind == "list":
        out["members"] = list(data.get("members") or [])
    elif f.kind == "count":
        out.update(number=data.get("number"), unit=data.get("unit"))
    elif f.kind == "table_row":
        out["cells"] = list(data.get("cells") or [])
    if data.get("extra"):
        out["extra"] = data["extra"]  # as the bank file writes it (`bankfile.fact_dict`), before the source
    out["source"] = _source(f.document_id, f.start, f.end, f.quote)
    return out


def _item(doc: Document, it: Item, rows: list[ItemVersion], users: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": it.id, "type": it.type}
    if it.style is not None:
        out["style"] = it.style
    out["stem"] = it.stem
    if it.type == "mcq":
        out["options"] = list(it.options or [])
    if it.answer is not None:
        out["answer"] = it.answer
    out.update(explanation=it.explanation or "", topic=it.topic.name if it.topic else doc.title,
               tags=list(it.tags or []), facts=[f.id for f in it.facts], status=it.status)
    if it.status == "held":
        out["hold_reasons"] = list(it.hold_reasons or [])
    out["source"] = _source(doc.id, it.start, it.end, it.quote)
    if it.type == "essay":
        out.update(word_limit=it.word_limit, marks=it.marks, time_limit_minutes=it.time_limit_minutes,
                   directive=it.directive,
                   key_points=[{"id": kp.id, "text": kp.text, "keywords": list(kp.keywords or []),
                                "source": _source(doc.id, kp.start, kp.end, kp.quote), "facts": list(kp.fact_ids or []),
                                "items": [t.id for t in kp.teaching_items]} for kp in it.key_points])
    out["version"] = it.version or 1
    out["versions"] = [_version(v, users) for v in rows]
    return out


def _version(v: ItemVersion, users: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"number": v.number, "action": v.action,
                           "user": users.get(v.user_id) if v.user_id is not None else None,
                           "at": v.created_at.isoformat(), "note": v.note or ""}
    for name in FIELDS:
        value = getattr(v, name)
        out[name] = list(value or []) if name in ("options", "hold_reasons") else value
    if out["explanation"] is None:
        out["explanation"] = ""
    return out
