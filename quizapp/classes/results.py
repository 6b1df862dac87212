"""What the results and item-analysis pages show, read from the stored figures (nothing is ranked here)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item, Topic
from quizapp.models.classes import ClassMember, ClassPaper, PaperResult
from quizapp.practice import marking
from quizapp.review.versions import wording

PERCENTILE_CONVENTION = ("Percentile = 100 × (candidates who scored the same as you or less) ÷ (all candidates), "
                         "as the NTA computes it: the top score gets 100, and candidates with equal scores share "
                         "a percentile.")
RANK_CONVENTION = "Equal scores share a rank, and the next rank skips (1, 2, 2, 4)."
ANONYMOUS = "anonymous"
#: "Most of the class got it right": more than half of the candidates.
MOST = 0.5


@dataclass(frozen=True)
class Mine:
    row: PaperResult
    score: str
    max_score: str
    candidates: int
    topics: list[dict[str, Any]]
    missed: list[dict[str, Any]]


def _items(paper: ClassPaper) -> dict[str, tuple[Item, str]]:
    return {i.id: (i, t or "No topic") for i, t in db.session.execute(
        sa.select(Item, Topic.name).outerjoin(Topic, Topic.id == Item.topic_id)
        .where(Item.id.in_([p.item_id for p in paper.items])))}


def mine(paper: ClassPaper, user_id: int) -> Mine | None:
    row = db.session.scalar(sa.select(PaperResult).where(PaperResult.paper_id == paper.id, PaperResult.user_id == user_id))
    if row is None:
        return None
    items = _items(paper)
    own: dict[str, list[int]] = {}
    missed = []
    numbers = list(row.item_versions or [None] * len(paper.items))
    for p, choice, number in zip(paper.items, row.choices, numbers, strict=False):
        item, topic = items[p.item_id]
        # The wording and key this candidate answered, even if an editor changed the item since.
        seen = wording(item, number)
        options = seen.options if len(seen.options) == len(item.options) else item.options
        acc = own.setdefault(topic, [0, 0])
        if choice is not None:
            acc[1] += 1
            acc[0] += choice == seen.answer
        if choice is not None and choice != seen.answer and (p.right_share or 0) > MOST:
            missed.append({"position": p.position, "stem": seen.stem, "yours": options[choice],
                           "key": options[int(seen.answer)], "class_right": p.right_share,
                           "explanation": seen.explanation, "version": seen.number,
                           "edited_since": seen.number != item.version})
    cls = paper.summary.get("topics", {})
    topics = [{"topic": t, "yours": _rate(*own[t]), "yours_counts": own[t], "class": _rate(*cls.get(t, (0, 0))),
               "class_counts": cls.get(t, [0, 0])} for t in sorted(own)]
    missed.sort(key=lambda m: (-m["class_right"], m["position"]))
    scheme = marking.scheme(paper.scheme)
    return Mine(row, marking.fmt(Fraction(row.score)), marking.fmt(marking.max_score(scheme, len(paper.items))),
                paper.summary.get("candidates", 0), topics, missed)


def _rate(right: int, answered: int) -> float | None:
    return right / answered if answered else None


def leaderboard(paper: ClassPaper, viewer_is_teacher: bool) -> list[dict[str, Any]]:
    """Ranked rows with names only where the board is on (always for the teacher), less anyone anonymous."""
    anonymous = set(db.session.scalars(sa.select(ClassMember.user_id).where(
        ClassMember.class_id == paper.class_id, ClassMember.anonymous.is_(True))))
    rows = db.session.scalars(sa.select(PaperResult).where(PaperResult.paper_id == paper.id)
                              .order_by(PaperResult.rank, PaperResult.name)).all()
    out = []
    for r in rows:
        show = viewer_is_teacher or (paper.leaderboard and r.user_id not in anonymous)
        out.append({"rank": r.rank, "name": r.name if show else ANONYMOUS, "score": marking.fmt(Fraction(r.score)),
                    "percentile": r.percentile, "source": r.source})
    return out


def item_analysis(paper: ClassPaper) -> list[dict[str, Any]]:
    items = _items(paper)
    out = []
    for p in paper.items:
        item, topic = items[p.item_id]
        letters = [chr(65 + k) for k in range(len(item.options))]
        counts = [{"letter": letters[k], "text": item.options[k], "key": k == int(item.answer),
                   **{part: (p.split.get(part) or {}).get(str(k), 0) for part in ("all", "top", "bottom")}}
                  for k in range(len(item.options))]
        counts.append({"letter": "–", "text": "blank", "key": False,
                       **{part: (p.split.get(part) or {}).get("blank", 0) for part in ("all", "top", "bottom")}})
        out.append({"position": p.position, "item_id": p.item_id, "stem": item.stem, "topic": topic, "n": p.n,
                    "facility": p.facility, "sd": p.sd, "discrimination_index": p.discrimination_index,
                    "discriminative_efficiency": p.discriminative_efficiency, "options": counts, "reasons": p.reasons})
    return out
