"""Practice test attempts over the database: build, retake, save a response, submit, sweep, results.

Views, the API and the CLI call these. Every write is one transaction. Two
rules keep a response from being lost or landing after the bell:

- a save and a submission both lock the attempt first (``FOR UPDATE`` on
  PostgreSQL; on SQLite the write itself takes the one writer lock, and the
  status is read again inside it), so a save either commits before the
  submission reads the responses or is refused with 409;
- every load of a user's attempts first submits those past their deadline,
  and `sweep` does the same for everyone, so the deadline holds even when no
  browser is left to ask.

Choices are stored and exchanged as ORIGINAL option indexes (``item.options``);
only the pages map them to the shuffled letters the candidate saw.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quizapp.enums import OPEN, SUBMITTED, SubmittedBy
from quizapp.errors import ClientError, NotFound
from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import analysis, builder, marking
from quizapp.practice.queries import Spec, candidates, mistakes, pool_query
from quizapp.practice.serialize import response_json
from quizapp.review.versions import keys_seen
from quizapp.srs.scheduler import Rating
from quizapp.study import effects as study
from quizapp.web.appstate import now as clock_now
from quizapp.web.appstate import srs_fuzz

# A response sent just before the bell may arrive just after it.
GRACE = dt.timedelta(seconds=3)


class PracticeError(ClientError):
    """Bad input for a practice test: a 4xx with this message (the API's error handler knows it)."""


def _scheme(key: Any) -> marking.Scheme:
    try:
        return marking.scheme(key)
    except (ValueError, TypeError) as err:
        raise PracticeError(str(err)) from None


def _new_attempt(user_id: int, picked: list[builder.Planned], *, scheme: str, minutes: int | None, seed: int,
                 kind: str, filters: dict, at: dt.datetime) -> PracticeAttempt:
    try:
        limit = builder.time_limit_s(len(picked), minutes)
    except builder.BuildError as err:
        raise PracticeError(str(err)) from None
    attempt = PracticeAttempt(user_id=user_id, created_at=at, started_at=at, deadline=at + dt.timedelta(seconds=limit),
                              status=OPEN, kind=kind, scheme=_scheme(scheme).key, filters=filters, seed=seed,
                              question_count=len(picked), time_limit_s=limit)
    # The wording each question has now: review shows it even if an editor changes the item later.
    seen = dict(db.session.execute(sa.select(Item.id, Item.version).where(Item.id.in_([p.item_id for p in picked]))).tuples().all())
    attempt.responses = [PracticeResponse(position=n, item_id=p.item_id, option_order=p.option_order, choice=None,
                                          marked=False, visited=False, time_spent_ms=0, item_version=seen.get(p.item_id))
                         for n, p in enumerate(picked, start=1)]
    db.session.add(attempt)
    db.session.commit()
    return attempt


def create(user_id: int, spec: Spec, at: dt.datetime | None = None, seed: int | None = None) -> PracticeAttempt:
    at = at or clock_now()
    _scheme(spec.scheme)
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    try:
        # Chosen topics or tags are the user's own balance; otherwise the paper mirrors the pool's topics.
        picked = builder.plan(candidates(db.session.execute(pool_query(spec, user_id))), spec.size, seed,
                              balance_topics=not (spec.topics or spec.tags))
    except builder.BuildError as err:
        raise PracticeError(str(err)) from None
    return _new_attempt(user_id, picked, scheme=spec.scheme, minutes=spec.minutes, seed=seed, kind="new",
                        filters=spec.filters(), at=at)


def retake(user_id: int, at: dt.datetime | None = None, scheme: str = marking.DEFAULT_SCHEME,
           minutes: int | None = None, seed: int | None = None) -> PracticeAttempt:
    at = at or clock_now()
    expire(user_id, at)
    ids = mistakes(user_id)
    if not ids:
        raise PracticeError("No mistakes to retake: every question you answered in a submitted test was right.", 409)
    rows = db.session.execute(sa.select(Item.id, Item.style, Item.options).where(Item.id.in_(ids)))
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    try:
        picked = builder.plan(candidates(rows), None, seed)
    except builder.BuildError as err:  # e.g. every mistake's item has since lost its options
        raise PracticeError(str(err), 409) from None
    return _new_attempt(user_id, picked, scheme=scheme, minutes=minutes, seed=seed, kind="retake",
                        filters={"retake_of": ids}, at=at)


def expire(user_id: int, at: dt.datetime) -> int:
    """Submit this user's open attempts whose time is up (called whenever their attempts are loaded)."""
    ids = db.session.scalars(sa.select(PracticeAttempt.id).where(
        PracticeAttempt.user_id == user_id, PracticeAttempt.status == OPEN, PracticeAttempt.deadline <= at - GRACE)).all()
    return _submit_expired(list(ids), at)


def _submit_expired(ids: list[int], at: dt.datetime) -> int:
    done = 0
    for attempt_id in ids:
        if submit(attempt_id, at, by=SubmittedBy.DEADLINE, only_if_expired=True):
            done += 1
    return done


def sweep(at: dt.datetime | None = None) -> int:
    """Submit every open attempt past its deadline, whoever owns it; returns how many (``quizapp practice sweep``)."""
    at = at or clock_now()
    ids = db.session.scalars(sa.select(PracticeAttempt.id).where(
        PracticeAttempt.status == OPEN, PracticeAttempt.deadline <= at - GRACE).order_by(PracticeAttempt.id)).all()
    return _submit_expired(list(ids), at)


def load(user_id: int, attempt_id: int, at: dt.datetime | None = None) -> PracticeAttempt:
    """The user's attempt, submitted first if its time is up; anyone else's is a 404."""
    attempt = db.session.get(PracticeAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("no such test")
    at = at or clock_now()
    if attempt.status == OPEN and attempt.deadline + GRACE <= at:
        submit(attempt.id, at, by=SubmittedBy.DEADLINE, only_if_expired=True)
        db.session.refresh(attempt)
    return attempt


def attempts(user_id: int, at: dt.datetime | None = None) -> list[PracticeAttempt]:
    expire(user_id, at or clock_now())
    return list(db.session.scalars(sa.select(PracticeAttempt).where(PracticeAttempt.user_id == user_id)
                                   .order_by(PracticeAttempt.created_at.desc(), PracticeAttempt.id.desc())))


def _lock(attempt_id: int) -> PracticeAttempt | None:
    return db.session.scalar(sa.select(PracticeAttempt).where(PracticeAttempt.id == attempt_id)
                             .with_for_update().execution_options(populate_existing=True))


def save(user_id: int, attempt_id: int, payload: Any, at: dt.datetime | None = None) -> dict[str, Any]:
    """Set one question's response. Idempotent: the same body twice leaves the same row.

    Fields left out keep their value (``choice: null`` clears the answer);
    ``time_spent_ms`` is the total time on the question, and only ever grows.
    """
    at = at or clock_now()
    attempt = load(user_id, attempt_id, at)
    try:
        attempt = _lock(attempt_id)
        if attempt.status != OPEN:
            raise PracticeError("this test has been submitted; responses can no longer change", 409)
        response = db.session.scalar(sa.select(PracticeResponse).where(
            PracticeResponse.attempt_id == attempt_id, PracticeResponse.item_id == payload["item_id"]))
        if response is None:
            raise PracticeError(f"item {payload['item_id']!r} is not in this test")
        n_options = len(response.item.options)
        if "choice" in payload and payload["choice"] is not None and not 0 <= payload["choice"] < n_options:
            raise PracticeError(f"choice must be from 0 to {n_options - 1}, or null for no answer")
        if "choice" in payload and payload["choice"] != response.choice:
            response.choice = payload["choice"]
            response.answered_at = at if payload["choice"] is not None else None
        if "marked" in payload:
            response.marked = payload["marked"]
        response.visited = response.visited or payload.get("visited", True)
        if payload.get("current"):
            attempt.current_position = response.position
        response.time_spent_ms = max(response.time_spent_ms, payload.get("time_spent_ms", 0))
        response.updated_at = at
        db.session.flush()
        # SQLite: the flush took the writer lock, so this read sees any submission that beat us to it.
        if db.session.scalar(sa.select(PracticeAttempt.status).where(PracticeAttempt.id == attempt_id)) != OPEN:
            raise PracticeError("this test has been submitted; responses can no longer change", 409)
        result = response_json(response)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def submit(attempt_id: int, at: dt.datetime, by: str = SubmittedBy.USER, only_if_expired: bool = False) -> bool:
    """Close the attempt, score it and send its wrong answers to spaced repetition, in one transaction.

    Only wrong answers are recorded (rated Again, so each is due in the study
    queue now). Right answers are not recorded as Good: in a four-option
    paper a right answer may be a guess or an elimination, weak evidence of
    recall that would push a card the user never studied weeks out. Blanks
    are not recorded either: nothing was recalled wrongly.

    Returns False (and changes nothing) if the attempt was already submitted,
    or, with ``only_if_expired``, if its time is not up yet.
    """
    try:
        attempt = _lock(attempt_id)
        if attempt is None or attempt.status != OPEN or (only_if_expired and attempt.deadline + GRACE > at):
            db.session.rollback()
            return False
        claimed = db.session.execute(sa.update(PracticeAttempt).where(
            PracticeAttempt.id == attempt_id, PracticeAttempt.status == OPEN
        ).values(status=SUBMITTED, submitted_at=min(at, attempt.deadline), submitted_by=by)
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()
            return False
        db.session.refresh(attempt)
        result = analysis.analyse(questions(attempt), _scheme(attempt.scheme))
        attempt.score = str(result.score)
        # A class paper's keys stay hidden until its window closes: the study queue would show them at once.
        key = keys_seen((r.item, r.item_version) for r in attempt.responses)
        wrong = [r for r in attempt.responses if r.choice is not None and r.choice != key(r.item, r.item_version)
                 and attempt.paper_id is None]
        fuzz = srs_fuzz()
        for r in wrong:
            study.record(attempt.user_id, r.item, Rating.AGAIN, attempt.submitted_at, fuzz=fuzz, response=r.choice,
                         correct=False,
                         duration_ms=r.time_spent_ms, answer_id=f"test-{attempt.id}-{r.item_id}"[:64], origin="test")
        # Again puts a card a learning step (a minute) out; a mistake should be first in the queue now.
        study.make_due_now(attempt.user_id, [r.item_id for r in wrong], max(at, attempt.submitted_at))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return True


def submit_own(user_id: int, attempt_id: int, at: dt.datetime | None = None) -> PracticeAttempt:
    """The candidate's submit button: idempotent, so a second tab or a retry gets the same result."""
    at = at or clock_now()
    attempt = load(user_id, attempt_id, at)
    if attempt.status == OPEN:
        # The page submits by itself when its countdown ends: that is the deadline's doing, not the candidate's.
        submit(attempt.id, at, by=SubmittedBy.DEADLINE if at >= attempt.deadline else SubmittedBy.USER)
        db.session.refresh(attempt)
    return attempt


def questions(attempt: PracticeAttempt) -> list[analysis.Question]:
    """Each response marked against the key of the version the candidate saw (an edit may change the key since)."""
    key = keys_seen((r.item, r.item_version) for r in attempt.responses)
    return [analysis.Question(r.position, r.item_id, r.item.topic.name if r.item.topic else "No topic",
                              int(key(r.item, r.item_version)), r.choice, r.time_spent_ms, r.marked)
            for r in attempt.responses]


@dataclass(frozen=True)
class Results:
    attempt: PracticeAttempt
    analysis: analysis.Analysis
    comparison: analysis.Comparison


def results(attempt: PracticeAttempt) -> Results:
    if attempt.status != SUBMITTED:
        raise PracticeError("this test is still open: submit it to see the results", 409)
    if attempt.paper_id is not None:
        from quizapp.classes.compute import released
        from quizapp.models.classes import ClassPaper

        if not released(db.session.get(ClassPaper, attempt.paper_id), clock_now(), attempt):
            raise PracticeError("this class paper's results are shown when its window closes", 409)
    scheme = _scheme(attempt.scheme)
    a = analysis.analyse(questions(attempt), scheme)
    earlier = db.session.scalars(sa.select(PracticeAttempt).where(
        PracticeAttempt.user_id == attempt.user_id, PracticeAttempt.status == SUBMITTED,
        PracticeAttempt.id != attempt.id, PracticeAttempt.submitted_at <= attempt.submitted_at))
    history = [analysis.summary(e.id, e.submitted_at, analysis.analyse(questions(e), _scheme(e.scheme))) for e in earlier]
    return Results(attempt, a, analysis.compare(analysis.summary(attempt.id, attempt.submitted_at, a), history))
