"""The analysis of a submitted test: the figures aspirants read after a mock.

Pure: rows in, figures out. Ratios stay `Fraction`s (exact, comparable in
tests) and become percentages only through `pct`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from quizapp.practice.marking import Scheme, decimal, mark, max_score

SLOWEST = 5


@dataclass(frozen=True)
class Question:
    """One question as answered: ``key`` and ``choice`` are original option indexes."""

    position: int
    item_id: str
    topic: str
    key: int
    choice: int | None
    time_ms: int = 0
    marked: bool = False

    @property
    def outcome(self) -> bool | None:
        return None if self.choice is None else self.choice == self.key


@dataclass(frozen=True)
class Tally:
    questions: int
    correct: int
    wrong: int

    @property
    def attempted(self) -> int:
        return self.correct + self.wrong

    @property
    def blank(self) -> int:
        return self.questions - self.attempted

    @property
    def accuracy(self) -> Fraction | None:
        """Correct over attempted: None when nothing was attempted (not 0 %, which would be a claim)."""
        return Fraction(self.correct, self.attempted) if self.attempted else None

    @property
    def attempt_rate(self) -> Fraction | None:
        return Fraction(self.attempted, self.questions) if self.questions else None


@dataclass(frozen=True)
class TopicRow:
    topic: str
    tally: Tally
    marks: Fraction


@dataclass(frozen=True)
class Summary:
    """One attempt reduced to what the comparison needs."""

    attempt_id: int
    submitted_at: dt.datetime
    score: Fraction
    max_score: Fraction
    tally: Tally

    @property
    def score_share(self) -> Fraction | None:
        return self.score / self.max_score if self.max_score else None


@dataclass(frozen=True)
class Analysis:
    scheme: Scheme
    tally: Tally
    score: Fraction
    max_score: Fraction
    negative_lost: Fraction
    total_time_ms: int
    mean_time_ms: int
    mean_time_by_outcome: dict[str, int | None]
    slowest: list[Question]
    topics: list[TopicRow]
    questions: list[Question] = field(repr=False)


def tally(questions: list[Question]) -> Tally:
    return Tally(len(questions), sum(q.outcome is True for q in questions), sum(q.outcome is False for q in questions))


def _mean(values: list[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


def analyse(questions: list[Question], s: Scheme) -> Analysis:
    t = tally(questions)
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    topics = [TopicRow(name, tally(qs), sum((mark(s, q.outcome) for q in qs), Fraction(0))) for name, qs in by_topic.items()]
    # Weakest first: that is what the reader acts on. Unattempted topics go last, then by name.
    topics.sort(key=lambda r: (r.tally.accuracy is None, r.tally.accuracy or 0, -r.tally.questions, r.topic))
    times = [q.time_ms for q in questions]
    return Analysis(
        scheme=s, tally=t, score=sum((mark(s, q.outcome) for q in questions), Fraction(0)),
        max_score=max_score(s, t.questions), negative_lost=s.wrong * t.wrong,
        total_time_ms=sum(times), mean_time_ms=_mean(times) or 0,
        mean_time_by_outcome={
            "correct": _mean([q.time_ms for q in questions if q.outcome is True]),
            "wrong": _mean([q.time_ms for q in questions if q.outcome is False]),
            "blank": _mean([q.time_ms for q in questions if q.outcome is None]),
        },
        slowest=sorted((q for q in questions if q.time_ms > 0), key=lambda q: (-q.time_ms, q.position))[:SLOWEST],
        topics=topics, questions=questions,
    )


def summary(attempt_id: int, submitted_at: dt.datetime, a: Analysis) -> Summary:
    return Summary(attempt_id, submitted_at, a.score, a.max_score, a.tally)


@dataclass(frozen=True)
class Comparison:
    previous: list[Summary]  # oldest first
    score_share_change: Fraction | None  # against the previous attempt, in share of the maximum
    accuracy_change: Fraction | None
    attempt_rate_change: Fraction | None


def _change(now: Fraction | None, before: Fraction | None) -> Fraction | None:
    return None if now is None or before is None else now - before


def compare(current: Summary, history: list[Summary]) -> Comparison:
    """How this attempt stands against the user's earlier submitted ones.

    Scores compare as a share of the maximum, so a 10-question test and a
    100-question one, or two schemes, sit on one scale.
    """
    earlier = sorted((h for h in history if h.submitted_at < current.submitted_at and h.attempt_id != current.attempt_id),
                     key=lambda h: (h.submitted_at, h.attempt_id))
    if not earlier:
        return Comparison([], None, None, None)
    last = earlier[-1]
    return Comparison(
        earlier,
        _change(current.score_share, last.score_share),
        _change(current.tally.accuracy, last.tally.accuracy),
        _change(current.tally.attempt_rate, last.tally.attempt_rate),
    )


def pct(value: Fraction | None, signed: bool = False) -> str:
    """A share as a percentage with one decimal (half away from zero); "–" when undefined."""
    return "–" if value is None else decimal(value * 100, 1, signed) + "%"


def seconds(ms: int | None) -> str:
    """Whole seconds for a duration (times per question are read at that grain)."""
    if ms is None:
        return "–"
    s = round(ms / 1000)
    return f"{s // 60} min {s % 60:02d} s" if s >= 60 else f"{s} s"
