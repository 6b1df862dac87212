"""Reading the banks for practice: the pool a test is drawn from, the user's mistakes, the form's choices.

Retired and held items never enter a test (`Item.live`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from quizapp.enums import SUBMITTED
from quizapp.extensions import db
from quizapp.models import Document, Item, ItemTag, Topic, item_fact
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import builder, marking


@dataclass(frozen=True)
class Spec:
    """What the candidate asked for."""

    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    size: int = 10
    scheme: str = marking.DEFAULT_SCHEME
    minutes: int | None = None

    def filters(self) -> dict[str, list[str]]:
        return {"banks": list(self.banks), "topics": list(self.topics), "tags": list(self.tags)}


def pool_query(spec: Spec, user_id: int | None = None) -> sa.Select:
    q = (sa.select(Item.id, Item.style, Item.options, Topic.name).outerjoin(Topic, Topic.id == Item.topic_id)
         .where(Item.type == "mcq", Item.live(), Item.visible_to(user_id)))
    if spec.banks:
        q = q.where(Item.document_id.in_(spec.banks))
    if spec.topics:
        q = q.where(Item.topic_id.in_(sa.select(Topic.id).where(Topic.name.in_(spec.topics))))
    if spec.tags:
        q = q.where(Item.id.in_(sa.select(ItemTag.item_id).where(ItemTag.tag.in_(spec.tags))))
    return q


def candidates(rows) -> list[builder.Candidate]:
    """The pool as the builder sees it: each question with its topic and the facts it tests."""
    rows = [r for r in rows if len(r[2] or []) >= 2]
    facts: dict[str, list[str]] = {}
    ids = [r[0] for r in rows]
    for chunk in range(0, len(ids), 500):
        for item_id, fact_id in db.session.execute(
                sa.select(item_fact.c.item_id, item_fact.c.fact_id).where(item_fact.c.item_id.in_(ids[chunk:chunk + 500]))):
            facts.setdefault(item_id, []).append(fact_id)
    return [builder.Candidate(r[0], r[1], len(r[2] or []), r[3] if len(r) > 3 else None, tuple(sorted(facts.get(r[0], ()))))
            for r in rows]


def pool_size(spec: Spec, user_id: int | None = None) -> int:
    return sum(1 for r in db.session.execute(pool_query(spec, user_id)) if len(r[2] or []) >= 2)


def mistakes(user_id: int) -> list[str]:
    """Items whose LATEST answer in a submitted test was wrong (a later right answer clears a mistake; blanks are not mistakes).

    "Latest" is by submission time, then attempt id; retired items are left out.
    """
    rows = db.session.execute(
        sa.select(PracticeResponse.item_id, PracticeResponse.choice, Item.answer)
        .join(PracticeAttempt, PracticeAttempt.id == PracticeResponse.attempt_id)
        .join(Item, Item.id == PracticeResponse.item_id)
        # Class papers are left out: a retake would show their keys before the window closes.
        .where(PracticeAttempt.user_id == user_id, PracticeAttempt.status == SUBMITTED, PracticeAttempt.paper_id.is_(None),
               PracticeResponse.choice.is_not(None), Item.live())
        .order_by(PracticeAttempt.submitted_at, PracticeAttempt.id)
    )
    latest: dict[str, bool] = {}
    for item_id, choice, answer in rows:
        latest[item_id] = choice != answer
    return sorted(i for i, wrong in latest.items() if wrong)


def bank_choices(user_id: int | None = None) -> list[tuple[str, str]]:
    return [(i, t) for i, t in db.session.execute(
        sa.select(Document.id, Document.title).where(sa.or_(Document.owner_id.is_(None), Document.owner_id == user_id))
        .order_by(Document.id))]


def topic_choices() -> list[str]:
    return list(db.session.scalars(sa.select(Topic.name).where(Topic.id.in_(
        sa.select(Item.topic_id).where(Item.type == "mcq", Item.live()))).order_by(Topic.name)))


def tallies(user_id: int) -> dict[int, tuple[int, int, int]]:
    """(correct, wrong, blank) of each of the user's submitted tests (the key is JSON, so compared here)."""
    out: dict[int, list[int]] = {}
    for attempt_id, choice, answer in db.session.execute(
        sa.select(PracticeResponse.attempt_id, PracticeResponse.choice, Item.answer)
        .join(PracticeAttempt, PracticeAttempt.id == PracticeResponse.attempt_id)
        .join(Item, Item.id == PracticeResponse.item_id)
        .where(PracticeAttempt.user_id == user_id, PracticeAttempt.status == SUBMITTED)
    ):
        counts = out.setdefault(attempt_id, [0, 0, 0])
        counts[2 if choice is None else 0 if choice == answer else 1] += 1
    return {k: (c, w, b) for k, (c, w, b) in out.items()}
