"""Load checked banks into the content tables in one transaction.

The banks are the source of truth, so loading is an upsert by id: editing an
item in YAML updates its row, and an item that left the banks is retired (not
deleted), because users' cards and review logs point at it. Any problem found
by `check_banks` refuses the whole load before a single row changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quizapp.banks.bankfile import read_bank
from quizapp.banks.check import Problem, check_banks
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Document, Fact, Item, ItemTag, KeyPoint, Topic
from quizapp.study.store import invalidate_all
from quizapp.timeutil import utcnow


class LoadError(ValueError):
    def __init__(self, problems: list[Problem | str]) -> None:
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
    problems = check_banks(banks_dir, sources_dir)
    if problems:
        raise LoadError(problems)
    banks = [read_bank(path) for path in files]
    try:
        report = _upsert(banks, sources_dir)
        # Items, topics and tags may have changed under every stored study queue.
        invalidate_all(db.session.connection())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _upsert(banks: list[dict[str, Any]], sources_dir: Path) -> LoadReport:
    report = LoadReport()
    now = utcnow()
    topics = {t.name: t for t in db.session.scalars(sa.select(Topic))}
    documents = {d.id: d for d in db.session.scalars(sa.select(Document))}
    facts = {f.id: f for f in db.session.scalars(sa.select(Fact))}
    # Imported banks (quizapp import) are not in the YAML banks: a load must not retire them.
    items = {i.id: i for i in db.session.scalars(sa.select(Item).join(Document).where(Document.kind != "import"))}
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
            fact.data = {k: raw[k] for k in ("members", "number", "unit", "cells") if raw.get(k) is not None}
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
            if item.edited:  # a person changed it: their version stands; a different source is their call
                if _source_changed(item, raw):
                    report.source_changed.append(item.id)
                report.items_by_status[item.status] = report.items_by_status.get(item.status, 0) + 1
                continue
            _fill_item(item, raw, doc, topics, facts, now)
            db.session.add(item)
            report.items_by_status[item.status] = report.items_by_status.get(item.status, 0) + 1

    db.session.flush()
    # Key points link to teaching items that may sit later in the same bank: wire them after all items exist.
    for bank in banks:
        for raw in bank.get("items", []):
            if raw.get("key_points"):
                _fill_key_points(items[raw["id"]], raw["key_points"], items)

    for item_id, item in items.items():
        if item_id not in seen_items and item.edited and item.status != ItemStatus.RETIRED:
            report.source_changed += [item_id] if _flag_source_changed(item, "its document no longer produces it") else []
            continue
        if item_id not in seen_items and item.status != ItemStatus.RETIRED:
            item.status = ItemStatus.RETIRED
            item.updated_at = now
            report.retired += 1
    stale = [fid for fid in facts if fid not in seen_facts]
    if stale:
        db.session.execute(sa.delete(Fact).where(Fact.id.in_(stale)))
    return report


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


def _source_changed(item: Item, raw: dict[str, Any]) -> bool:
    """Whether the bank now words an edited item unlike the pipeline's version 1; if so, flag it once."""
    from quizapp.review.versions import base

    first = base(item)
    if first is None:
        return False
    src = raw["source"]
    fresh = {"stem": raw["stem"], "options": list(raw.get("options") or []), "answer": raw.get("answer"),
             "explanation": raw.get("explanation") or "", "quote": src["quote"]}
    if all(first[k] == v for k, v in fresh.items()):
        return False
    return _flag_source_changed(item, "source changed since your edit: the rebuilt bank words this item differently")


def _flag_source_changed(item: Item, reason: str) -> bool:
    from quizapp.enums import FlagKind, FlagStatus
    from quizapp.models.classes import ItemFlag

    already = db.session.scalar(sa.select(sa.exists().where(ItemFlag.item_id == item.id, ItemFlag.status == FlagStatus.OPEN,
                                                            ItemFlag.kind == FlagKind.SOURCE_CHANGED)))
    if not already:
        db.session.add(ItemFlag(item_id=item.id, user_id=None, kind=FlagKind.SOURCE_CHANGED, reason=reason,
                                figures={"version": item.version}, status=FlagStatus.OPEN, created_at=utcnow()))
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
