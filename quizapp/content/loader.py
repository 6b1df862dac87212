"""Load checked banks into the content tables in one transaction.

The banks are the source of truth for the shared library, so loading is an
upsert by id: editing an item in YAML updates its row, and an item that left
the banks is retired (not deleted), because users' cards and review logs
point at it. Any problem found by `check_report` refuses the whole load before
a single row changes.

That sweep (retire what is missing, drop facts nobody cites) covers only the
shared library, and only when the load carries shared documents: a directory
of banks is never a complete picture of what learners added themselves
(personal documents live in the database, or in an export of one library),
so a personal document's items are never retired, nor its facts dropped, by
their absence from a load.

A bank written by ``quizapp banks export`` names its document's ``owner`` and
gives each item its ``version`` and stored ``versions``: those restore the
curated library (statuses, edits, history) on another server. An item a
person changed here (``Item.edited``) is never overwritten by a bank without
a newer version (a rebuild): see `_keep_edited`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from quizapp.banks.bankfile import line_of, load_text
from quizapp.banks.check import Problem, check_report
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, ItemTag, ItemVersion, KeyPoint, Topic, User
from quizapp.study.store import invalidate_all
from quizapp.timeutil import utcnow


class LoadError(ValueError):
    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass
class LoadReport:
    documents: int = 0
    facts: int = 0
    items_by_status: dict[str, int] = field(default_factory=dict)
    inserted: int = 0
    updated: int = 0
    retired: int = 0
    # ids of items a person changed (quizapp.review) whose bank now words them differently: kept, and flagged
    source_changed: list[str] = field(default_factory=list)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_banks(banks_dir: Path, sources_dir: Path) -> LoadReport:
    banks_dir, sources_dir = Path(banks_dir), Path(sources_dir)
    files = sorted(banks_dir.glob("*.yaml"))
    if not files:
        raise LoadError([f"{banks_dir}: no bank files (*.yaml) to load"])
    checked = check_report(banks_dir, sources_dir)
    if checked.problems:
        raise LoadError(checked.problems)
    banks = [checked.banks[str(path)] for path in files]
    try:
        owners = _owners(files, banks)
        report = _upsert(banks, sources_dir, owners)
        # Items, topics and tags may have changed under every stored study queue.
        invalidate_all(db.session.connection())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _owners(files: list[Path], banks: list[dict[str, Any]]) -> dict[str, int | None]:
    """Document id -> owner's user id (None: shared), refusing owners this server lacks or a library swap."""
    rows = db.session.execute(sa.select(User.id, User.username, User.username_key)).all()
    by_key = {key: uid for uid, _, key in rows}
    names = {uid: name for uid, name, _ in rows}
    current = dict(db.session.execute(sa.select(Document.id, Document.owner_id)).tuples().all())
    out: dict[str, int | None] = {}
    problems: list[str] = []
    for path, bank in zip(files, banks, strict=True):
        meta = bank["document"]
        name = meta.get("owner")
        owner = None if name in (None, "") else by_key.get(User.key_for(str(name)))
        if name not in (None, "") and owner is None:
            problems.append(f"{path}:{_line(path, 'owner')}: owner {name!r} has no account on this server: "
                            f"create it first (quizapp users create {name})")
            continue
        if meta["id"] in current and current[meta["id"]] != owner:
            was = current[meta["id"]]
            here = "the shared library" if was is None else f"{names.get(was, 'another user')}'s library"
            problems.append(f"{path}:{_line(path, 'id')}: document {meta['id']} is in {here} on this server; "
                            "a load does not move a document between libraries")
            continue
        out[meta["id"]] = owner
    if problems:
        raise LoadError(problems)
    return out


def _line(path: Path, key: str) -> int:
    data, node = load_text(path.read_text(encoding="utf-8"), str(path))
    return line_of(node, ("document", key))


def _upsert(banks: list[dict[str, Any]], sources_dir: Path, owners: dict[str, int | None]) -> LoadReport:
    report = LoadReport()
    now = utcnow()
    loaded = set(owners)
    # Only a load of shared banks speaks for the shared library: it may retire what left it.
    sweep_shared = any(owner is None for owner in owners.values())
    users = {key: uid for uid, key in db.session.execute(sa.select(User.id, User.username_key))}
    topics = {t.name: t for t in db.session.scalars(sa.select(Topic))}
    # The collections a load rewrites are fetched up front, a query each: lazy loading
    # them item by item was most of a reload's time (one query per item and relation).
    documents = {d.id: d for d in db.session.scalars(
        sa.select(Document).options(selectinload(Document.facts), selectinload(Document.items)))}
    facts = {f.id: f for f in db.session.scalars(sa.select(Fact))}
    # Imported banks (quizapp import) are not in the YAML banks: a load must not retire them.
    items = {i.id: i for i in db.session.scalars(
        sa.select(Item).join(Document).where(Document.kind != "import")
        .options(selectinload(Item.facts), selectinload(Item.tag_rows), selectinload(Item.key_points)))}
    seen_items: set[str] = set()
    seen_facts: set[str] = set()

    for bank in banks:
        meta = bank["document"]
        doc = documents.get(meta["id"]) or Document(id=meta["id"])
        documents[doc.id] = doc
        source = segment(load_source(sources_dir / meta["file"]))
        doc.file, doc.title, doc.publisher = meta["file"], meta["title"], meta.get("publisher")
        doc.published, doc.as_of, doc.sha256 = _date(meta.get("published")), _date(meta.get("as_of")), meta["sha256"]
        doc.text = source.text
        doc.blocks = [[b.kind, b.start, b.end] for b in source.blocks]
        doc.loaded_at = now
        doc.kind, doc.owner_id = "source", owners[doc.id]
        db.session.add(doc)
        report.documents += 1

        for raw in bank.get("facts", []):
            fact = facts.get(raw["id"]) or Fact(id=raw["id"])
            facts[fact.id] = fact
            seen_facts.add(fact.id)
            src = raw["source"]
            fact.document = doc
            fact.kind, fact.label = raw["kind"], raw.get("label") or ""
            fact.value, fact.granularity, fact.resolved = raw.get("value"), raw.get("granularity"), bool(raw.get("resolved"))
            # ``extra`` (an event's year, a tri-junction's states) is what `banks check` re-derives event MCQ keys
            # from: without it an exported bank could not be checked, or loaded, again
            fact.data = {k: raw[k] for k in ("members", "number", "unit", "cells", "extra") if raw.get(k) is not None}
            fact.start, fact.end, fact.quote = src["start"], src["end"], src["quote"]
            db.session.add(fact)
            report.facts += 1

        for raw in bank.get("items", []):
            item = items.get(raw["id"])
            if item is None:
                item = Item(id=raw["id"])
                items[item.id] = item
                report.inserted += 1
            else:
                report.updated += 1
            seen_items.add(item.id)
            if "version" in raw:  # an export: a curated record with its own history
                if item.edited and item.version >= raw["version"]:
                    pass  # this server's curation is as new or newer
                else:
                    _fill_item(item, raw, doc, topics, facts, now)
                    db.session.add(item)
                    _restore_versions(item, raw, users)
            elif item.edited:
                if _keep_edited(item, raw):
                    report.source_changed.append(item.id)
            else:
                _fill_item(item, raw, doc, topics, facts, now)
                db.session.add(item)
            report.items_by_status[item.status] = report.items_by_status.get(item.status, 0) + 1

    db.session.flush()
    # Key points link to teaching items that may sit later in the same bank: wire them after all items exist.
    for bank in banks:
        for raw in bank.get("items", []):
            if raw.get("key_points"):
                _fill_key_points(items[raw["id"]], raw["key_points"], items)

    def swept(doc_id: str) -> bool:
        owner = documents[doc_id].owner_id if doc_id in documents else None
        return sweep_shared and owner is None

    for item_id, item in items.items():
        if item_id in seen_items or item.status == ItemStatus.RETIRED or not swept(item.document_id):
            continue
        if item.edited:
            if _flag_source_changed(item, "its document no longer produces it", None):
                report.source_changed.append(item_id)
            continue
        item.status = ItemStatus.RETIRED
        item.updated_at = now
        report.retired += 1
    stale = [fid for fid, f in facts.items()
             if fid not in seen_facts and (f.document_id in loaded or swept(f.document_id))]
    if stale:
        db.session.execute(sa.delete(Fact).where(Fact.id.in_(stale)))
    return report


def _restore_versions(item: Item, raw: dict[str, Any], users: dict[str, int]) -> None:
    """The exported item's version number and history rows (matched by number, so a reload is a no-op)."""
    item.version = int(raw["version"])
    have = {v.number: v for v in db.session.scalars(sa.select(ItemVersion).where(ItemVersion.item_id == item.id))}
    for v in raw.get("versions") or []:
        row = have.get(v["number"]) or ItemVersion(item_id=item.id, number=v["number"])
        row.user_id = users.get(User.key_for(str(v["user"]))) if v.get("user") else None
        at = dt.datetime.fromisoformat(v["at"])
        row.created_at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        row.action, row.note = v["action"], v.get("note") or ""
        row.stem, row.options, row.answer = v["stem"], list(v.get("options") or []), v.get("answer")
        row.explanation, row.start, row.end, row.quote = v.get("explanation") or "", v["start"], v["end"], v["quote"]
        row.status, row.hold_reasons = v["status"], list(v.get("hold_reasons") or [])
        db.session.add(row)


def _fill_item(item: Item, raw: dict[str, Any], doc: Document, topics: dict[str, Topic],
               facts: dict[str, Fact], now: dt.datetime) -> None:
    src = raw["source"]
    topic_name = raw.get("topic") or doc.title
    topic = topics.get(topic_name)
    if topic is None:
        topic = topics[topic_name] = Topic(name=topic_name)
        db.session.add(topic)
    item.document, item.topic = doc, topic
    item.type, item.style = raw["type"], raw.get("style")
    item.stem, item.options = raw["stem"], list(raw.get("options") or [])
    item.answer, item.explanation = raw.get("answer"), raw.get("explanation") or ""
    item.tags = sorted(set(raw.get("tags") or []))
    item.status = raw.get("status") or ItemStatus.GENERATED
    # held items are stored (editors and the library may see them) but never served; see Item.live()
    item.hold_reasons = list(raw.get("hold_reasons") or []) if item.status == ItemStatus.HELD else []
    item.start, item.end, item.quote = src["start"], src["end"], src["quote"]
    item.word_limit, item.marks = raw.get("word_limit"), raw.get("marks")
    item.time_limit_minutes, item.directive = raw.get("time_limit_minutes"), raw.get("directive")
    item.updated_at = now
    item.facts = [facts[f] for f in raw.get("facts", []) if f in facts]
    existing_tags = {t.tag for t in item.tag_rows}
    if existing_tags != set(item.tags):
        item.tag_rows = [ItemTag(tag=t) for t in item.tags]


def _rebuilt(raw: dict[str, Any]) -> dict[str, Any]:
    src = raw["source"]
    return {"stem": raw["stem"], "options": list(raw.get("options") or []), "answer": raw.get("answer"),
            "explanation": raw.get("explanation") or "", "start": src["start"], "end": src["end"],
            "quote": src["quote"], "status": raw.get("status") or "generated"}


def _keep_edited(item: Item, raw: dict[str, Any]) -> bool:
    """A rebuild meets an item a person changed: their version stays current; the rebuild's text is recorded.

    The edited wording is what learners were reviewed against and what the
    editor (or the learner, on their own document) signed; a pipeline run must
    not undo it. The rebuild's wording is not applied and not thrown away: when
    it differs from the pipeline's original (version 1), it goes into an open
    "source changed since your edit" flag (``figures["rebuilt"]``), which the
    review queue shows beside the item. The editor decides: edit the item to
    take the new text (which closes the flag), or resolve the flag to keep
    theirs. A later rebuild with the same text raises nothing new; one with
    different text updates the open flag. Returns True when the item is reported.
    """
    from quizapp.review.versions import base

    first = base(item)
    fresh = _rebuilt(raw)
    if first is None or all(first[k] == v for k, v in fresh.items() if k in first and k != "status"):
        return False
    return _flag_source_changed(item, "source changed since your edit: the rebuilt bank words this item differently",
                                fresh)


def _flag_source_changed(item: Item, reason: str, rebuilt: dict[str, Any] | None) -> bool:
    """Raise (or refresh) the one open source-changed flag; False when this very rebuild was already reported."""
    from quizapp.enums import FlagKind, FlagStatus
    from quizapp.models.classes import ItemFlag

    flags = list(db.session.scalars(sa.select(ItemFlag).where(ItemFlag.item_id == item.id,
                                                              ItemFlag.kind == FlagKind.SOURCE_CHANGED)
                                    .order_by(ItemFlag.id)))
    figures = {"version": item.version, "rebuilt": rebuilt}
    if flags and (flags[-1].figures or {}).get("rebuilt") == rebuilt and flags[-1].reason == reason:
        return flags[-1].status == FlagStatus.OPEN
    open_flag = next((f for f in flags if f.status == FlagStatus.OPEN), None)
    if open_flag is not None:
        open_flag.reason, open_flag.figures = reason, figures
    else:
        db.session.add(ItemFlag(item_id=item.id, user_id=None, kind=FlagKind.SOURCE_CHANGED, reason=reason,
                                figures=figures, status=FlagStatus.OPEN, created_at=utcnow()))
    return True


def _fill_key_points(item: Item, raw_points: list[dict[str, Any]], items: dict[str, Item]) -> None:
    by_id = {kp.id: kp for kp in item.key_points}
    keep = []
    for position, raw in enumerate(raw_points):
        kp = by_id.get(raw["id"]) or KeyPoint(id=raw["id"])
        src = raw["source"]
        kp.position, kp.text, kp.keywords = position, raw["text"], list(raw.get("keywords") or [])
        kp.fact_ids = list(raw.get("facts") or [])
        kp.start, kp.end, kp.quote = src["start"], src["end"], src["quote"]
        kp.teaching_items = [items[i] for i in raw.get("items") or [] if i in items]
        keep.append(kp)
    item.key_points = keep
