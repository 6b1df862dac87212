"""Study operations over the database: next item, answer, undo, suspend, skip, flag.

Views and the API call these; the scheduling itself is `quizapp.srs`, the
queue's lists are `quizapp.study.snapshot`, and the hot path's statements are
`quizapp.study.store`. Every write happens in one transaction, and an answer
is idempotent per the client's `answer_id`, so a retried request never logs
twice.

Time (``at``) and the app's fuzz flag (``fuzz``) come from the caller, which
reads them from the app (`quizapp.web.appstate`): this module does not look
at Flask's config, so a test or a script calls it with a fixed time and fuzz
off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quizapp import open_tests
from quizapp.clock import day_bounds, zone
from quizapp.enums import SERVED_STATUSES
from quizapp.errors import ClientError
from quizapp.extensions import db
from quizapp.itemtypes import correct_from_rating, item_type
from quizapp.models import Card, Item, ReviewLog, StudySettings
from quizapp.srs.scheduler import Rating, SrsSettings, State, preview
from quizapp.study import queue, store
from quizapp.study.answering import answer_card, card_state, log_values, restore, review_time
from quizapp.study.display import without_quote
from quizapp.study.labels import labels
from quizapp.study.queue import LEARN_AHEAD, NEW, Day, Filters
from quizapp.study.snapshot import Snapshot


@dataclass(frozen=True)
class UserStudy:
    user_id: int
    settings: SrsSettings
    tz: dt.tzinfo

    def day(self, at: dt.datetime) -> Day:
        start, end = day_bounds(at, self.tz)
        return Day(now=at, start=start, end=end)


def user_study(user_id: int, fuzz: bool | None) -> UserStudy:
    """The user's settings and zone; ``fuzz`` is the app's flag, or None where nothing is scheduled (limits, days)."""
    row = db.session.get(StudySettings, user_id)
    settings = SrsSettings.stored(row.srs if row else None, fuzz)
    return UserStudy(user_id, settings, zone(row.timezone if row else None))


def limits_left(us: UserStudy, day: Day) -> tuple[int, int]:
    new_done, review_done = queue.done_today(us.user_id, day)
    new_limit = us.settings.new_per_day + extra_new_today(us, day)
    return max(new_limit - new_done, 0), max(us.settings.reviews_per_day - review_done, 0)


MAX_EXTRA_NEW = 100  # "study more" may raise today's new limit by this much at most


def _local_date(us: UserStudy, day: Day) -> dt.date:
    return day.start.astimezone(us.tz).date()


def extra_new_today(us: UserStudy, day: Day) -> int:
    row = db.session.get(StudySettings, us.user_id)
    if row is None or not row.extra_new or row.extra_new_day != _local_date(us, day):
        return 0
    return row.extra_new


def study_more(user_id: int, extra: int, at: dt.datetime) -> int:
    """Raise today's new-card limit by ``extra`` (Anki's custom study "increase today's new card limit").

    Bounded: at most ``MAX_EXTRA_NEW`` beyond the daily limit, and only for
    today; tomorrow the ordinary limit holds again. Returns today's extra.
    """
    if not 1 <= extra <= MAX_EXTRA_NEW:
        raise ClientError(f"extra new cards must be between 1 and {MAX_EXTRA_NEW}")
    us = user_study(user_id, None)
    day = us.day(at)
    row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id, srs={})
    today = _local_date(us, day)
    current = row.extra_new if row.extra_new_day == today else 0
    row.extra_new, row.extra_new_day = min(current + extra, MAX_EXTRA_NEW), today
    db.session.add(row)
    db.session.commit()
    return row.extra_new


def new_order(user_id: int) -> str:
    row = db.session.get(StudySettings, user_id)
    return row.new_order if row is not None and row.new_order else "mixed"


def next_item(user_id: int, filters: Filters, at: dt.datetime, *, fuzz: bool) -> dict[str, Any]:
    """The next card as the study page shows it, or ``{"item": None, ...}`` when done for today.

    Served from the stored queue when it is still valid (three statements),
    otherwise from a queue rebuilt from the cards.
    """
    conn = db.session.connection()
    state = store.load_state(conn, user_id, fuzz)
    us = UserStudy(user_id, state.settings, zone(state.timezone))
    day = us.day(at)
    stored = state.queues.get(filters.key)
    lists, row = None, None
    skip = open_tests.open_test_cards(user_id, at)  # a running mock test's questions wait until it ends
    if stored is not None and stored.usable(day.start, at):
        lists = Snapshot.from_json(stored.lists)
        picked = lists.pick(at, LEARN_AHEAD, skip)
        if picked is not None:
            row = store.shown(conn, picked[1])
            if row is None or not store.still_queued(row, picked[0], picked[2], at, day.end):
                lists = None
    if lists is None:
        lists = rebuild(us, filters, day)
        if lists.new:  # the rebuild may have given the test's items their first cards
            skip = open_tests.open_test_cards(user_id, at)
        picked = lists.pick(at, LEARN_AHEAD, skip)
        row = store.shown(db.session.connection(), picked[1]) if picked is not None else None
    counts = lists.counts()
    if row is None:
        return {"item": None, "counts": counts, "tomorrow": queue.forecast(user_id, day), "filters": filters.as_dict()}
    return {**present(row, us, at), "counts": counts, "filters": filters.as_dict()}


def rebuild(us: UserStudy, filters: Filters, day: Day) -> Snapshot:
    """Introduce today's new items if short, rank what is due, store it as the queue and commit."""
    new_left, review_left = limits_left(us, day)
    if new_left > 0:
        queue.introduce(us.user_id, filters, day, new_left, order=new_order(us.user_id))
    conn = db.session.connection()
    # The version is read before the cards: a change committed after this
    # point bumps it, so the store below is refused instead of hiding the change.
    version = store.queue_version(conn, us.user_id, filters.key)
    lists = queue.build(us.user_id, filters, day, new_left, review_left)
    store.store_queue(conn, us.user_id, filters.key, day.start, day.now, lists, version)
    db.session.commit()
    return lists


def summary(user_id: int, filters: Filters, at: dt.datetime) -> dict[str, int]:
    """Today's counts without touching anything: for the home page and the dashboard."""
    us = user_study(user_id, None)
    day = us.day(at)
    new_left, review_left = limits_left(us, day)
    counts = queue.counts(user_id, filters, day, new_left, review_left).as_dict()
    counts["new"] = min(new_left, counts["new"] + queue.unseen_count(user_id, filters, day, new_left - counts["new"]))
    return counts


MISSED_SHOWN = 20  # items listed as missed in the end-of-session summary


def session_summary(user_id: int, at: dt.datetime) -> dict[str, Any]:
    """Today's study at the end of a session: answered, right, time, the items missed, and what tomorrow holds.

    "Missed" is the latest answer today being Again (or wrong), so an item
    forgotten and then learned again in the same session is not listed.
    """
    us = user_study(user_id, None)
    day = us.day(at)
    rows = db.session.execute(
        sa.select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.correct, ReviewLog.duration_ms, Item.stem)
        .join(Item, Item.id == ReviewLog.item_id)
        .where(ReviewLog.user_id == user_id, ReviewLog.origin == "study", ReviewLog.reviewed_at >= day.start,
               ReviewLog.reviewed_at < day.end)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    latest = {r.item_id: r for r in rows}
    missed = [{"id": r.item_id, "stem": r.stem, "url": f"/library/items/{r.item_id}"}
              for r in latest.values() if r.rating == int(Rating.AGAIN) or r.correct is False]
    return {
        "answered": len(rows), "items": len(latest),
        "right": sum(1 for r in rows if r.correct),
        "seconds": round(sum(r.duration_ms or 0 for r in rows) / 1000),
        "missed": missed[:MISSED_SHOWN], "missed_count": len(missed),
        "tomorrow": queue.forecast(user_id, day),
        "extra_new": extra_new_today(us, day), "max_extra_new": MAX_EXTRA_NEW,
    }


def _imported(row: Any, user_id: int) -> dict[str, Any]:
    """Imported items have no source sentence: say so, and whether the user's documents agree (issue 19)."""
    if row.provenance is None:
        return {}
    from quizapp.interchange.display import IMPORTED_NOTE, also_stated_for

    return {"imported": IMPORTED_NOTE, "also_stated": also_stated_for(row.type, row.options, row.answer, user_id),
            "quote": "", "source_url": None}


def present(row: Any, us: UserStudy, at: dt.datetime) -> dict[str, Any]:
    """A card and its item (`store.SHOWN`) as the study page shows them, with each button's interval."""
    state = card_state(row)
    review_at = review_time(state, at)
    outcomes = preview(state, review_at, us.settings)
    kind = item_type(row.type)
    shown_labels = labels({int(r): s.due - review_at for r, s in outcomes.items()})
    return {
        "item": {
            "id": row.item_id, "type": row.type, "style": row.style, "stem": row.stem, "options": row.options,
            "reveal": kind.reveal, "answer": row.answer, "explanation": without_quote(row.explanation, row.quote), "quote": row.quote,
            "topic": row.topic, "document": row.document_id,
            "source_url": f"/library/documents/{row.document_id}?quote={row.start}-{row.end}#at-{row.start}",
            "item_url": f"/library/items/{row.item_id}",
            "word_limit": row.word_limit, "marks": row.marks, "time_limit_minutes": row.time_limit_minutes,
            **_imported(row, us.user_id),
        },
        "card": {"state": "new" if row.state == NEW else State(row.state).label, "due": row.due.isoformat(),
                 "flagged": row.flagged},
        "intervals": {
            str(int(r)): {"label": shown_labels[int(r)], "due": s.due.isoformat(), "state": s.state.label}
            for r, s in outcomes.items()
        },
    }


def _result(log: Any, replay: bool = False) -> dict[str, Any]:
    """What an answer returns; ``log`` is a ReviewLog or a row of one."""
    return {
        "item_id": log.item_id, "rating": log.rating, "correct": log.correct, "state": State(log.state_after).label,
        "due": log.due_after.isoformat(), "review_id": log.id, "answer_id": log.answer_id, "replayed": replay,
    }


class _Raced(Exception):
    """The card was answered by another request between our read and our write."""


RACE_RETRIES = 3


def answer(user_id: int, payload: Any, at: dt.datetime, *, fuzz: bool, origin: str = "study") -> dict[str, Any]:
    """Schedule and log one answer, idempotently per ``answer_id``, and move the stored queue on."""
    if origin == "study" and open_tests.in_open_test(user_id, payload["item_id"], at):
        raise ClientError(open_tests.HIDDEN_MESSAGE, 409)
    for attempt in range(RACE_RETRIES):
        try:
            return _answer(user_id, payload, at, origin, fuzz, lock=attempt > 0)
        except _Raced:
            db.session.rollback()  # read again: the other request's answer is the new "before"
        except sa.exc.OperationalError:
            # PostgreSQL breaks a deadlock between two of one user's writes (two
            # tabs answering sibling cards) by aborting one; SQLite gives up on a
            # lock after its busy timeout. Nothing was written: try again.
            db.session.rollback()
            if attempt == RACE_RETRIES - 1:
                raise
    raise ClientError("this card was being answered elsewhere at the same moment; try again", 409)


def _replay(user_id: int, payload: dict[str, Any]) -> dict[str, Any] | None:
    answer_id = payload.get("answer_id")
    prior = store.prior_answer(db.session.connection(), user_id, answer_id) if answer_id else None
    if prior is None:
        return None
    if prior.item_id != payload["item_id"]:
        raise ClientError("answer_id was already used for another item", 409)
    return _result(prior, replay=True)


def _answer(user_id: int, payload: dict[str, Any], at: dt.datetime, origin: str, fuzz: bool,
            lock: bool = False) -> dict[str, Any]:
    conn = db.session.connection()
    if lock:  # a retry after losing a race: take the card first, so this time nobody can overtake
        store.lock_card(conn, user_id, payload["item_id"])
    found = store.answered(conn, user_id, payload["item_id"], fuzz)
    if found is None or found[0].status not in SERVED_STATUSES or not Item.is_visible(payload["item_id"], user_id):
        raise ClientError("no such item", 404)
    row, state = found
    kind = item_type(row.type)
    if kind.reveal == "write" and origin == "study":
        raise ClientError("an essay is rated from what you write: open it on the writing page", 409)
    response = payload.get("response")
    problem = kind.validate_response(row.options, response)
    if problem:
        raise ClientError(problem)
    duration_ms = payload.get("duration_ms", 0)
    grade = kind.grade(row.answer, row.options, response, duration_ms)
    rating = payload.get("rating") or grade.rating
    if rating is None:
        raise ClientError(f"a rating (1-4) is required for a {row.type} item")
    rating = Rating(rating)
    correct = grade.correct if grade.correct is not None else correct_from_rating(rating)
    answer_id = payload.get("answer_id")
    if row.card_id is None:
        # Never introduced (answered from its item page, say): rare, so the ORM path creates the card.
        replayed = _replay(user_id, payload)
        if replayed is not None:
            return replayed
        log = record(user_study(user_id, fuzz), db.session.get(Item, row.item_id), rating, at, response=response,
                     correct=correct, duration_ms=duration_ms, answer_id=answer_id, origin=origin)
        result = _result(log)
        db.session.commit()
        return result

    us = UserStudy(user_id, state.settings, zone(state.timezone))
    done = answer_card(row, rating, at, us.settings)
    if not store.update_card(conn, row.card_id, row.reps, done.values):
        raise _Raced
    day = us.day(at)
    before, buried, bumps = done.before, [], 1  # the card's own UPDATE fired the trigger once
    if origin == "study":
        # Remember what burying changes, so undo can put the siblings back too.
        buried = store.bury_siblings(conn, user_id, row.item_id, at, day.end)
        before, bumps = {**before, "buried_siblings": [[cid, None] for cid, _, _ in buried]}, bumps + len(buried)
    values = log_values(done, user_id=user_id, item_id=row.item_id, card_id=row.card_id, rating=rating,
                        response=response, correct=correct, duration_ms=duration_ms, answer_id=answer_id, origin=origin,
                        item_version=row.item_version)
    values["card_before"] = before
    try:
        log_id = store.insert_log(conn, values)
    except sa.exc.IntegrityError:
        # The same answer_id again (a retried request): answer as the first time, change nothing.
        db.session.rollback()
        replayed = _replay(user_id, payload)
        if replayed is None:
            raise
        return replayed
    for stored in state.queues.values():
        if not stored.usable(day.start, at):
            continue
        lists = Snapshot.from_json(stored.lists)
        if lists.after_answer(row.card_id, row.state, done.values["state"], done.values["due"], day.end, buried,
                              filtered=bool(stored.filter_key)):
            store.advance(conn, user_id, stored, lists, bumps)
    db.session.commit()
    return _result(_Log(log_id, values))


@dataclass(frozen=True)
class _Log:
    id: int
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def record(us: UserStudy, item: Item, rating: Rating, at: dt.datetime, *, response: Any = None, correct: bool | None,
           duration_ms: int = 0, answer_id: str | None = None, origin: str = "study") -> ReviewLog:
    """Schedule one answer and log it through the ORM (no commit: callers own the transaction).

    Answer writing and mock tests use this inside their own ORM transactions;
    the study API's hot path does the same through `store`.
    """
    card = db.session.scalar(sa.select(Card).where(Card.user_id == us.user_id, Card.item_id == item.id))
    if card is None:
        card = Card(user_id=us.user_id, item_id=item.id, state=NEW, step=0, due=at, reps=0, lapses=0)
        db.session.add(card)
        db.session.flush()
    done = answer_card(card, rating, at, us.settings)
    for column, value in done.values.items():
        setattr(card, column, value)
    log = ReviewLog(**log_values(done, user_id=us.user_id, item_id=item.id, card_id=card.id, rating=rating,
                                 response=response, correct=correct, duration_ms=duration_ms, answer_id=answer_id,
                                 origin=origin, item_version=item.version))
    db.session.add(log)
    if origin == "study":
        buried = store.bury_siblings(db.session.connection(), us.user_id, item.id, at, us.day(at).end)
        log.card_before = {**done.before, "buried_siblings": [[cid, None] for cid, _, _ in buried]}
    db.session.flush()
    return log


def undo(user_id: int) -> dict[str, Any]:
    """Remove the last study answer and put its card back exactly as it was."""
    log = db.session.scalar(
        sa.select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.origin == "study")
        .order_by(ReviewLog.id.desc()).limit(1)
    )
    if log is None:
        raise ClientError("nothing to undo", 409)
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
    item = db.session.get(Item, item_id)
    if item is None or not item.active or not item.visible(user_id):
        raise ClientError("no such item", 404)
    card = db.session.scalar(sa.select(Card).where(Card.user_id == user_id, Card.item_id == item_id))
    if card is None:
        card = Card(user_id=user_id, item_id=item_id, state=NEW, step=0, due=at)
        db.session.add(card)
    return card


def set_flag(user_id: int, payload: Any, field: str, at: dt.datetime) -> dict[str, Any]:
    """Suspend or flag an item (``{"item_id": ..., "value": true|false}``, value defaults to true; see the Toggle schema)."""
    value = payload.get("value", True)
    card = _own_card(user_id, payload["item_id"], at)
    setattr(card, field, value)
    db.session.commit()
    return {"item_id": card.item_id, field: value}


def skip_until_tomorrow(user_id: int, payload: Any, at: dt.datetime) -> dict[str, Any]:
    """Bury a card until the user's next day (``value`` false brings it back), so it stops blocking the queue.

    An essay at the head of the queue can only be answered on the writing
    page; without this an aspirant with no time to write today could study
    nothing behind it. It is Anki's "bury": the card keeps its schedule and
    returns tomorrow, where a suspend would hide it until undone.
    """
    card = _own_card(user_id, payload["item_id"], at)
    until = user_study(user_id, None).day(at).end if payload.get("value", True) else None
    card.buried_until = until
    db.session.commit()
    return {"item_id": card.item_id, "skipped_until": until.isoformat() if until else None}


def flag_item(user_id: int, payload: Any, at: dt.datetime) -> dict[str, Any]:
    """Mark the card flagged for oneself; with a reason, also file it for the item's reviewers (one commit)."""
    from quizapp.review.service import raise_flag

    reason = payload.get("reason")
    value = payload.get("value", True)
    card = _own_card(user_id, payload["item_id"], at)
    card.flagged = value
    out: dict[str, Any] = {"item_id": card.item_id, "flagged": value}
    if value and reason:
        out["flag"] = raise_flag(user_id, card.item_id, reason, payload.get("note") or "").reason
    db.session.commit()
    return out


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
