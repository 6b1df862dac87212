"""Study operations over the database: next item, answer, undo, suspend, flag.

Views and the API call these; the scheduling itself is `quizapp.srs`. Every
write happens in one transaction, and an answer is idempotent per the
client's `answer_id`, so a retried request never logs twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from quizapp.extensions import db
from quizapp.itemtypes import correct_from_rating, item_type
from quizapp.models import Card, Item, ReviewLog, StudySettings, item_fact
from quizapp.srs.scheduler import CardState, Rating, SrsSettings, State, format_interval, preview, review
from quizapp.study import queue
from quizapp.study.clock import day_bounds, now as clock_now, zone
from quizapp.study.queue import NEW, Day, Filters


class StudyError(ValueError):
    """Bad input from a client: becomes a 4xx with this message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class UserStudy:
    user_id: int
    settings: SrsSettings
    tz: dt.tzinfo

    def day(self, at: dt.datetime) -> Day:
        start, end = day_bounds(at, self.tz)
        return Day(now=at, start=start, end=end)


def user_study(user_id: int) -> UserStudy:
    row = db.session.get(StudySettings, user_id)
    settings = SrsSettings.from_dict(row.srs) if row and row.srs else SrsSettings()
    fuzz = bool(current_app.config.get("SRS_FUZZ", True))
    if settings.enable_fuzzing != fuzz:
        settings = SrsSettings.from_dict({**settings.to_dict(), "enable_fuzzing": fuzz})
    return UserStudy(user_id, settings, zone(row.timezone if row else None))


def card_state(card: Card) -> CardState:
    if card.state == NEW:
        return CardState.new(card.due)
    return CardState(state=card.state, step=card.step, stability=card.stability, difficulty=card.difficulty,
                     due=card.due, last_review=card.last_review)


def snapshot(card: Card) -> dict[str, Any]:
    return {
        "state": card.state, "step": card.step, "stability": card.stability, "difficulty": card.difficulty,
        "due": card.due.isoformat(), "last_review": card.last_review.isoformat() if card.last_review else None,
        "reps": card.reps, "lapses": card.lapses, "buried_until": card.buried_until.isoformat() if card.buried_until else None,
    }


def restore(card: Card, snap: dict[str, Any]) -> None:
    card.state, card.step = snap["state"], snap["step"]
    card.stability, card.difficulty = snap["stability"], snap["difficulty"]
    card.due = dt.datetime.fromisoformat(snap["due"])
    card.last_review = dt.datetime.fromisoformat(snap["last_review"]) if snap["last_review"] else None
    card.reps, card.lapses = snap["reps"], snap["lapses"]
    card.buried_until = dt.datetime.fromisoformat(snap["buried_until"]) if snap.get("buried_until") else None


def limits_left(us: UserStudy, day: Day) -> tuple[int, int]:
    new_done, review_done = queue.done_today(us.user_id, day)
    return max(us.settings.new_per_day - new_done, 0), max(us.settings.reviews_per_day - review_done, 0)


def next_item(user_id: int, filters: Filters, at: dt.datetime | None = None) -> dict[str, Any]:
    """The next card as the study page shows it, or ``{"item": None, ...}`` when done for today."""
    at = at or clock_now()
    us = user_study(user_id)
    day = us.day(at)
    new_left, review_left = limits_left(us, day)
    counts = queue.counts(user_id, filters, day, new_left, review_left)
    if counts.new < new_left:
        added = queue.introduce(user_id, filters, day, new_left, have=counts.new)
        if added:
            db.session.commit()
            counts = dataclasses.replace(counts, new=counts.new + added)
    card = queue.next_card(user_id, filters, day, new_left, review_left)
    if card is None:
        return {"item": None, "counts": counts.as_dict(), "tomorrow": queue.forecast(user_id, day), "filters": filters.as_dict()}
    return {**present(card, us, at), "counts": counts.as_dict(), "filters": filters.as_dict()}


def summary(user_id: int, filters: Filters, at: dt.datetime | None = None) -> dict[str, int]:
    """Today's counts without touching anything: for the home page and the dashboard."""
    at = at or clock_now()
    us = user_study(user_id)
    day = us.day(at)
    new_left, review_left = limits_left(us, day)
    counts = queue.counts(user_id, filters, day, new_left, review_left).as_dict()
    counts["new"] = min(new_left, counts["new"] + queue.unseen_count(user_id, filters, day, new_left - counts["new"]))
    return counts


def present(card: Card, us: UserStudy, at: dt.datetime) -> dict[str, Any]:
    item = card.item
    state = card_state(card)
    review_at = max(at, state.last_review) if state.last_review else at
    outcomes = preview(state, review_at, us.settings)
    kind = item_type(item.type)
    return {
        "item": {
            "id": item.id, "type": item.type, "style": item.style, "stem": item.stem, "options": item.options,
            "reveal": kind.reveal, "answer": item.answer, "explanation": item.explanation, "quote": item.quote,
            "topic": item.topic.name if item.topic else None, "document": item.document_id,
            "source_url": f"/library/documents/{item.document_id}?quote={item.start}-{item.end}#at-{item.start}",
            "item_url": f"/library/items/{item.id}",
            "word_limit": item.word_limit, "marks": item.marks, "time_limit_minutes": item.time_limit_minutes,
        },
        "card": {"state": "new" if card.state == NEW else State(card.state).label, "due": card.due.isoformat(),
                 "flagged": card.flagged},
        "intervals": {
            str(int(r)): {"label": format_interval(s.due - review_at), "due": s.due.isoformat(), "state": s.state.label}
            for r, s in outcomes.items()
        },
    }


def _validate_answer(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise StudyError("the body must be a JSON object")
    problems = []
    unknown = set(payload) - {"item_id", "rating", "response", "duration_ms", "answer_id"}
    if unknown:
        problems.append(f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(payload.get("item_id"), str) or not payload["item_id"]:
        problems.append("item_id must be a non-empty string")
    rating = payload.get("rating")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or rating not in (1, 2, 3, 4)):
        problems.append("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    duration = payload.get("duration_ms", 0)
    if isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration <= 86_400_000:
        problems.append("duration_ms must be a whole number of milliseconds from 0 to 86400000")
    answer_id = payload.get("answer_id")
    if answer_id is not None and (not isinstance(answer_id, str) or not 1 <= len(answer_id) <= 64):
        problems.append("answer_id must be a string of 1 to 64 characters")
    if problems:
        raise StudyError("; ".join(problems))
    return payload


def _result(log: ReviewLog, replay: bool = False) -> dict[str, Any]:
    return {
        "item_id": log.item_id, "rating": log.rating, "correct": log.correct, "state": State(log.state_after).label,
        "due": log.due_after.isoformat(), "review_id": log.id, "answer_id": log.answer_id, "replayed": replay,
    }


def answer(user_id: int, payload: Any, at: dt.datetime | None = None, origin: str = "study") -> dict[str, Any]:
    payload = _validate_answer(payload)
    at = at or clock_now()
    answer_id = payload.get("answer_id")
    if answer_id:
        prior = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.answer_id == answer_id))
        if prior is not None:
            if prior.item_id != payload["item_id"]:
                raise StudyError("answer_id was already used for another item", 409)
            return _result(prior, replay=True)
    item = db.session.get(Item, payload["item_id"])
    if item is None or item.status == "retired":
        raise StudyError("no such item", 404)
    kind = item_type(item.type)
    response = payload.get("response")
    problem = kind.validate_response(item.options, response)
    if problem:
        raise StudyError(problem)
    grade = kind.grade(item.answer, item.options, response, payload.get("duration_ms", 0))
    rating = payload.get("rating") or grade.rating
    if rating is None:
        raise StudyError(f"a rating (1-4) is required for a {item.type} item")
    rating = Rating(rating)
    correct = grade.correct if grade.correct is not None else correct_from_rating(rating)
    us = user_study(user_id)
    try:
        log = record(us, item, rating, at, response=response, correct=correct,
                     duration_ms=payload.get("duration_ms", 0), answer_id=answer_id, origin=origin)
        result = _result(log)  # before the commit expires it, which would cost a reload
        db.session.commit()
    except sa.exc.IntegrityError:
        # A concurrent retry with the same answer_id won the race: answer as it did.
        db.session.rollback()
        prior = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.answer_id == answer_id))
        if prior is None:
            raise
        return _result(prior, replay=True)
    return result


def record(us: UserStudy, item: Item, rating: Rating, at: dt.datetime, *, response: Any = None, correct: bool | None,
           duration_ms: int = 0, answer_id: str | None = None, origin: str = "study") -> ReviewLog:
    """Schedule one answer and log it (no commit: callers own the transaction)."""
    card = db.session.scalar(sa.select(Card).where(Card.user_id == us.user_id, Card.item_id == item.id))
    if card is None:
        card = Card(user_id=us.user_id, item_id=item.id, state=NEW, step=0, due=at)
        db.session.add(card)
        db.session.flush()
    before = snapshot(card)
    state = card_state(card)
    review_at = max(at, state.last_review) if state.last_review else at
    after = review(state, rating, review_at, us.settings)
    was_review = card.state == queue.REVIEW
    card.state, card.step = int(after.state), after.step
    card.stability, card.difficulty = after.stability, after.difficulty
    card.due, card.last_review = after.due, after.last_review
    card.reps += 1
    if was_review and rating == Rating.AGAIN:
        card.lapses += 1
    card.buried_until = None
    log = ReviewLog(
        user_id=us.user_id, item_id=item.id, card_id=card.id, answer_id=answer_id, origin=origin, rating=int(rating),
        response=response, correct=correct, duration_ms=duration_ms, reviewed_at=review_at,
        state_before=before["state"], due_before=dt.datetime.fromisoformat(before["due"]),
        state_after=card.state, due_after=card.due, card_before=before,
    )
    db.session.add(log)
    if origin == "study":
        # Remember what burying changes, so undo can put the siblings back too.
        log.card_before = {**before, "buried_siblings": bury_siblings(us, item.id, at)}
    db.session.flush()
    return log


def bury_siblings(us: UserStudy, item_id: str, at: dt.datetime) -> list[list]:
    """Hide until tomorrow the other items built from the same facts (Anki's sibling burying).

    Returns ``[card_id, previous buried_until]`` pairs for undo.
    """
    day = us.day(at)
    siblings = (
        sa.select(item_fact.c.item_id)
        .where(item_fact.c.fact_id.in_(sa.select(item_fact.c.fact_id).where(item_fact.c.item_id == item_id)))
        .where(item_fact.c.item_id != item_id)
    )
    target = (Card.user_id == us.user_id, Card.item_id.in_(siblings), Card.state.in_((NEW, queue.REVIEW)))
    previous = [[cid, until.isoformat() if until else None]
                for cid, until in db.session.execute(sa.select(Card.id, Card.buried_until).where(*target))]
    if previous:
        db.session.execute(
            sa.update(Card).where(*target).values(buried_until=day.end).execution_options(synchronize_session=False)
        )
    return previous


def undo(user_id: int) -> dict[str, Any]:
    """Remove the last study answer and put its card back exactly as it was."""
    log = db.session.scalar(
        sa.select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.origin == "study")
        .order_by(ReviewLog.id.desc()).limit(1)
    )
    if log is None:
        raise StudyError("nothing to undo", 409)
    card = db.session.get(Card, log.card_id)
    restore(card, log.card_before)
    for card_id, until in log.card_before.get("buried_siblings", []):
        sibling = db.session.get(Card, card_id)
        if sibling is not None:
            sibling.buried_until = dt.datetime.fromisoformat(until) if until else None
    item_id = log.item_id
    db.session.delete(log)
    db.session.commit()
    return {"undone": item_id, "state": "new" if card.state == NEW else State(card.state).label}


def _own_card(user_id: int, item_id: Any, at: dt.datetime) -> Card:
    if not isinstance(item_id, str) or not item_id:
        raise StudyError("item_id must be a non-empty string")
    item = db.session.get(Item, item_id)
    if item is None or item.status == "retired":
        raise StudyError("no such item", 404)
    card = db.session.scalar(sa.select(Card).where(Card.user_id == user_id, Card.item_id == item_id))
    if card is None:
        card = Card(user_id=user_id, item_id=item_id, state=NEW, step=0, due=at)
        db.session.add(card)
    return card


def set_flag(user_id: int, payload: Any, field: str) -> dict[str, Any]:
    """Suspend or flag an item (``{"item_id": ..., "value": true|false}``, value defaults to true)."""
    if not isinstance(payload, dict):
        raise StudyError("the body must be a JSON object")
    value = payload.get("value", True)
    if not isinstance(value, bool):
        raise StudyError("value must be true or false")
    card = _own_card(user_id, payload.get("item_id"), clock_now())
    setattr(card, field, value)
    db.session.commit()
    return {"item_id": card.item_id, field: value}


def make_due_now(user_id: int, item_ids: list[str], at: dt.datetime) -> list[str]:
    """Put items at the front of today's queue (gaps in an answer, wrong test answers)."""
    queued = []
    for item_id in item_ids:
        card = _own_card(user_id, item_id, at)
        card.suspended = False
        card.buried_until = None
        if card.state == NEW:
            card.due = at - dt.timedelta(days=1)
        elif card.due > at:
            card.due = at
        queued.append(item_id)
    return queued
