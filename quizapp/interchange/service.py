"""Imported banks in and out of the database: the one place formats/ meets the models.

formats/ reads and writes files without a database; this module turns its
`Question`s into `Item` rows (and back), in one transaction, so the CLI and the
import page share every rule: what a bank is called, who owns it, what an
item's provenance says, how an Anki review log becomes FSRS cards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quizapp import formats
from quizapp.enums import NEW, ItemStatus
from quizapp.extensions import db
from quizapp.formats import FormatError, Question
from quizapp.formats.apkg import replay_input
from quizapp.models import Card, Document, Item, ItemTag, ReviewLog, StudySettings, Topic, User
from quizapp.srs.scheduler import CardState, Rating, SrsSettings, review
from quizapp.web.appstate import now as clock_now

__all__ = ["ImportSummary", "ImportError_", "export_items", "import_file", "bank_items", "library_items"]

IMPORTED_FORMAT = "import"


class ImportError_(Exception):
    """A refused import or export (bad option, unknown user): the message is for the user."""


@dataclass
class BankSummary:
    id: str
    name: str
    new: int = 0
    updated: int = 0


@dataclass
class ImportSummary:
    file: str
    format: str
    dry_run: bool
    banks: list[BankSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file:line: skipped: reason"
    notices: list[str] = field(default_factory=list)
    by_type: dict[str, int] = field(default_factory=dict)
    cards: int = 0
    reviews: int = 0

    @property
    def imported(self) -> int:
        return sum(self.by_type.values())

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.by_type.items())) or "nothing"
        out = [f"{self.file}: {verb} {self.imported} questions ({types}) into "
               + ", ".join(f"bank {b.name!r} [{b.id}]" for b in self.banks) if self.banks else
               f"{self.file}: {verb} 0 questions"]
        out += self.skipped + self.notices
        out.append(f"skipped {len(self.skipped)}")
        if self.cards:
            out.append(f"history: {self.reviews} reviews replayed into {self.cards} cards")
        return out


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "bank"


def bank_id(name: str, owner_id: int | None) -> str:
    """Same name and owner, same bank: importing again updates it instead of making a second one."""
    digest = hashlib.sha1(f"{owner_id}|{name}".encode()).hexdigest()[:8]
    return f"imp-{_slug(name)}-{digest}"


def _item_id(doc_id: str, q: Question, index: int) -> str:
    """Stable per question: the Anki guid, the GIFT/Moodle name or id, else kind and stem."""
    key = q.guid or q.name or f"{q.kind}|{q.stem}|{index if not q.stem else ''}"
    return "imp-" + hashlib.sha1(f"{doc_id}|{key}".encode()).hexdigest()[:32]


def _answer(q: Question) -> Any:
    if q.kind == "mcq":
        return q.answer
    if q.kind == "fact":
        answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
        return answers[0] if answers else ""
    if q.kind == "cloze":
        return q.answer
    return None


def _provenance(q: Question, fmt: str, file: str, at: dt.datetime) -> dict[str, Any]:
    prov: dict[str, Any] = {"format": fmt, "file": file, "imported_at": at.isoformat()}
    if q.name:
        prov["name"] = q.name
    if q.guid:
        prov["id"] = q.guid
    if q.ref:
        prov["ref"] = q.ref
    if q.line:
        prov["line"] = q.line
    if q.entry:
        prov["entry"] = q.entry
    if q.kind == "fact" and isinstance(q.answer, tuple) and len(q.answer) > 1:
        prov["accepted"] = list(q.answer)
    elif q.accepted and len(q.accepted) > 1:
        prov["accepted"] = list(q.accepted)
    if q.numeric:
        prov["numeric"] = [list(r) for r in q.numeric]
    if q.option_feedback and any(q.option_feedback):
        prov["option_feedback"] = list(q.option_feedback)
    if q.hint:
        prov["hint"] = q.hint
    return prov


def find_owner(username: str | None) -> User | None:
    if not username:
        return None
    from quizapp.accounts import find_user

    user = find_user(username)
    if user is None:
        raise ImportError_(f"no user named {username!r}")
    return user


def import_file(source: bytes | str | Path, name: str | None = None, fmt: str = "auto", bank: str | None = None,
                owner: str | int | None = None, dry_run: bool = False, with_history: bool = False) -> ImportSummary:
    """Read the whole file, then write every item (or, on any error, nothing).

    ``owner`` is a username (CLI) or a user id (the import page); None puts the
    bank in the shared library. Raises FormatError or ImportError_; the caller
    prints the message.
    """
    if fmt != "auto" and fmt not in formats.FORMATS:
        raise ImportError_(f"unknown format {fmt!r}; one of auto, {', '.join(formats.FORMATS)}")
    user = db.session.get(User, owner) if isinstance(owner, int) else find_owner(owner)
    if with_history and user is None:
        raise ImportError_("--with-history needs --owner: a review history belongs to one user")
    data, label = formats.load(source, name)
    result = formats.read(data, label, fmt=fmt, with_history=with_history)
    if with_history and result.format != "apkg":
        raise ImportError_("--with-history applies to Anki packages (.apkg) only")
    summary = ImportSummary(file=label, format=result.format, dry_run=dry_run,
                            skipped=[s.format(label) for s in result.skipped],
                            notices=[n.format(label) for n in result.notices])
    for q in result.questions:
        for m in q.media:
            where = f"{label}: {q.entry}" if q.entry else f"{label}:{q.line}"
            summary.notices.append(f"{where}: note: {m.name} is not kept (quizapp items hold no files); the text is imported")
    default_bank = bank or Path(label).stem or "import"
    groups: dict[str, list[Question]] = {}
    for q in result.questions:
        groups.setdefault(bank or q.bank or default_bank, []).append(q)
        summary.by_type[q.kind] = summary.by_type.get(q.kind, 0) + 1
    owner_id = user.id if user is not None else None
    for bank_name in groups:
        summary.banks.append(BankSummary(bank_id(bank_name, owner_id), bank_name))
    if dry_run:
        if with_history:
            summary.reviews = sum(len(v) for v in replay_input(result.history).values())
        return summary
    try:
        _write(summary, groups, result, data, label, owner_id, with_history)
        from quizapp.study.store import invalidate_all

        invalidate_all(db.session.connection())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return summary


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _write(summary: ImportSummary, groups: dict[str, list[Question]], result, data: bytes, label: str,
           owner_id: int | None, with_history: bool) -> None:
    """Every row with Core executemany in the caller's one transaction.

    The ORM path spent 80 % of a 10,000-question import building and flushing
    Item/ItemTag objects one by one; here each table gets a handful of
    statements whatever the file's size. Behaviour is the ORM path's: an
    existing item keeps its status unless retired (re-importing revives it),
    tag rows are replaced only when the tags changed, no version row is written
    (versions start lazily at the first edit, quizapp.review.versions).
    """
    conn = db.session.connection()
    now = clock_now()
    sha = hashlib.sha256(data).hexdigest()
    doc_t, item_t, tag_t, topic_t = (Document.__table__, Item.__table__, ItemTag.__table__, Topic.__table__)
    topics: dict[str, int] = {name: tid for tid, name in conn.execute(sa.select(topic_t.c.id, topic_t.c.name))}
    wanted = {(q.topic or b.name)[:200] for b in summary.banks for q in groups[b.name]}
    missing = sorted(wanted - topics.keys())
    if missing:
        conn.execute(sa.insert(topic_t), [{"name": n} for n in missing])
        for chunk in _chunks(missing):
            topics.update({name: tid for tid, name in conn.execute(
                sa.select(topic_t.c.id, topic_t.c.name).where(topic_t.c.name.in_(chunk)))})
    by_ref: dict[str, str] = {}
    for bank_summary in summary.banks:
        doc_values = {"file": label, "title": bank_summary.name, "sha256": sha, "loaded_at": now}
        kind = conn.scalar(sa.select(doc_t.c.kind).where(doc_t.c.id == bank_summary.id))
        if kind is not None and kind != "import":
            raise ImportError_(f"bank id {bank_summary.id} belongs to a source document")
        if kind is None:
            conn.execute(sa.insert(doc_t).values(id=bank_summary.id, kind="import", owner_id=owner_id, text="",
                                                 blocks=[], **doc_values))
        else:
            conn.execute(sa.update(doc_t).where(doc_t.c.id == bank_summary.id).values(**doc_values))
        status_of: dict[str, str] = {iid: status for iid, status in conn.execute(
            sa.select(item_t.c.id, item_t.c.status).where(item_t.c.document_id == bank_summary.id))}
        old_tags: dict[str, set[str]] = {}
        for item_id, tag in conn.execute(sa.select(tag_t.c.item_id, tag_t.c.tag).join(
                item_t, item_t.c.id == tag_t.c.item_id).where(item_t.c.document_id == bank_summary.id)):
            old_tags.setdefault(item_id, set()).add(tag)
        rows: dict[str, dict[str, Any]] = {}  # by id: a repeated question overwrites, as the ORM path did
        for index, q in enumerate(groups[bank_summary.name]):
            iid = _item_id(bank_summary.id, q, index)
            if iid in rows or iid in status_of:
                bank_summary.updated += 1
            else:
                bank_summary.new += 1
            status = status_of.get(iid)
            rows[iid] = {
                "id": iid, "document_id": bank_summary.id, "topic_id": topics[(q.topic or bank_summary.name)[:200]],
                "type": q.kind, "style": q.style if q.kind == "mcq" else None, "stem": q.stem,
                "options": list(q.options), "answer": _answer(q), "explanation": q.explanation,
                "tags": sorted({t[:80] for t in q.tags if t}),
                "status": ItemStatus.GENERATED if status in (None, ItemStatus.RETIRED) else status,
                # No source span: start is the position in the file, so study introduces them in the file's order.
                "start": index, "end": index, "quote": "",
                "provenance": _provenance(q, result.format, label, now), "updated_at": now,
            }
            if q.ref:
                by_ref[q.ref] = iid
        new = [r for iid, r in rows.items() if iid not in status_of]
        old = [{**r, "b_id": iid} for iid, r in rows.items() if iid in status_of]
        # Batches of 1,000 rows: as fast as one statement, and the bound (serialised) copies of only
        # one batch are alive at a time, which keeps a 20,000-question file's peak memory down.
        for batch in _chunks(new, 1000):
            conn.execute(sa.insert(item_t), batch)
        for batch in _chunks(old, 1000):
            # executemany: each row's keys other than b_id are the columns SET.
            conn.execute(sa.update(item_t).where(item_t.c.id == sa.bindparam("b_id")),
                         [{k: v for k, v in r.items() if k not in ("id", "document_id")} for r in batch])
        retag = [iid for iid, r in rows.items() if iid in old_tags and old_tags[iid] != set(r["tags"])]
        for chunk in _chunks(retag):
            conn.execute(sa.delete(tag_t).where(tag_t.c.item_id.in_(chunk)))
        tag_rows = [{"item_id": iid, "tag": t} for iid, r in rows.items()
                    if iid not in old_tags or iid in retag for t in r["tags"]]
        for batch in _chunks(tag_rows, 1000):
            conn.execute(sa.insert(tag_t), batch)
    if with_history and owner_id is not None:
        _replay_history(summary, owner_id, replay_input(result.history), by_ref, [b.id for b in summary.banks])


_CARD_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended",
                 "flagged", "buried_until")


def _replay_history(summary: ImportSummary, user_id: int, history: dict[str, list[tuple[int, int, int]]],
                    by_ref: dict[str, str], doc_ids: list[str]) -> None:
    """Each Anki card's reviews, oldest first, through fsrs with the owner's settings (fuzz as the app has it).

    A card the user already studied in quizapp keeps its own history: the Anki
    one is not layered on top of it. The replay runs in Python first, then the
    cards and their logs are written in bulk.
    """
    from flask import current_app

    conn = db.session.connection()
    card_t, log_t, item_t = Card.__table__, ReviewLog.__table__, Item.__table__
    row = db.session.get(StudySettings, user_id)
    settings = SrsSettings.stored(row.srs if row else None, bool(current_app.config.get("SRS_FUZZ", True)))
    existing = {r.item_id: r for r in conn.execute(
        sa.select(card_t).join(item_t, item_t.c.id == card_t.c.item_id)
        .where(card_t.c.user_id == user_id, item_t.c.document_id.in_(doc_ids)))}
    cards: dict[str, dict[str, Any]] = {}
    logs: list[dict[str, Any]] = []
    for ref, reviews in history.items():
        item_id = by_ref.get(ref)
        if item_id is None or not reviews:
            continue
        old = existing.get(item_id)
        if old is not None and old.reps:
            continue
        first = dt.datetime.fromtimestamp(reviews[0][0] / 1000, tz=dt.UTC)
        card: dict[str, Any] = ({c: getattr(old, c) for c in _CARD_COLUMNS} if old is not None else
                                {"state": NEW, "step": 0, "stability": None, "difficulty": None, "due": first,
                                 "last_review": None, "reps": 0, "lapses": 0, "suspended": False, "flagged": False,
                                 "buried_until": None})
        state = CardState.new(first)
        card_state = NEW
        for at_ms, rating, time_ms in reviews:
            at = dt.datetime.fromtimestamp(at_ms / 1000, tz=dt.UTC)
            after = review(state, Rating(rating), at, settings)
            logs.append({
                "user_id": user_id, "item_id": item_id, "answer_id": f"anki:{ref}:{at_ms}", "origin": "anki",
                "rating": rating, "response": None, "correct": rating > Rating.AGAIN,
                "duration_ms": max(int(time_ms), 0), "reviewed_at": at, "state_before": card_state,
                "due_before": state.due, "state_after": int(after.state), "due_after": after.due,
                "card_before": _card_dict(card),
            })
            if rating == Rating.AGAIN and state.state == 2:
                card["lapses"] += 1
            card["reps"] += 1
            state, card_state = after, int(after.state)
            card.update(state=card_state, step=after.step, stability=after.stability, difficulty=after.difficulty,
                        due=after.due, last_review=after.last_review)
        cards[item_id] = card
        summary.cards += 1
        summary.reviews += len(reviews)
    if not cards:
        return
    fresh = [{"user_id": user_id, "item_id": iid, **c} for iid, c in cards.items() if iid not in existing]
    if fresh:
        conn.execute(sa.insert(card_t), fresh)
    stale = [{"b_id": existing[iid].id, **c} for iid, c in cards.items() if iid in existing]
    if stale:
        conn.execute(sa.update(card_t).where(card_t.c.id == sa.bindparam("b_id")), stale)
    card_ids = {item_id: cid for cid, item_id in conn.execute(
        sa.select(card_t.c.id, card_t.c.item_id).join(item_t, item_t.c.id == card_t.c.item_id)
        .where(card_t.c.user_id == user_id, item_t.c.document_id.in_(doc_ids)))}
    for log in logs:
        log["card_id"] = card_ids[log["item_id"]]
    for batch in _chunks(logs, 1000):
        conn.execute(sa.insert(log_t), batch)


def _card_dict(card: dict[str, Any]) -> dict[str, Any]:
    def iso(v):
        return v.isoformat() if v is not None else None

    return {"state": card["state"], "step": card["step"], "stability": card["stability"],
            "difficulty": card["difficulty"], "due": iso(card["due"]), "last_review": iso(card["last_review"]),
            "reps": card["reps"], "lapses": card["lapses"], "suspended": card["suspended"],
            "flagged": card["flagged"], "buried_until": iso(card["buried_until"])}


# ---------------------------------------------------------------- export

EXPORT_FORMATS = ("gift", "moodle-xml", "apkg", "csv")
_EXTENSIONS = {"gift": ".gift", "moodle-xml": ".xml", "apkg": ".apkg", "csv": ".csv"}


def to_question(item: Item, bank: str) -> Question:
    """An item as formats/ writes it: accepted answers and feedback come back from provenance."""
    prov = item.provenance or {}
    answer: Any = item.answer
    accepted: tuple[str, ...] = ()
    if item.type == "fact":
        answer = tuple(prov.get("accepted") or ([str(item.answer)] if item.answer not in (None, "") else []))
    elif item.type == "cloze":
        accepted = tuple(prov.get("accepted") or ([str(item.answer)] if item.answer else []))
    elif item.type == "essay":
        answer = None
    source = ""
    if item.document is not None and item.document.kind != "import":
        source = item.document.title
    return Question(
        kind=item.type, stem=item.stem, options=tuple(item.options or ()), answer=answer,
        explanation=item.explanation or "", option_feedback=tuple(prov.get("option_feedback") or ()),
        topic=item.topic.name if item.topic else "", tags=tuple(item.tags or ()), name=item.id, bank=bank,
        style=item.style or "single", accepted=accepted,
        numeric=tuple(tuple(r) for r in prov.get("numeric") or ()), hint=prov.get("hint", ""),
        guid=prov.get("id"), source_quote=item.quote or "", source=source,
    )


def bank_items(doc_id: str, user_id: int | None, any_owner: bool = False) -> tuple[Document, list[Item]]:
    """A bank's served items, if the user may see it (else ImportError_, the caller's 404)."""
    doc = db.session.get(Document, doc_id)
    if doc is None or (not any_owner and doc.owner_id is not None and doc.owner_id != user_id):
        raise ImportError_(f"no bank {doc_id!r}")
    items = list(db.session.scalars(
        sa.select(Item).where(Item.document_id == doc.id, Item.live()).order_by(Item.start, Item.id)))
    return doc, items


def library_items(user_id: int | None) -> list[Item]:
    """The shared library (``user_id`` None) or one user's private imports."""
    docs = sa.select(Document.id).where(Document.owner_id.is_(None) if user_id is None else Document.owner_id == user_id)
    return list(db.session.scalars(
        sa.select(Item).where(Item.document_id.in_(docs), Item.live()).order_by(Item.document_id, Item.start, Item.id)))


def export_items(items: list[Item], fmt: str, bank: str) -> tuple[bytes, list[str]]:
    """The file's bytes, and one line per item the format could not hold."""
    if fmt not in EXPORT_FORMATS:
        raise ImportError_(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    banks = {item.document_id: (item.document.title if item.document else bank) for item in items}
    questions = [to_question(item, banks[item.document_id]) for item in items]
    written = formats.write(questions, fmt, **({"default_bank": bank} if fmt == "apkg" else {}))
    lines = [f"{s.name or s.line}: skipped: {s.reason}" for s in written.skipped]
    lines += [n.message for n in written.notices]
    return written.data, lines


def export_name(bank: str, fmt: str) -> str:
    return _slug(bank) + _EXTENSIONS[fmt]


__all__ += ["EXPORT_FORMATS", "FormatError", "bank_id", "export_name", "to_question"]
