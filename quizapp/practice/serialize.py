"""The JSON the test page and the API read: an attempt as shown (never an open test's keys) and its results."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from quizapp.enums import SUBMITTED
from quizapp.models import Item
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import marking

if TYPE_CHECKING:
    from quizapp.practice.attempts import Results


def response_json(r: PracticeResponse) -> dict[str, Any]:
    return {"item_id": r.item_id, "position": r.position, "choice": r.choice, "marked": r.marked, "visited": r.visited,
            "time_spent_ms": r.time_spent_ms, "state": palette_state(r)}


def palette_state(r: PracticeResponse) -> str:
    """The five states of the UPSC computer-based test's question palette."""
    if r.choice is not None:
        return "answered-marked" if r.marked else "answered"
    if r.marked:
        return "marked"
    return "not-answered" if r.visited else "not-visited"


def source_url(item: Item) -> str:
    return f"/library/documents/{item.document_id}?quote={item.start}-{item.end}#at-{item.start}"


def shown_options(r: PracticeResponse) -> list[dict[str, Any]]:
    """The options in the order the candidate saw them, each with its original index."""
    return [{"index": i, "letter": "ABCD"[k] if k < 4 else str(k + 1), "text": r.item.options[i]}
            for k, i in enumerate(r.option_order)]


def attempt_json(attempt: PracticeAttempt, at: dt.datetime) -> dict[str, Any]:
    """What the test page needs to show (and resume) an attempt; never the keys of an open test."""
    closed = attempt.status == SUBMITTED
    return {
        "id": attempt.id, "status": attempt.status, "kind": attempt.kind, "scheme": attempt.scheme,
        "scheme_label": marking.scheme(attempt.scheme).label, "question_count": attempt.question_count,
        "started_at": attempt.started_at.isoformat(), "deadline": attempt.deadline.isoformat(),
        "server_now": at.isoformat(),
        "remaining_ms": max(0, int((attempt.deadline - at).total_seconds() * 1000)) if not closed else 0,
        "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
        "current_position": attempt.current_position,
        "questions": [{
            "position": r.position, "item_id": r.item_id, "stem": r.item.stem, "style": r.item.style,
            "options": shown_options(r), **response_json(r),
        } for r in attempt.responses],
    }


def results_json(res: Results) -> dict[str, Any]:
    a, c, att = res.analysis, res.comparison, res.attempt

    def share(x: Fraction | None) -> float | None:
        return None if x is None else float(x)

    by_id = {r.item_id: r for r in att.responses}
    return {
        "id": att.id, "status": att.status, "scheme": att.scheme, "submitted_at": att.submitted_at.isoformat(),
        "submitted_by": att.submitted_by,
        "score": marking.fmt(a.score), "score_exact": str(a.score), "max_score": marking.fmt(a.max_score),
        "correct": a.tally.correct, "wrong": a.tally.wrong, "blank": a.tally.blank, "attempted": a.tally.attempted,
        "accuracy": share(a.tally.accuracy), "attempt_rate": share(a.tally.attempt_rate),
        "negative_marks_lost": marking.fmt(a.negative_lost),
        "total_time_ms": a.total_time_ms, "mean_time_ms": a.mean_time_ms,
        "slowest": [{"position": q.position, "item_id": q.item_id, "time_ms": q.time_ms} for q in a.slowest],
        "topics": [{"topic": t.topic, "questions": t.tally.questions, "attempted": t.tally.attempted,
                    "correct": t.tally.correct, "accuracy": share(t.tally.accuracy), "marks": marking.fmt(t.marks)}
                   for t in a.topics],
        "previous": [{"id": p.attempt_id, "submitted_at": p.submitted_at.isoformat(), "score": marking.fmt(p.score),
                      "max_score": marking.fmt(p.max_score), "accuracy": share(p.tally.accuracy)} for p in c.previous],
        "questions": [{
            "position": q.position, "item_id": q.item_id, "topic": q.topic, "choice": q.choice, "key": q.key,
            "outcome": {True: "correct", False: "wrong", None: "blank"}[q.outcome], "marked": q.marked,
            "time_ms": q.time_ms, "options": shown_options(by_id[q.item_id]),
            "explanation": by_id[q.item_id].item.explanation, "quote": by_id[q.item_id].item.quote,
            "source_url": source_url(by_id[q.item_id].item),
        } for q in a.questions],
    }
