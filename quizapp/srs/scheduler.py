"""Adapter between quizapp's card state and the ``fsrs`` (py-fsrs, FSRS-6) scheduler.

Why an adapter rather than calling ``fsrs`` directly everywhere: py-fsrs cards
are mutable, carry their own id and accept any datetime until the moment they
fail deep inside a review. The app wants immutable values it can store in a
row, compare in tests and hash, plus error messages that say which input was
wrong. No scheduling formula lives here: every interval, stability and
difficulty comes from ``fsrs.Scheduler`` so that an upstream fix reaches the
app unchanged.

Conventions (the same as py-fsrs): the current time is always passed in, never
read from the clock, and every function returns new objects. All datetimes are
timezone-aware; an aware non-UTC datetime is converted to UTC (the instant is
unambiguous), a naive one is rejected with ``ValueError`` because guessing its
zone would silently shift every due date for Indian users by 5h30.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import Any

import fsrs

__all__ = [
    "CardState",
    "Rating",
    "SrsSettings",
    "State",
    "format_interval",
    "from_fsrs_card",
    "preview",
    "reschedule",
    "retrievability",
    "review",
    "to_fsrs_card",
]

#: Number of FSRS-6 parameters py-fsrs expects.
N_PARAMETERS = len(fsrs.scheduler.DEFAULT_PARAMETERS)


class Rating(IntEnum):
    """The four answer buttons; values equal ``fsrs.Rating`` so either converts."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    def to_fsrs(self) -> fsrs.Rating:
        """Return the equal ``fsrs.Rating`` (py-fsrs stores it in its logs)."""
        return fsrs.Rating(int(self))


class State(IntEnum):
    """Learning state; values mirror ``fsrs.State`` so a DB integer column maps 1:1."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        """Lower-case name for JSON and templates ("learning", "review", "relearning")."""
        return self.name.lower()

    @classmethod
    def coerce(cls, value: State | int | str | fsrs.State) -> State:
        """Accept the enum, its integer, ``fsrs.State`` or its label.

        Why: state arrives from a DB integer, a JSON label or py-fsrs, and one
        place that understands all three keeps the callers simple.
        """
        if isinstance(value, str):
            try:
                return cls[value.strip().upper()]
            except KeyError:
                raise ValueError(f"unknown card state {value!r}") from None
        try:
            return cls(int(value))
        except (TypeError, ValueError):
            raise ValueError(f"unknown card state {value!r}") from None


def _utc(value: Any, name: str) -> datetime:
    """Return ``value`` as an aware UTC datetime or explain what is wrong with it."""
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"{name} must be timezone-aware UTC, got naive {value.isoformat()}; "
            "attach tzinfo=timezone.utc (SQLite returns naive datetimes, so the "
            "DB layer has to add it when reading)"
        )
    return value.astimezone(UTC)


# fsrs needs a retention above 0.7; a two-decimal form therefore starts at 0.71.
MIN_RETENTION, MAX_RETENTION = 0.7, 0.99
MIN_RETENTION_FORM = 0.71
# Learning steps are minutes to days; beyond these they are typos, and timedelta overflows past 999,999,999 days.
MAX_STEP = timedelta(days=365)
MAX_STEPS = 20


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _seconds(step: timedelta) -> int | float:
    seconds = step.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


@dataclass(frozen=True)
class SrsSettings:
    """Per-user (or per-deck) scheduling settings.

    Frozen and made of tuples so it is hashable: schedulers are cached per
    settings value, and two users with equal settings share one scheduler.

    Attributes:
        desired_retention: Probability of recall the scheduler aims for at
            the due date. Higher means more reviews.
        learning_steps: Same-day steps of a new card.
        relearning_steps: Same-day steps after a lapse (Again in review).
        maximum_interval: Longest interval in days.
        new_per_day: Daily cap on new cards (used by the queue, not by fsrs).
        reviews_per_day: Daily cap on reviews (used by the queue, not by fsrs).
        parameters: 21 FSRS-6 weights, or None for fsrs's defaults.
        enable_fuzzing: Spread intervals of 3 days and more a little so cards
            learnt together do not stay bunched on the same day.
    """

    desired_retention: float = 0.90
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    new_per_day: int = 20
    reviews_per_day: int = 200
    parameters: tuple[float, ...] | None = None
    enable_fuzzing: bool = True

    def __post_init__(self) -> None:
        # Lists (from JSON or a form) would make the value unhashable; make
        # them tuples here so callers need not care. Values are checked by
        # validate(), which reports every problem at once.
        for name in ("learning_steps", "relearning_steps", "parameters"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))

    def problems(self) -> list[str]:
        """Every problem with these settings, one sentence each (empty if valid).

        Why a list: a settings form should show all mistakes at once rather
        than make the user fix them one submit at a time.
        """
        out: list[str] = []
        r = self.desired_retention
        if not _is_real(r) or not (MIN_RETENTION < r <= MAX_RETENTION):
            out.append(f"desired_retention must be a number in ({MIN_RETENTION}, {MAX_RETENTION}], got {r!r}")
        for name in ("learning_steps", "relearning_steps"):
            steps = getattr(self, name)
            if not isinstance(steps, tuple):
                out.append(f"{name} must be a sequence of durations, got {steps!r}")
                continue
            if len(steps) > MAX_STEPS:
                out.append(f"{name} must have at most {MAX_STEPS} steps, got {len(steps)}")
            for i, step in enumerate(steps):
                if not isinstance(step, timedelta) or step <= timedelta(0) or step > MAX_STEP:
                    out.append(f"{name}[{i}] must be a positive duration of at most {MAX_STEP.days} days, got {step!r}")
        if not _is_int(self.maximum_interval) or self.maximum_interval < 1:
            out.append(f"maximum_interval must be an integer >= 1 (days), got {self.maximum_interval!r}")
        for name in ("new_per_day", "reviews_per_day"):
            value = getattr(self, name)
            if not _is_int(value) or value < 0:
                out.append(f"{name} must be an integer >= 0, got {value!r}")
        if self.parameters is not None:
            params = self.parameters
            if not isinstance(params, tuple) or not all(_is_real(p) for p in params):
                out.append("parameters must be a sequence of numbers or None")
            elif len(params) != N_PARAMETERS:
                out.append(f"parameters must have {N_PARAMETERS} values (FSRS-6), got {len(params)}")
            elif not all(math.isfinite(p) for p in params):
                out.append("parameters must all be finite")
            else:
                try:  # fsrs's own bounds check, so the app never disagrees with it
                    fsrs.Scheduler(parameters=params)
                except ValueError as exc:
                    out.append(f"parameters rejected by fsrs: {exc}")
        if not isinstance(self.enable_fuzzing, bool):
            out.append(f"enable_fuzzing must be True or False, got {self.enable_fuzzing!r}")
        return out

    def validate(self) -> SrsSettings:
        """Raise one ``ValueError`` listing every problem; return self if valid."""
        problems = self.problems()
        if problems:
            raise ValueError("invalid SRS settings:\n- " + "\n- ".join(problems))
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; steps are stored as seconds (like py-fsrs's to_dict)."""
        return {
            "desired_retention": self.desired_retention,
            "learning_steps": [_seconds(s) for s in self.learning_steps],
            "relearning_steps": [_seconds(s) for s in self.relearning_steps],
            "maximum_interval": self.maximum_interval,
            "new_per_day": self.new_per_day,
            "reviews_per_day": self.reviews_per_day,
            "parameters": None if self.parameters is None else list(self.parameters),
            "enable_fuzzing": self.enable_fuzzing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SrsSettings:
        """Build validated settings from :meth:`to_dict` output.

        Missing keys take their defaults so settings stored by an older
        version still load; unknown keys are an error because they can only
        come from a typo or a newer, incompatible version.
        """
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown SRS settings keys: {', '.join(unknown)}")
        kwargs: dict[str, Any] = dict(data)
        for name in ("learning_steps", "relearning_steps"):
            if name in kwargs:
                raw = kwargs[name]
                if not isinstance(raw, (list, tuple)) or not all(_is_real(s) for s in raw):
                    raise ValueError(f"{name} must be a list of seconds, got {raw!r}")
                try:
                    kwargs[name] = tuple(timedelta(seconds=s) for s in raw)
                except (OverflowError, ValueError):  # 1e300 or NaN seconds
                    raise ValueError(f"{name} must be seconds up to {MAX_STEP.days} days, got {raw!r}") from None
        if kwargs.get("parameters") is not None:
            raw = kwargs["parameters"]
            if not isinstance(raw, (list, tuple)):
                raise ValueError(f"parameters must be a list of numbers or null, got {raw!r}")
            kwargs["parameters"] = tuple(raw)
        return cls(**kwargs).validate()

    @classmethod
    def stored(cls, data: Mapping[str, Any] | None, fuzz: bool | None = None) -> SrsSettings:
        """A user's settings as stored (empty or None: the defaults), with the app's fuzz flag applied if given.

        The one place that reads stored settings: the page, the hot path and the ORM path all call it.
        """
        settings = cls.from_dict(data) if data else cls()
        if fuzz is not None and settings.enable_fuzzing != fuzz:
            settings = cls.from_dict({**settings.to_dict(), "enable_fuzzing": fuzz})
        return settings


@lru_cache(maxsize=256)
def _scheduler(settings: SrsSettings) -> fsrs.Scheduler:
    """One validated ``fsrs.Scheduler`` per settings value.

    Cached because settings rarely change while every review needs a
    scheduler; safe because the adapter never mutates the scheduler.
    """
    settings.validate()
    return fsrs.Scheduler(
        parameters=settings.parameters if settings.parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.enable_fuzzing,
    )


@dataclass(frozen=True)
class CardState:
    """Memory state of one (user, question) pair, as stored by the DB layer.

    Why checked on construction: py-fsrs only notices an inconsistent card
    (a review card without stability, a learning card without a step) with a
    bare ``assert`` in the middle of a review; failing when the row is read
    names the column that is wrong.

    Attributes:
        state: Learning, review or relearning.
        step: Index into the (re)learning steps; None in review.
        stability: Days until recall probability falls to 90%; None if never reviewed.
        difficulty: 1 (easy) to 10 (hard); None if never reviewed.
        due: When the card should next be shown (aware UTC).
        last_review: Time of the last review (aware UTC) or None for a new card.
    """

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", State.coerce(self.state))
        object.__setattr__(self, "due", _utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", _utc(self.last_review, "last_review"))
        if self.state in (State.LEARNING, State.RELEARNING):
            if self.step is None or not _is_int(self.step) or self.step < 0:
                raise ValueError(f"a {self.state.label} card needs an integer step >= 0, got {self.step!r}")
        elif self.step is not None:
            raise ValueError(f"a review card has no step, got {self.step!r}")
        if (self.stability is None) != (self.difficulty is None):
            raise ValueError("stability and difficulty must both be set or both be None")
        if self.stability is None and self.state != State.LEARNING:
            raise ValueError(f"a {self.state.label} card needs stability and difficulty")
        if self.stability is not None and not (self.stability > 0 and math.isfinite(self.stability)):
            raise ValueError(f"stability must be a positive number, got {self.stability!r}")
        if self.difficulty is not None and not math.isfinite(self.difficulty):
            raise ValueError(f"difficulty must be finite, got {self.difficulty!r}")

    @classmethod
    def new(cls, now: datetime) -> CardState:
        """A never-reviewed card, due at ``now``."""
        return cls(state=State.LEARNING, step=0, stability=None, difficulty=None, due=now, last_review=None)

    @property
    def is_new(self) -> bool:
        """True until the first review (there is no memory to measure yet)."""
        return self.last_review is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (ISO datetimes, state label)."""
        return {
            "state": self.state.label,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": None if self.last_review is None else self.last_review.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardState:
        """Inverse of :meth:`to_dict`."""
        last = data.get("last_review")
        return cls(
            state=data["state"],
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            due=datetime.fromisoformat(data["due"]),
            last_review=None if last is None else datetime.fromisoformat(last),
        )


def to_fsrs_card(state: CardState, card_id: int) -> fsrs.Card:
    """Build the mutable ``fsrs.Card`` py-fsrs works on.

    Args:
        state: The app's card state.
        card_id: Stored in the card and its review logs; py-fsrs would
            otherwise invent one from the clock (and sleep 1 ms doing so).
    """
    if not _is_int(card_id):
        raise ValueError(f"card_id must be an integer, got {card_id!r}")
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(int(state.state)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def from_fsrs_card(card: fsrs.Card) -> CardState:
    """Freeze an ``fsrs.Card`` into a validated :class:`CardState`."""
    return CardState(
        state=State.coerce(card.state),
        step=card.step,
        stability=None if card.stability is None else float(card.stability),
        difficulty=None if card.difficulty is None else float(card.difficulty),
        due=card.due,
        last_review=card.last_review,
    )


def _check_order(state: CardState, now: datetime) -> None:
    if state.last_review is not None and now < state.last_review:
        raise ValueError(
            f"now ({now.isoformat()}) is before the card's last review "
            f"({state.last_review.isoformat()}); the clock or the stored state is wrong"
        )


def review(state: CardState, rating: Rating | int, now: datetime, settings: SrsSettings) -> CardState:
    """The card's state after answering it with ``rating`` at ``now``.

    Args:
        state: State before the answer.
        rating: Button pressed (Rating or 1-4).
        now: Time of the answer, aware.
        settings: Scheduling settings (validated; cached per value).

    Returns:
        A new CardState; ``state`` is not modified.

    Raises:
        ValueError: naive ``now``, unknown rating, invalid settings, or
            ``now`` earlier than the last review.
    """
    now = _utc(now, "now")
    try:
        rating = Rating(rating)
    except ValueError:
        raise ValueError(f"rating must be 1-4 (Again, Hard, Good, Easy), got {rating!r}") from None
    _check_order(state, now)
    card, _log = _scheduler(settings).review_card(to_fsrs_card(state, 0), rating.to_fsrs(), now)
    return from_fsrs_card(card)


def preview(state: CardState, now: datetime, settings: SrsSettings) -> dict[Rating, CardState]:
    """The next state for each of the four buttons, to label them with intervals.

    With fuzzing on, intervals of 3 days and more are random, so calling
    :func:`review` afterwards may land a day or two away from the label. When
    the label must be exact, store ``preview(...)[rating]`` instead of calling
    ``review`` again: it is one of the outcomes ``review`` could have given.
    """
    now = _utc(now, "now")
    _check_order(state, now)
    # One conversion for the four buttons: py-fsrs copies the card it is given.
    scheduler, card = _scheduler(settings), to_fsrs_card(state, 0)
    return {rating: from_fsrs_card(scheduler.review_card(card, rating.to_fsrs(), now)[0]) for rating in Rating}


def retrievability(state: CardState, now: datetime, settings: SrsSettings) -> float:
    """Predicted probability of recalling the card at ``now`` (0.0 for a new card).

    Uses py-fsrs's forgetting curve with the settings' parameters; elapsed
    time is counted in whole days as FSRS does.
    """
    now = _utc(now, "now")
    _check_order(state, now)
    return float(_scheduler(settings).get_card_retrievability(to_fsrs_card(state, 0), now))


@dataclass(frozen=True)
class CurveConstants:
    """The forgetting curve ``R(t) = (1 + factor * t / S) ** decay`` for one settings value.

    For SQL that computes retrievability over many cards at once (the
    dashboard's mastery), which cannot call fsrs per row.
    """

    decay: float
    factor: float


def curve_constants(settings: SrsSettings) -> CurveConstants:
    """The constants of the settings' forgetting curve, computed as fsrs does from parameter 20 (w20)."""
    params = settings.parameters if settings.parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS
    decay = -params[20]
    return CurveConstants(decay=decay, factor=0.9 ** (1 / decay) - 1)


def _history_entry(entry: Any) -> tuple[Rating, datetime]:
    if isinstance(entry, tuple) and len(entry) == 2:
        rating, when = entry
    else:
        rating = entry.rating
        when = getattr(entry, "review_time", None) or entry.review_datetime
    return Rating(int(rating)), _utc(when, "review time")


def reschedule(
    state: CardState,
    history: Iterable[tuple[Rating | int, datetime] | Any],
    settings: SrsSettings,
) -> CardState:
    """Recompute a card as if it had always been scheduled with ``settings``.

    Why: after the user changes desired retention or gets newly optimised
    parameters, existing due dates were computed with the old ones. py-fsrs
    supports this directly (``Scheduler.reschedule_card`` replays the review
    logs), so the card's full answer history is replayed rather than patching
    the due date by hand.

    Args:
        state: Current state (its ``due`` is kept if ``history`` is empty).
        history: The card's reviews as ``(rating, review_time)`` pairs, or
            objects with ``rating`` and ``review_time``/``review_datetime``
            attributes (e.g. ``quizapp.srs.optimize.ReviewRecord``). Any order.
        settings: The new settings.

    Returns:
        The replayed state; ``state`` itself when there is no history.
    """
    entries = [_history_entry(e) for e in history]
    if not entries:
        return state
    logs = [
        fsrs.ReviewLog(card_id=0, rating=rating.to_fsrs(), review_datetime=when, review_duration=None)
        for rating, when in entries
    ]
    card = _scheduler(settings).reschedule_card(to_fsrs_card(state, 0), logs)
    return from_fsrs_card(card)


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_interval(interval: timedelta) -> str:
    """Short label for an answer button: "45s", "10m", "1.5h", "3d", "3.2mo", "1.1y".

    Months are 30 days and years 365 days, as Anki labels them; one decimal
    at most so labels fit on a phone-width button.
    """
    seconds = interval.total_seconds()
    if seconds < 0:
        raise ValueError(f"interval must not be negative, got {interval!r}")
    if seconds < 59.5:
        return f"{round(seconds)}s"
    minutes = seconds / 60
    if minutes < 59.95:
        return f"{_one_decimal(minutes)}m"
    hours = minutes / 60
    if hours < 23.95:
        return f"{_one_decimal(hours)}h"
    days = hours / 24
    if days < 29.95:
        return f"{_one_decimal(days)}d"
    months = days / 30
    if days < 365:
        return f"{_one_decimal(months)}mo"
    return f"{_one_decimal(days / 365)}y"
