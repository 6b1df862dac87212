"""Offline (OMR) sheets for a class paper: ``roll,q1,…,qN`` with A–D or blank per question.

Letters name the options in the paper's printed (original) order. A roll
number that is the username of one of the class's learners is that learner;
any other is kept as a named row, ranked with everyone. The whole file is
checked before anything is written, and a problem is reported as
``file:line: problem``; importing again replaces the paper's earlier OMR rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item, User
from quizapp.models.classes import ClassMember, ClassPaper, PaperResult
from quizapp.models.practice import PracticeAttempt

ROLL_COLUMNS = ("roll", "roll_number", "roll no", "roll_no", "username")
NAME_MAX = 80


class SheetError(ValueError):
    pass


@dataclass(frozen=True)
class Imported:
    rows: int
    matched: int
    named: int


def _columns(header: list[str], n: int, where: str) -> tuple[int, list[int]]:
    norm = [h.strip().lower() for h in header]
    roll = next((k for k, h in enumerate(norm) if h in ROLL_COLUMNS), None)
    if roll is None:
        raise SheetError(f"{where}:1: no roll number column (name it 'roll')")
    cols = []
    for q in range(1, n + 1):
        k = next((k for k, h in enumerate(norm) if h in (f"q{q}", str(q))), None)
        if k is None:
            raise SheetError(f"{where}:1: missing column q{q} (the paper has {n} questions: q1 to q{n})")
        cols.append(k)
    return roll, cols


def read(paper: ClassPaper, path: Path) -> list[tuple[int, str, list[int | None]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}:0: cannot read: {exc}") from exc
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header:
        raise SheetError(f"{path}:1: empty file")
    options = dict(db.session.execute(sa.select(Item.id, Item.options).where(
        Item.id.in_([p.item_id for p in paper.items]))).all())
    counts = [len(options[p.item_id]) for p in paper.items]
    roll_col, cols = _columns(header, len(counts), str(path))
    out: list[tuple[int, str, list[int | None]]] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise SheetError(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
        roll = row[roll_col].strip()
        if not roll or len(roll) > NAME_MAX:
            raise SheetError(f"{path}:{line}: the roll number must be 1 to {NAME_MAX} characters")
        if roll.casefold() in seen:
            raise SheetError(f"{path}:{line}: roll number {roll} appears twice")
        seen.add(roll.casefold())
        choices: list[int | None] = []
        for q, (col, n) in enumerate(zip(cols, counts, strict=False), start=1):
            cell = row[col].strip().upper()
            if not cell:
                choices.append(None)
                continue
            letters = "ABCD"[:n] if n <= 4 else "".join(chr(65 + k) for k in range(n))
            if len(cell) != 1 or cell not in letters:
                raise SheetError(f"{path}:{line}: q{q} is {row[col].strip()!r}: use one of {', '.join(letters)} or leave it blank")
            choices.append(ord(cell) - 65)
        out.append((line, roll, choices))
    if not out:
        raise SheetError(f"{path}:2: no candidates")
    return out


def import_sheet(paper: ClassPaper, path: Path) -> Imported:
    """Replace the paper's OMR rows with the file's, or raise SheetError having written nothing."""
    rows = read(paper, path)
    learners = {key: (uid, name) for uid, key, name in db.session.execute(
        sa.select(User.id, User.username_key, User.username).join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == paper.class_id))}
    online = set(db.session.scalars(sa.select(PracticeAttempt.user_id).where(PracticeAttempt.paper_id == paper.id)))
    # A sheet is marked against the wording the items have when it is imported (the printed paper's
    # version is not recorded); results then hold that key even if an editor changes the item later.
    current = dict(db.session.execute(sa.select(Item.id, Item.version)
                                      .where(Item.id.in_([p.item_id for p in paper.items]))).tuples().all())
    printed = [current.get(p.item_id) for p in paper.items]
    records = []
    for line, roll, choices in rows:
        uid, name = learners.get(User.key_for(roll), (None, roll))
        if uid is not None and uid in online:
            raise SheetError(f"{path}:{line}: {name} sat this paper online; one sitting per candidate")
        records.append({"paper_id": paper.id, "user_id": uid, "name": name, "source": "omr", "choices": choices,
                        "item_versions": printed})
    try:
        db.session.execute(sa.delete(PaperResult).where(PaperResult.paper_id == paper.id, PaperResult.source == "omr"))
        db.session.execute(sa.insert(PaperResult), records)
        paper.computed_at = None
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    matched = sum(1 for r in records if r["user_id"] is not None)
    return Imported(len(records), matched, len(records) - matched)
