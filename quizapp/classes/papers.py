"""Live tests: scheduling a paper for a class and sitting it as a practice attempt.

The question set is frozen when the paper is scheduled (rows of
``class_paper_item``), so every candidate answers the same questions; each
sees them in their own seeded order with their own option shuffle, as in a
practice test. The attempt's deadline is ``min(start + duration, closes_at)``:
a late start does not buy time past the window.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from quizapp.classes.groups import ClassError, is_member
from quizapp.enums import OPEN
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.classes import ClassGroup, ClassPaper, PaperItem
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import builder, marking
from quizapp.practice.queries import Spec, candidates, pool_query
from quizapp.web.appstate import now as clock_now

UPSC_QUESTIONS, UPSC_MINUTES, UPSC_SCHEME = 100, 120, "upsc"
TITLE_MAX = 200


@dataclass(frozen=True)
class Schedule:
    title: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    size: int = UPSC_QUESTIONS
    minutes: int = UPSC_MINUTES
    scheme: str = UPSC_SCHEME
    banks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # Picked by hand: these ids in this order (the filters are then ignored).
    item_ids: tuple[str, ...] = ()
    results_at_once: bool = False
    leaderboard: bool = False


def _choose(s: Schedule, seed: int) -> list[str]:
    if s.item_ids:
        if len(set(s.item_ids)) != len(s.item_ids):
            raise ClassError("A question is listed twice.")
        found = {i for i, in db.session.execute(sa.select(Item.id).where(
            Item.id.in_(s.item_ids), Item.type == "mcq", Item.live()))}
        missing = [i for i in s.item_ids if i not in found]
        if missing:
            raise ClassError(f"Not a live multiple-choice question: {', '.join(missing[:5])}")
        return list(s.item_ids)
    pool = candidates(db.session.execute(pool_query(Spec(s.banks, s.topics, s.tags, s.size, s.scheme))))
    if len(pool) < s.size:
        raise ClassError(f"Only {len(pool)} questions match these banks, topics and tags, not enough for {s.size}.")
    if not pool:
        raise ClassError("There are no questions to put in this paper.")
    # The builder's style mix, without its fixed sizes: a class paper may have any length.
    rng = random.Random(seed)
    by_style: dict[str, list[str]] = {}
    for c in sorted(pool, key=lambda c: c.item_id):
        by_style.setdefault(c.style or "single", []).append(c.item_id)
    chosen: list[str] = []
    for style, n in sorted(builder.quotas({k: len(v) for k, v in by_style.items()}, s.size).items()):
        chosen += rng.sample(by_style[style], n)
    rng.shuffle(chosen)
    return chosen


def schedule(group: ClassGroup, s: Schedule, seed: int | None = None) -> ClassPaper:
    title = (s.title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ClassError(f"Give the paper a title of 1 to {TITLE_MAX} characters.")
    try:
        marking.scheme(s.scheme)
        limit = builder.time_limit_s(1, s.minutes)
    except (ValueError, TypeError) as err:
        raise ClassError(str(err)) from None
    if s.closes_at <= s.opens_at:
        raise ClassError("The window must close after it opens.")
    if not s.item_ids and not 1 <= s.size <= 200:
        raise ClassError("A paper has from 1 to 200 questions.")
    ids = _choose(s, random.SystemRandom().randrange(2**31) if seed is None else seed)
    paper = ClassPaper(class_id=group.id, title=title, scheme=s.scheme, time_limit_s=limit, opens_at=s.opens_at,
                       closes_at=s.closes_at, results_at_once=s.results_at_once, leaderboard=s.leaderboard,
                       created_at=clock_now(), summary={})
    paper.items = [PaperItem(item_id=i, position=n, split={}, reasons=[]) for n, i in enumerate(ids, start=1)]
    db.session.add(paper)
    db.session.commit()
    return paper


def visible_paper(paper_id: int, user_id: int) -> ClassPaper:
    paper = db.session.get(ClassPaper, paper_id)
    if paper is None or not (paper.group.teacher_id == user_id or is_member(paper.group, user_id)):
        raise NotFound("no such test")
    return paper


def is_teacher(paper: ClassPaper, user_id: int) -> bool:
    return paper.group.teacher_id == user_id


def attempt_of(paper: ClassPaper, user_id: int) -> PracticeAttempt | None:
    return db.session.scalar(sa.select(PracticeAttempt).where(PracticeAttempt.paper_id == paper.id,
                                                              PracticeAttempt.user_id == user_id))


def state(paper: ClassPaper, at: dt.datetime) -> str:
    if at < paper.opens_at:
        return "scheduled"
    return "open" if at < paper.closes_at else "closed"


def start(paper: ClassPaper, user_id: int, at: dt.datetime | None = None) -> PracticeAttempt:
    """The candidate's sitting: a new attempt, or the one already started (resume, never a second sitting)."""
    at = at or clock_now()
    if not is_member(paper.group, user_id):
        raise ClassError("Only the class's learners sit its papers.", 403)
    existing = attempt_of(paper, user_id)
    if existing is not None:
        return existing
    if state(paper, at) != "open":
        raise ClassError("This paper is not open now." if at < paper.opens_at else "This paper's window has closed.", 409)
    seed = random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    rows: dict[str, list[str]] = {}
    versions: dict[str, int] = {}  # the wording each candidate sees: results mark against its key
    for i, opts, version in db.session.execute(
            sa.select(Item.id, Item.options, Item.version).where(Item.id.in_([p.item_id for p in paper.items]))):
        rows[i], versions[i] = opts, version
    order = [p.item_id for p in paper.items]
    rng.shuffle(order)
    deadline = min(at + dt.timedelta(seconds=paper.time_limit_s), paper.closes_at)
    attempt = PracticeAttempt(user_id=user_id, created_at=at, started_at=at, deadline=deadline, status=OPEN, kind="class",
                              scheme=paper.scheme, filters={"paper": paper.id}, seed=seed, question_count=len(order),
                              time_limit_s=paper.time_limit_s, paper_id=paper.id)
    attempt.responses = [PracticeResponse(position=n, item_id=i, option_order=rng.sample(range(len(rows[i])), len(rows[i])),
                                          choice=None, marked=False, visited=False, time_spent_ms=0,
                                          item_version=versions[i])
                         for n, i in enumerate(order, start=1)]
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # a second tab started it a moment earlier: resume that one
        db.session.rollback()
        existing = attempt_of(paper, user_id)
        if existing is None:
            raise
        return existing
    return attempt
