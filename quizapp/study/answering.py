"""What one answer does to a card and what its log row says: pure, for both write paths.

The study API writes with prebuilt Core statements (it is the hot path) and
tests and answer writing go through the ORM; both take the new card state and
the log row from here, so they cannot drift apart. ``card`` is anything with
the card's attributes: an ORM ``Card`` or a Core row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from quizapp.enums import NEW, REVIEW
from quizapp.srs.scheduler import CardState, Rating, SrsSettings, review


def card_state(card: Any) -> CardState:
    if card.state == NEW:
        return CardState.new(card.due)
    return CardState(state=card.state, step=card.step, stability=card.stability, difficulty=card.difficulty,
                     due=card.due, last_review=card.last_review)


def card_before(card: Any) -> dict[str, Any]:
    """The card as JSON, kept in its log row so undo can put it back exactly."""
    return {
        "state": card.state, "step": card.step, "stability": card.stability, "difficulty": card.difficulty,
        "due": card.due.isoformat(), "last_review": card.last_review.isoformat() if card.last_review else None,
        "reps": card.reps, "lapses": card.lapses,
        "buried_until": card.buried_until.isoformat() if card.buried_until else None,
    }


def restore(card: Any, snap: dict[str, Any]) -> None:
    card.state, card.step = snap["state"], snap["step"]
    card.stability, card.difficulty = snap["stability"], snap["difficulty"]
    card.due = dt.datetime.fromisoformat(snap["due"])
    card.last_review = dt.datetime.fromisoformat(snap["last_review"]) if snap["last_review"] else None
    card.reps, card.lapses = snap["reps"], snap["lapses"]
    card.buried_until = dt.datetime.fromisoformat(snap["buried_until"]) if snap.get("buried_until") else None


def review_time(state: CardState, at: dt.datetime) -> dt.datetime:
    """``at``, or the last review if the clock is behind it (two devices, a skewed clock): fsrs refuses time travel."""
    return max(at, state.last_review) if state.last_review else at


@dataclass(frozen=True)
class Answered:
    before: dict[str, Any]
    values: dict[str, Any]  # the card's new column values
    reviewed_at: dt.datetime


def answer_card(card: Any, rating: Rating, at: dt.datetime, settings: SrsSettings) -> Answered:
    state = card_state(card)
    reviewed_at = review_time(state, at)
    after = review(state, rating, reviewed_at, settings)
    lapse = card.state == REVIEW and rating == Rating.AGAIN
    values = {
        "state": int(after.state), "step": after.step, "stability": after.stability, "difficulty": after.difficulty,
        "due": after.due, "last_review": after.last_review, "reps": card.reps + 1, "lapses": card.lapses + lapse,
        "buried_until": None,
    }
    return Answered(before=card_before(card), values=values, reviewed_at=reviewed_at)


def log_values(done: Answered, *, user_id: int, item_id: str, card_id: int, rating: Rating, response: Any,
               correct: bool | None, duration_ms: int, answer_id: str | None, origin: str,
               item_version: int | None = None) -> dict[str, Any]:
    return {
        "user_id": user_id, "item_id": item_id, "card_id": card_id, "answer_id": answer_id, "origin": origin,
        "rating": int(rating), "response": response, "correct": correct, "duration_ms": duration_ms,
        "reviewed_at": done.reviewed_at, "state_before": done.before["state"],
        "due_before": dt.datetime.fromisoformat(done.before["due"]), "state_after": done.values["state"],
        "due_after": done.values["due"], "card_before": done.before, "item_version": item_version,
    }
