"""Practice tests' part of the dashboard and of the data export.

Registered with `quizapp.progress.providers` by `quizapp.create_app`, so progress shows the mock-test trend (with the marks negative
marking cost) and "Export my data" carries every attempt with every response
as the candidate left it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from quizapp.enums import SubmittedBy
from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.practice import OPEN, SUBMITTED, PracticeAttempt, PracticeResponse
from quizapp.practice import marking
from quizapp.progress import providers
from quizapp.progress.figures import TestResult
from quizapp.timeutil import iso_or_none, parse_iso_utc

ATTEMPT_DATES = ("created_at", "started_at", "deadline", "submitted_at")
ATTEMPT_FIELDS = ("status", "submitted_by", "kind", "scheme", "filters", "seed", "question_count", "time_limit_s",
                  "score") + ATTEMPT_DATES
RESPONSE_DATES = ("answered_at", "updated_at")
RESPONSE_FIELDS = ("position", "item_id", "option_order", "choice", "marked", "visited", "time_spent_ms") + RESPONSE_DATES

_DATE = {"type": "string", "minLength": 10}
_DATE_OR_NULL = {"type": ["string", "null"]}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False, "required": [*ATTEMPT_FIELDS, "responses"],
        "properties": {
            "status": {"enum": [OPEN, SUBMITTED]}, "submitted_by": {"type": ["string", "null"], "maxLength": 12},
            "kind": {"type": "string", "maxLength": 12}, "scheme": {"enum": sorted(marking.SCHEMES)},
            "filters": {"type": "object"}, "seed": {"type": "integer"},
            "question_count": {"type": "integer", "minimum": 1}, "time_limit_s": {"type": "integer", "minimum": 1},
            "score": {"type": ["string", "null"], "maxLength": 32, "pattern": r"^-?\d+(/\d+)?$"},
            "created_at": _DATE, "started_at": _DATE, "deadline": _DATE, "submitted_at": _DATE_OR_NULL,
            "responses": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": list(RESPONSE_FIELDS),
                "properties": {
                    "position": {"type": "integer", "minimum": 0}, "item_id": {"type": "string", "minLength": 1, "maxLength": 40},
                    "option_order": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                    "choice": {"type": ["integer", "null"], "minimum": 0}, "marked": {"type": "boolean"},
                    "visited": {"type": "boolean"}, "time_spent_ms": {"type": "integer", "minimum": 0},
                    "answered_at": _DATE_OR_NULL, "updated_at": _DATE_OR_NULL,
                },
            }},
        },
    },
}


def trend(user_id: int) -> list[TestResult]:
    """Submitted tests oldest first, in one query over their answered responses."""
    rows = db.session.execute(
        sa.select(PracticeAttempt.id, PracticeAttempt.submitted_at, PracticeAttempt.scheme, PracticeAttempt.question_count,
                  PracticeAttempt.score, PracticeResponse.choice, Item.answer)
        .outerjoin(PracticeResponse, sa.and_(PracticeResponse.attempt_id == PracticeAttempt.id,
                                             PracticeResponse.choice.is_not(None)))
        .outerjoin(Item, Item.id == PracticeResponse.item_id)
        .where(PracticeAttempt.user_id == user_id, PracticeAttempt.status == SUBMITTED)
        .order_by(PracticeAttempt.submitted_at, PracticeAttempt.id)
    ).all()
    tests: dict[int, dict[str, Any]] = {}
    for attempt_id, submitted_at, scheme, count, score, choice, key in rows:
        t = tests.setdefault(attempt_id, {"at": submitted_at, "scheme": scheme, "count": count, "score": score,
                                          "correct": 0, "wrong": 0})
        if choice is not None:
            t["correct" if choice == int(key) else "wrong"] += 1
    results = []
    for t in tests.values():
        s = marking.scheme(t["scheme"])
        score = Fraction(t["score"]) if t["score"] else s.right * t["correct"] - s.wrong * t["wrong"]
        results.append(TestResult(
            taken_at=t["at"], title=f"{t['count']} questions, {s.key} marking", score=float(score),
            max_score=float(marking.max_score(s, t["count"])), negative=float(s.wrong * t["wrong"]),
            attempted=t["correct"] + t["wrong"], correct=t["correct"], wrong=t["wrong"],
        ))
    return results


def export(user_id: int) -> list[dict[str, Any]]:
    attempts = db.session.scalars(
        sa.select(PracticeAttempt).where(PracticeAttempt.user_id == user_id).order_by(PracticeAttempt.id)
    ).all()
    out = []
    for a in attempts:
        row = {f: getattr(a, f) for f in ATTEMPT_FIELDS}
        row.update({f: iso_or_none(getattr(a, f)) for f in ATTEMPT_DATES})
        row["responses"] = [{**{f: getattr(r, f) for f in RESPONSE_FIELDS}, **{f: iso_or_none(getattr(r, f)) for f in RESPONSE_DATES}}
                            for r in a.responses]
        out.append(row)
    return out


def import_(user_id: int, rows: list[dict[str, Any]], missing_items) -> None:
    """Add the attempts and their responses to the session (the caller commits or rolls back)."""
    missing = missing_items({r["item_id"] for row in rows for r in row["responses"]})
    if missing:
        raise ValueError(f"tests with questions that do not exist here: {', '.join(missing[:5])}")
    for n, row in enumerate(rows):
        if len(row["responses"]) != row["question_count"]:
            raise ValueError(f"test {n} has {len(row['responses'])} responses for {row['question_count']} questions")
        if len({r["item_id"] for r in row["responses"]}) != len(row["responses"]):
            raise ValueError(f"test {n} asks the same question twice")
        if row["submitted_by"] == "candidate":  # files exported before the one vocabulary
            row = {**row, "submitted_by": SubmittedBy.USER}
        attempt = PracticeAttempt(user_id=user_id, **{f: row[f] for f in ATTEMPT_FIELDS if f not in ATTEMPT_DATES},
                                  **{f: parse_iso_utc(row[f], f"test {n} {f}") for f in ATTEMPT_DATES})
        attempt.responses = [
            PracticeResponse(**{f: r[f] for f in RESPONSE_FIELDS if f not in RESPONSE_DATES},
                             **{f: parse_iso_utc(r[f], f"test {n} question {r['position']} {f}") for f in RESPONSE_DATES})
            for r in row["responses"]
        ]
        db.session.add(attempt)
    db.session.flush()


def is_empty(user_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)
                             .where(PracticeAttempt.user_id == user_id)) == 0


def register() -> None:
    providers.register_trend("tests", trend)
    providers.register_export("practice", export, import_, is_empty, SCHEMA)
