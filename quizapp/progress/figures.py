"""The dashboard's figures as pure functions over aggregate rows.

The database layer hands over small GROUP BY results (one row per local day,
per topic, per bank); everything here is arithmetic on those rows with
"today" passed in, so every figure can be checked with constructed rows and
no Flask or database. Days are the user's local calendar days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
TIME_DAYS = 30
RETENTION_WINDOWS = (("last_7_days", 7), ("last_30_days", 30), ("all_time", None))


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    value: int


@dataclass(frozen=True)
class Share:
    """``passed`` of ``total``; ``rate`` is None when there is nothing to divide."""

    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"passed": self.passed, "total": self.total, "rate": None if self.rate is None else round(self.rate, 4)}


@dataclass(frozen=True)
class MasteryRow:
    """One topic or bank, from per-group SQL aggregates.

    ``seen`` counts cards answered at least once; ``mature`` those in review
    whose current interval (due minus last review) is 21 days or more, Anki's
    definition; ``retrievability_sum`` is the sum of FSRS recall probabilities
    now over the seen cards; ``correct``/``graded`` count answers with a known
    verdict (all time, any origin).
    """

    key: str
    name: str
    seen: int
    mature: int
    retrievability_sum: float
    correct: int
    graded: int

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": self.name, "seen": self.seen, "mature": self.mature,
            "retrievability": None if not self.seen else round(self.retrievability_sum / self.seen, 4),
            "accuracy": Share(self.correct, self.graded).as_dict()["rate"], "answers": self.graded,
        }


def day_range(end: dt.date, days: int) -> list[dt.date]:
    """``days`` consecutive days ending with ``end`` (inclusive), oldest first."""
    return [end - dt.timedelta(days=days - 1 - k) for k in range(days)]


def series(counts: Mapping[dt.date, int], days: Sequence[dt.date]) -> list[DayCount]:
    """One value per day, zero where nothing happened."""
    return [DayCount(d, int(counts.get(d, 0))) for d in days]


def heatmap(counts: Mapping[dt.date, int], today: dt.date, days: int = HEATMAP_DAYS) -> list[DayCount]:
    """Reviews per day over the last year, today last."""
    return series(counts, day_range(today, days))


def streak(review_days: Iterable[dt.date], today: dt.date) -> tuple[int, bool]:
    """Consecutive days with at least one review, and whether today is one of them.

    The run ends today if the user has reviewed today, else yesterday: a
    streak is not broken until a whole day passes without a review. Days
    after ``today`` (a clock moved back) are ignored.
    """
    days = {d for d in review_days if d <= today}
    includes_today = today in days
    cursor = today if includes_today else today - dt.timedelta(days=1)
    run = 0
    while cursor in days:
        run += 1
        cursor -= dt.timedelta(days=1)
    return run, includes_today


def forecast(due: Mapping[dt.date, int], overdue: int, today: dt.date, days: int = FORECAST_DAYS) -> list[DayCount]:
    """Cards falling due per day from today on; whatever is overdue counts for today."""
    out = series(due, day_range(today + dt.timedelta(days=days - 1), days))
    return [DayCount(out[0].day, out[0].value + overdue), *out[1:]]


def true_retention(rows: Iterable[tuple[dt.date, int, int]], today: dt.date) -> dict[str, Share]:
    """Passed share of first-of-the-day reviews of review cards, per window.

    ``rows`` are ``(day, passed, total)`` per local day. "Last 7 days" is
    today and the six days before it.
    """
    rows = list(rows)
    out = {}
    for name, window in RETENTION_WINDOWS:
        start = None if window is None else today - dt.timedelta(days=window - 1)
        picked = [(p, t) for d, p, t in rows if (start is None or d >= start) and d <= today]
        out[name] = Share(sum(p for p, _ in picked), sum(t for _, t in picked))
    return out


def forgetting_curve(elapsed_days: int, stability: float, decay: float, factor: float) -> float:
    """FSRS's recall probability after ``elapsed_days`` whole days (``decay`` negative).

    The same expression the SQL aggregate evaluates; tests hold both to
    ``quizapp.srs.retrievability``.
    """
    return (1 + factor * max(elapsed_days, 0) / stability) ** decay


def minutes(ms: int) -> float:
    return round(ms / 60_000, 1)


def time_per_day(duration_ms: Mapping[dt.date, int], today: dt.date, days: int = TIME_DAYS) -> list[tuple[dt.date, float]]:
    """Minutes spent answering per day over the last ``days`` days."""
    return [(d, minutes(int(duration_ms.get(d, 0)))) for d in day_range(today, days)]


@dataclass(frozen=True)
class TestResult:
    """One finished mock test, as a practice provider reports it."""

    __test__ = False  # not a pytest test class (a plain class attribute, not a dataclass field)

    taken_at: dt.datetime
    title: str
    score: float
    max_score: float
    negative: float  # marks lost to wrong answers, as a positive number
    attempted: int = 0
    correct: int = 0
    wrong: int = 0


@dataclass(frozen=True)
class WritingResult:
    """One submitted answer, as a writing provider reports it."""

    written_at: dt.datetime
    title: str
    words: int
    word_limit: int | None
    seconds_used: int
    seconds_allowed: int | None
    key_points_covered: int
    key_points_total: int


def test_trend(rows: Iterable[TestResult]) -> list[dict]:
    """Mock tests oldest first, with percentage score and what negative marking cost."""
    out = []
    for r in sorted(rows, key=lambda r: r.taken_at):
        out.append({
            **asdict(r), "taken_at": r.taken_at.isoformat(),
            "percent": round(100 * r.score / r.max_score, 1) if r.max_score else None,
            "without_negative": round(r.score + r.negative, 2),
        })
    return out


# a pure function named test_*: not a pytest test (mypy does not model function attributes)
test_trend.__dict__["__test__"] = False


def writing_trend(rows: Iterable[WritingResult]) -> list[dict]:
    """Answers oldest first, with minutes used and the share of key points covered."""
    out = []
    for r in sorted(rows, key=lambda r: r.written_at):
        out.append({
            **asdict(r), "written_at": r.written_at.isoformat(), "minutes_used": round(r.seconds_used / 60, 1),
            "coverage": round(r.key_points_covered / r.key_points_total, 4) if r.key_points_total else None,
        })
    return out
