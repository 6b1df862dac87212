"""Answer writing over the database: start, save, submit, expire, self-assess.

The pages and the API both call these, so the rules live in one place:

* A save names the version it started from. The attempt's version counter is
  moved with one compare-and-set UPDATE, so of two tabs saving from the same
  version exactly one wins and the other gets the newer text back (409).
* The deadline is the server's. An open attempt past it is submitted with its
  last text saved in time whenever it is next touched (``expire_due``) or by
  the sweep, whichever comes first; anything saved later is kept as a late
  version and never scored.
* Submission scores coverage and structure and queues the study items behind
  every missed key point; the self-assessment then rates the prompt's card
  (see ``quizapp.writing.rating``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from quizapp.clock import day_bounds, zone
from quizapp.enums import SubmittedBy
from quizapp.errors import ClientError, NotFound
from quizapp.extensions import db
from quizapp.itemtypes import correct_from_rating
from quizapp.models import Card, Item, StudySettings, item_fact
from quizapp.models.writing import OPEN, SUBMITTED, TIMED, DraftVersion, WritingAttempt
from quizapp.study import effects as study
from quizapp.web.appstate import now as clock_now
from quizapp.web.appstate import srs_fuzz
from quizapp.writing.coverage import KeyPointSpec, coverage
from quizapp.writing.limits import limits_for
from quizapp.writing.rating import RUBRIC, rate
from quizapp.writing.structure import check_structure, to_dicts
from quizapp.writing.text import count_words

MAX_TEXT = 100_000


class DraftConflict(ClientError):
    """A save from a stale base version: carries the newer text so the page can show both."""

    def __init__(self, attempt: WritingAttempt, latest: DraftVersion | None) -> None:
        super().__init__("this draft was saved from another tab or device since you loaded it", 409)
        self.version = attempt.current_version
        self.text = latest.text if latest else ""
        self.saved_at = latest.saved_at if latest else None


# --------------------------------------------------------------------------- reading


def prompt_or_404(item_id: str, user_id: int | None = None) -> Item:
    item = db.session.get(Item, item_id)
    if item is None or item.type != "essay" or not item.active or not item.visible(user_id):
        raise NotFound("no such prompt")
    return item


def prompts(user_id: int | None = None) -> list[Item]:
    return list(db.session.scalars(
        sa.select(Item).where(Item.type == "essay", Item.live(), Item.visible_to(user_id)).order_by(Item.document_id, Item.start)
    ))


def attempt_or_404(user_id: int, attempt_id: int, at: dt.datetime | None = None) -> WritingAttempt:
    """The user's attempt, submitted first if its deadline has passed; anyone else's is a 404."""
    attempt = db.session.get(WritingAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("no such attempt")
    at = at or clock_now()
    if _expired(attempt, at):
        submit(attempt, at, by=SubmittedBy.DEADLINE)
        db.session.commit()
    return attempt


def attempts_for(user_id: int) -> list[WritingAttempt]:
    return list(db.session.scalars(
        sa.select(WritingAttempt).where(WritingAttempt.user_id == user_id).order_by(WritingAttempt.id.desc())
    ))


def latest_version(attempt: WritingAttempt) -> DraftVersion | None:
    return db.session.scalar(sa.select(DraftVersion).where(DraftVersion.attempt_id == attempt.id)
                             .order_by(DraftVersion.version.desc()).limit(1))


def version(attempt: WritingAttempt, number: int) -> DraftVersion | None:
    return db.session.scalar(sa.select(DraftVersion).where(DraftVersion.attempt_id == attempt.id,
                                                           DraftVersion.version == number))


def submitted_text(attempt: WritingAttempt) -> str:
    row = version(attempt, attempt.submitted_version) if attempt.submitted_version else None
    return row.text if row else ""


def card_due(user_id: int, item_ids: list[str]) -> dict[str, dt.datetime]:
    if not item_ids:
        return {}
    return dict(db.session.execute(sa.select(Card.item_id, Card.due).where(Card.user_id == user_id,
                                                                          Card.item_id.in_(item_ids))).all())


# --------------------------------------------------------------------------- writing


def open_attempt(user_id: int, item_id: str, at: dt.datetime) -> WritingAttempt | None:
    """The user's unfinished attempt at this prompt, after submitting any whose time is up."""
    expire_due(user_id, at)
    return db.session.scalar(
        sa.select(WritingAttempt).where(WritingAttempt.user_id == user_id, WritingAttempt.item_id == item_id,
                                        WritingAttempt.status == OPEN).order_by(WritingAttempt.id.desc()).limit(1)
    )


def start(user_id: int, payload: Any, at: dt.datetime | None = None) -> tuple[WritingAttempt, bool]:
    """A new attempt, or the open one at the same prompt: ``(attempt, created)``.

    Pressing Start in a second tab (or twice) must not fork the answer into two
    drafts racing two clocks, so an unfinished attempt is resumed instead.
    """
    mode = payload.get("mode", TIMED)  # checked by the WritingStart schema, or by the page's form
    item = prompt_or_404(payload["item_id"], user_id)
    at = at or clock_now()
    existing = open_attempt(user_id, item.id, at)
    if existing is not None:
        return existing, False
    limits = limits_for(item.marks, item.word_limit, item.time_limit_minutes)
    attempt = WritingAttempt(
        user_id=user_id, item_id=item.id, mode=mode, word_limit=limits.word_limit, word_min=limits.word_min,
        time_limit_minutes=limits.time_minutes, started_at=at, status=OPEN, current_version=0,
        deadline=at + dt.timedelta(minutes=limits.time_minutes) if mode == TIMED else None,
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt, True


def save(user_id: int, attempt_id: int, payload: Any, at: dt.datetime | None = None) -> tuple[DraftVersion | None, WritingAttempt]:
    """Store the text as a new version if it changed; returns (the current version row, the attempt)."""
    text, base = payload["text"], payload["base_version"]  # checked by the DraftSave schema before this runs
    at = at or clock_now()
    attempt = attempt_or_404(user_id, attempt_id, at)
    latest = latest_version(attempt)
    if base != attempt.current_version:
        raise DraftConflict(attempt, latest)
    if latest is not None and latest.text == text or latest is None and text == "":
        return latest, attempt
    late = attempt.status != OPEN
    moved = db.session.execute(
        sa.update(WritingAttempt).where(WritingAttempt.id == attempt.id, WritingAttempt.current_version == base)
        .values(current_version=base + 1).execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        db.session.refresh(attempt)
        raise DraftConflict(attempt, latest_version(attempt))
    row = DraftVersion(attempt_id=attempt.id, version=base + 1, text=text, words=count_words(text), saved_at=at, late=late)
    db.session.add(row)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        db.session.refresh(attempt)
        raise DraftConflict(attempt, latest_version(attempt)) from None
    db.session.refresh(attempt)
    return row, attempt


def _expired(attempt: WritingAttempt, at: dt.datetime) -> bool:
    return attempt.status == OPEN and attempt.deadline is not None and at >= attempt.deadline


def submit(attempt: WritingAttempt, at: dt.datetime, by: str = SubmittedBy.USER) -> bool:
    """Submit with the last text saved in time; False if it was already submitted (no commit)."""
    when = min(at, attempt.deadline) if attempt.deadline else at
    claimed = db.session.execute(
        sa.update(WritingAttempt).where(WritingAttempt.id == attempt.id, WritingAttempt.status == OPEN)
        .values(status=SUBMITTED, submitted_at=when, submitted_by=by).execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(attempt)
    if claimed != 1:
        return False
    in_time = db.session.scalar(
        sa.select(DraftVersion).where(DraftVersion.attempt_id == attempt.id, DraftVersion.late.is_(False))
        .order_by(DraftVersion.version.desc()).limit(1)
    )
    text = in_time.text if in_time else ""
    attempt.submitted_version = in_time.version if in_time else 0
    item = attempt.item
    cov = coverage(text, [KeyPointSpec(kp.id, kp.text, kp.keywords) for kp in item.key_points], item.stem)
    checks = check_structure(text, attempt.word_limit, attempt.word_min, started_at=attempt.started_at,
                             submitted_at=when, time_limit_minutes=attempt.time_limit_minutes, timed=attempt.mode == TIMED)
    attempt.feedback = {"coverage": cov.to_dict(), "structure": to_dicts(checks), "words": count_words(text)}
    attempt.queued = queue_gaps(attempt.user_id, item, set(cov.missed_ids), at)
    return True


def queue_gaps(user_id: int, item: Item, missed: set[str], at: dt.datetime) -> list[dict[str, str]]:
    """Make the items that teach each missed point due now; covered points' items are left alone."""
    queued: dict[str, dict[str, str]] = {}
    for kp in item.key_points:
        if kp.id not in missed:
            continue
        for taught in kp.teaching_items:
            if taught.active and taught.id != item.id and taught.id not in queued:
                queued[taught.id] = {"item_id": taught.id, "stem": taught.stem, "key_point_id": kp.id, "key_point": kp.text}
    ids = list(queued)
    study.make_due_now(user_id, ids, at)
    later = _siblings_of_earlier(ids)
    if later:
        # Study buries an answered card's siblings until the next day, so of
        # several items on one fact only the first is seen today. Bury the rest
        # now, so the page can say so and the counts in study agree.
        row = db.session.get(StudySettings, user_id)
        _, tomorrow = day_bounds(at, zone(row.timezone if row else None))
        for card in db.session.scalars(sa.select(Card).where(Card.user_id == user_id, Card.item_id.in_(later))):
            card.buried_until = tomorrow
    for item_id, entry in queued.items():
        entry["when"] = "tomorrow" if item_id in later else "now"
    return list(queued.values())


def _siblings_of_earlier(item_ids: list[str]) -> set[str]:
    """Items sharing a fact with an item earlier in the list."""
    if not item_ids:
        return set()
    facts: dict[str, set[int]] = {}
    for item_id, fact_id in db.session.execute(sa.select(item_fact.c.item_id, item_fact.c.fact_id)
                                               .where(item_fact.c.item_id.in_(item_ids))):
        facts.setdefault(item_id, set()).add(fact_id)
    seen: set[int] = set()
    later = set()
    for item_id in item_ids:
        mine = facts.get(item_id, set())
        if mine & seen:
            later.add(item_id)
        else:
            seen |= mine
    return later


def submit_now(user_id: int, attempt_id: int, at: dt.datetime | None = None) -> WritingAttempt:
    at = at or clock_now()
    attempt = attempt_or_404(user_id, attempt_id, at)
    if attempt.status == OPEN:
        submit(attempt, at, by=SubmittedBy.USER)
        db.session.commit()
    return attempt


def expire_due(user_id: int | None, at: dt.datetime) -> int:
    """Submit open attempts whose deadline has passed (one user's, or everyone's for the sweep)."""
    query = sa.select(WritingAttempt).where(WritingAttempt.status == OPEN, WritingAttempt.deadline <= at)
    if user_id is not None:
        query = query.where(WritingAttempt.user_id == user_id)
    done = 0
    for attempt in db.session.scalars(query).all():
        done += submit(attempt, at, by=SubmittedBy.DEADLINE)
    db.session.commit()
    return done


def sweep(at: dt.datetime) -> int:
    """What ``quizapp writing sweep`` runs: submit every attempt whose browser went away."""
    return expire_due(None, at)


def assess(user_id: int, attempt: WritingAttempt, marks: dict[str, int], at: dt.datetime) -> WritingAttempt:
    """Save the self-assessment and rate the prompt's card once, by the documented mapping.

    Two submissions at once (a double click, two tabs) both see no rating yet;
    the attempt is claimed by one compare-and-set UPDATE before anything else
    is written, so the second waits for the first and then finds it taken: a
    409, never a duplicate review log.
    """
    if attempt.user_id != user_id:
        raise NotFound("no such attempt")
    if attempt.status != SUBMITTED:
        raise ClientError("submit the answer before assessing it", 409)
    if attempt.rating is not None:
        raise ClientError("this attempt has already been assessed", 409)
    fb = attempt.feedback or {}
    cov = fb.get("coverage", {})
    try:
        rating, reasons = rate(cov.get("covered", 0), cov.get("total", 0), marks, fb.get("words", 0), attempt.word_limit)
    except ValueError as err:
        raise ClientError(str(err)) from None
    claimed = db.session.execute(
        sa.update(WritingAttempt).where(WritingAttempt.id == attempt.id, WritingAttempt.rating.is_(None))
        .values(rating=int(rating), rated_at=at).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ClientError("this attempt has already been assessed", 409)
    used = (attempt.submitted_at or at) - attempt.started_at
    study.record(user_id, attempt.item, rating, at, fuzz=srs_fuzz(), response={"attempt": attempt.id},
                 correct=correct_from_rating(rating),
                 duration_ms=min(int(used.total_seconds() * 1000), 86_400_000), answer_id=f"writing-{attempt.id}",
                 origin="writing")
    attempt.self_assessment = {k: marks[k] for k in RUBRIC}
    attempt.rating, attempt.rating_reasons, attempt.rated_at = int(rating), reasons, at
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the review log's answer_id is taken: the other request won after all
        db.session.rollback()
        raise ClientError("this attempt has already been assessed", 409) from None
    return attempt


# --------------------------------------------------------------------------- JSON


def remaining_seconds(attempt: WritingAttempt, at: dt.datetime) -> float | None:
    if attempt.deadline is None or attempt.status != OPEN:
        return None
    return max((attempt.deadline - at).total_seconds(), 0.0)


def as_json(attempt: WritingAttempt, at: dt.datetime) -> dict[str, Any]:
    latest = latest_version(attempt)
    return {
        "id": attempt.id, "item_id": attempt.item_id, "mode": attempt.mode, "status": attempt.status,
        "word_limit": attempt.word_limit, "word_min": attempt.word_min, "time_limit_minutes": attempt.time_limit_minutes,
        "started_at": attempt.started_at.isoformat(),
        "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        "server_now": at.isoformat(), "remaining_seconds": remaining_seconds(attempt, at),
        "version": attempt.current_version, "text": latest.text if latest else "",
        "saved_at": latest.saved_at.isoformat() if latest else None,
        "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
        "submitted_by": attempt.submitted_by, "submitted_version": attempt.submitted_version,
        "feedback": attempt.feedback, "queued": attempt.queued, "rating": attempt.rating,
    }
