"""Item analysis with the definitions of Moodle's quiz statistics report.

An institute judges a paper by which questions worked, and a wrong key shows
up here first: the good candidates avoid it. The figures follow Moodle's
report so they can be checked against it:

* facility index: mean mark / maximum mark (0-1);
* standard deviation: of the mark as a fraction of the maximum, over attempts (n - 1);
* discrimination index: 100 x Pearson correlation between the question's mark
  and the rest of the test (the attempt's total less this question);
* discriminative efficiency: 100 x that covariance / the largest covariance the
  two lists allow, which is their covariance with both sorted.

A figure that divides by a zero variance is ``None`` ("n/a"), never an error.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    attempt: str
    item: str
    mark: float
    max_mark: float


@dataclass(frozen=True)
class ItemStats:
    item: str
    n: int
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item,
            "n": self.n,
            "facility": self.facility,
            "sd": self.sd,
            "discrimination_index": self.discrimination_index,
            "discriminative_efficiency": self.discriminative_efficiency,
        }


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _cov(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (n - 1), as Moodle's report uses."""
    mx, my = _mean(xs), _mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _clean(value: float) -> float:
    """Round away float noise so hand-computed values compare exactly (12 places)."""
    return round(value, 12) + 0.0


def item_stats(item: str, marks: Sequence[float], max_mark: float, rest: Sequence[float]) -> ItemStats:
    """Figures for one question from its marks and the matching rest-of-test totals."""
    n = len(marks)
    if n == 0 or max_mark <= 0:
        return ItemStats(item, n, None, None, None, None)
    fractions = [m / max_mark for m in marks]
    facility = _clean(_mean(fractions))
    if n < 2:
        return ItemStats(item, n, facility, None, None, None)
    var_x = _cov(fractions, fractions)
    var_r = _cov(rest, rest)
    sd = _clean(math.sqrt(var_x)) if var_x > 0 else 0.0
    if var_x <= 0 or var_r <= 0:
        return ItemStats(item, n, facility, sd, None, None)
    cov = _cov(fractions, rest)
    di = _clean(100 * cov / math.sqrt(var_x * var_r))
    cov_max = _cov(sorted(fractions), sorted(rest))
    de = _clean(100 * cov / cov_max) if cov_max > 0 else None
    return ItemStats(item, n, facility, sd, di, de)


def analyse(responses: Iterable[Response]) -> list[ItemStats]:
    """Per-item figures over every attempt that answered the item, in first-seen item order.

    The rest of the test for an attempt is the sum of its other marks, whatever
    questions it had, as in Moodle.
    """
    totals: dict[str, float] = defaultdict(float)
    by_item: dict[str, list[Response]] = {}
    for r in responses:
        totals[r.attempt] += r.mark
        by_item.setdefault(r.item, []).append(r)
    out = []
    for item, rows in by_item.items():
        max_marks = {r.max_mark for r in rows}
        max_mark = max(max_marks)
        marks = [r.mark for r in rows]
        rest = [totals[r.attempt] - r.mark for r in rows]
        out.append(item_stats(item, marks, max_mark, rest))
    return out


# --- ranks and percentiles -------------------------------------------------

def ranks(scores: Mapping[str, float]) -> dict[str, int]:
    """Competition ranking ("1, 2, 2, 4"): ties share the best rank of their group."""
    ordered = sorted(scores.values(), reverse=True)
    first: dict[float, int] = {}
    for pos, score in enumerate(ordered, 1):
        first.setdefault(score, pos)
    return {who: first[score] for who, score in scores.items()}


def percentiles(scores: Mapping[str, float]) -> dict[str, float]:
    """NTA's convention, familiar to Indian candidates: 100 x (candidates scoring
    the same or less) / (all candidates). The topper gets 100; ties share a value."""
    n = len(scores)
    ordered = sorted(scores.values())
    out: dict[str, float] = {}
    for who, score in scores.items():
        at_or_below = bisect.bisect_right(ordered, score)
        out[who] = _clean(100 * at_or_below / n)
    return out


# --- options by thirds, and suspect keys -------------------------------------

@dataclass(frozen=True)
class OptionSplit:
    """How often each option was chosen, overall and by the top and bottom thirds."""

    all: dict[int | None, int]
    top: dict[int | None, int]
    bottom: dict[int | None, int]


def thirds(totals: Mapping[str, float]) -> tuple[set[str], set[str]]:
    """Top and bottom thirds of candidates by total (floor(n/3) each; ties by id)."""
    order = sorted(totals, key=lambda who: (-totals[who], who))
    k = len(order) // 3
    top = set(order[:k])
    bottom = set(order[len(order) - k:]) if k else set()
    return top, bottom


def option_split(choices: Mapping[str, int | None], top: set[str], bottom: set[str]) -> OptionSplit:
    def count(who: Iterable[str]) -> dict[int | None, int]:
        out: dict[int | None, int] = defaultdict(int)
        for w in who:
            out[choices[w]] += 1
        return dict(out)

    return OptionSplit(count(choices), count(w for w in choices if w in top), count(w for w in choices if w in bottom))


MIN_ATTEMPTS_FOR_NEGATIVE = 20


def suspect_reasons(stats: ItemStats, split: OptionSplit, key: int) -> list[str]:
    """Why this question's key may be wrong, in words an editor can act on."""
    reasons = []
    di = stats.discrimination_index
    if di is not None and di < 0 and stats.n >= MIN_ATTEMPTS_FOR_NEGATIVE:
        reasons.append(f"negative discrimination ({di:.1f}) over {stats.n} attempts")
    key_top = split.top.get(key, 0)
    for option, count in sorted(split.top.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        if option is not None and option != key and count > key_top:
            reasons.append(
                f"the top third chose option {chr(65 + option)} ({count}) more often than the key "
                f"{chr(65 + key)} ({key_top})"
            )
    return reasons
