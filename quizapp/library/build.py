"""Build one learner's document: the bank pipeline on its text, written as that learner's private items.

The same stages as ``quizapp banks build`` (segment, extract, generate, the
quality gate), with two differences that come from the document being one
person's and living only in the database:

- the fact base the gate and the distractors consult is what is already
  loaded (the shared library and this learner's own documents) plus this
  document, so a distractor that another loaded document states as true is
  held, as it would be in a corpus build;
- ids are namespaced by the document. The pipeline derives ids from content,
  so two learners adding the same article (or a learner adding a shipped
  source) would otherwise collide on primary keys.

No Flask: :func:`plan` reads through the session it is given and writes
nothing; :func:`write` only writes, inside the transaction that marks the
build job done (``quizapp.tasks.jobs``), so a killed build leaves no rows.
Essays are left out: their key points would need the shared bank's teaching
items.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quizapp.banks import bankfile, gate
from quizapp.banks.check import fact_from_dict
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.types import Document as SourceDoc
from quizapp.banks.types import DocumentMeta
from quizapp.banks.types import Fact as SourceFact
from quizapp.enums import SERVED_STATUSES
from quizapp.models import Document, Fact, Item, ItemTag, Topic
from quizapp.timeutil import utcnow

KIND = "build_document"


class BuildRefused(ValueError):
    """The document cannot be built; the message is shown on the progress page as the reason."""


def document_id(user_id: int, sha: str) -> str:
    """Stable per learner and text: the same text again is the same document (the add page says so)."""
    return f"u{user_id}_{sha[:16]}"


def _scoped(doc_id: str, old: str) -> str:
    prefix, _, _rest = old.partition("_")
    digest = hashlib.sha1(f"{doc_id}:{old}".encode()).hexdigest()
    return f"{prefix}_{digest[:12 if prefix == 'q' else 10]}"


@dataclass(frozen=True)
class Plan:
    user_id: int
    document: dict[str, Any]  # bankfile.document_dict, plus text and blocks
    facts: list[dict[str, Any]]  # bankfile.fact_dict, ids scoped
    items: list[dict[str, Any]]  # bankfile.item_dict, ids scoped


def payload_meta(payload: dict[str, Any]) -> DocumentMeta:
    def day(value: Any) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return DocumentMeta(
        id=document_id(int(payload["user_id"]), payload["sha256"]),
        file=payload.get("file") or "pasted text",
        title=payload["title"],
        publisher=payload.get("publisher") or None,
        published=day(payload.get("published")),
        as_of=day(payload.get("as_of")) or day(payload.get("published")),
        sha256=payload["sha256"],
    )


def loaded_facts(session: Session, user_id: int, exclude: str) -> list[SourceFact]:
    """Every fact this learner's build may be checked against: shared documents and their own."""
    rows = session.scalars(
        sa.select(Fact).join(Document)
        .where(sa.or_(Document.owner_id.is_(None), Document.owner_id == user_id), Document.id != exclude)
    )
    out = []
    for f in rows:
        raw: dict[str, Any] = {"id": f.id, "kind": f.kind, "label": f.label or "", "value": f.value,
                               "granularity": f.granularity, "resolved": f.resolved, **(f.data or {}),
                               "source": {"document": f.document_id, "start": f.start, "end": f.end, "quote": f.quote}}
        out.append(fact_from_dict(raw))
    return out


def loaded_asked(session: Session, user_id: int, exclude: str) -> gate.Asked:
    """What the documents this learner already studies serve (shared and their own): an upload that asks
    the same question again is held ``duplicate_elsewhere``, as `banks build` holds a later page's."""
    asked: gate.Asked = {}
    rows = session.execute(
        sa.select(Item.type, Item.stem, Item.options, Item.answer).join(Document)
        .where(sa.or_(Document.owner_id.is_(None), Document.owner_id == user_id), Document.id != exclude,
               Item.status.in_([s.value for s in SERVED_STATUSES]), Item.type != "essay"))
    for type_, stem, options, answer in rows:
        gate.asked_add(asked, type_, gate.answer_text(type_, options, answer), stem)
    return asked


def plan(session: Session, payload: dict[str, Any], progress: Callable[[int, int, str], None]) -> Plan:
    """The pipeline on one document; reads the loaded fact base, writes nothing."""
    user_id = int(payload["user_id"])
    meta = payload_meta(payload)
    progress(1, 4, "Splitting the text into sentences")
    doc = segment(SourceDoc(meta=meta, text=payload["text"]))
    if not doc.sentences:
        raise BuildRefused("The text has no sentences to build questions from.")
    progress(2, 4, "Finding dates, lists and figures")
    facts = list(extract_facts(doc))
    if not facts:
        raise BuildRefused("No dates, lists or figures were found in the text, so there is nothing to ask about.")
    progress(3, 4, "Writing questions and checking them against the loaded documents")
    corpus = loaded_facts(session, user_id, meta.id) + facts
    base = FactBase.from_facts(corpus)
    ctx = gate.Context(facts=base.facts, base=base, conflicting=frozenset(base.conflicting_fact_ids()),
                       documents={meta.id: meta})
    items = [it for it in gate.apply_gate(generate_items(doc, facts, corpus), ctx) if it.type != "essay"]
    items = gate.across_documents(items, loaded_asked(session, user_id, meta.id))
    data = bankfile.bank_data(meta, facts, items)
    ids = {f["id"]: _scoped(meta.id, f["id"]) for f in data["facts"]}
    ids |= {i["id"]: _scoped(meta.id, i["id"]) for i in data["items"]}
    for f in data["facts"]:
        f["id"] = ids[f["id"]]
    for i in data["items"]:
        i["id"] = ids[i["id"]]
        i["facts"] = [ids.get(x, x) for x in i["facts"]]
    document = {**data["document"], "text": doc.text, "blocks": [[b.kind, b.start, b.end] for b in doc.blocks]}
    progress(4, 4, f"Saving {len(data['items'])} questions")
    return Plan(user_id=user_id, document=document, facts=data["facts"], items=data["items"])


def write(session: Session, built: Plan, between: Callable[[], None] | None = None) -> dict[str, Any]:
    """The document, its facts and items in the caller's transaction; refuses a document that already exists.

    ``between`` runs after the document and facts are flushed and before the
    items: the crash test's hook (``quizapp worker --hold-mid-write``).
    """
    meta = built.document
    if session.get(Document, meta["id"]) is not None:
        raise BuildRefused("This document was already added; its questions are in your review queue.")
    now = utcnow()
    doc = Document(id=meta["id"], file=meta["file"], title=meta["title"], publisher=meta["publisher"],
                   published=_day(meta["published"]), as_of=_day(meta["as_of"]), sha256=meta["sha256"],
                   text=meta["text"], blocks=meta["blocks"], loaded_at=now, kind="source", owner_id=built.user_id)
    session.add(doc)
    facts: dict[str, Fact] = {}
    for raw in built.facts:
        src = raw["source"]
        facts[raw["id"]] = Fact(
            id=raw["id"], document=doc, kind=raw["kind"], label=raw.get("label") or "", value=raw.get("value"),
            granularity=raw.get("granularity"), resolved=bool(raw.get("resolved")),
            data={k: raw[k] for k in ("members", "number", "unit", "cells") if raw.get(k) is not None},
            start=src["start"], end=src["end"], quote=src["quote"],
        )
        session.add(facts[raw["id"]])
    session.flush()
    if between is not None:
        between()
    topics = {t.name: t for t in session.scalars(sa.select(Topic).where(
        Topic.name.in_({raw.get("topic") or doc.title for raw in built.items})))}
    counts: dict[str, int] = {}
    for raw in built.items:
        name = raw.get("topic") or doc.title
        topic = topics.get(name)
        if topic is None:
            topic = topics[name] = Topic(name=name)
            session.add(topic)
        src = raw["source"]
        status = raw.get("status") or "generated"
        tags = sorted(set(raw.get("tags") or []))
        session.add(Item(
            id=raw["id"], document=doc, topic=topic, type=raw["type"], style=raw.get("style"), stem=raw["stem"],
            options=list(raw.get("options") or []), answer=raw.get("answer"), explanation=raw.get("explanation") or "",
            tags=tags, status=status, hold_reasons=list(raw.get("hold_reasons") or []) if status == "held" else [],
            start=src["start"], end=src["end"], quote=src["quote"], updated_at=now,
            facts=[facts[f] for f in raw.get("facts", []) if f in facts],
            tag_rows=[ItemTag(tag=t) for t in tags],
        ))
        counts[status] = counts.get(status, 0) + 1
    session.flush()
    _invalidate_queues(session)
    return {"document": doc.id, "title": doc.title, "facts": len(facts), "items": len(built.items),
            "by_status": dict(sorted(counts.items()))}


def _invalidate_queues(session: Session) -> None:
    """New items change what this learner's stored study queues should hold."""
    from quizapp.study.store import invalidate_all

    invalidate_all(session.connection())


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
