"""Marking schemes as data, and exact scores.

Scores are `Fraction`s so that 3 wrong answers under UPSC marking cost exactly
2 marks (not 1.98 or 2.0000001); they are rounded to two decimals only when
shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Scheme:
    key: str
    label: str
    right: Fraction
    wrong: Fraction  # what a wrong answer costs, as a positive number
    blank: Fraction = Fraction(0)


SCHEMES: dict[str, Scheme] = {
    s.key: s
    for s in (
        Scheme("upsc", "UPSC GS Paper I: +2 right, −⅔ wrong, 0 blank", Fraction(2), Fraction(2, 3)),
        Scheme("quarter", "+1 right, −0.25 wrong, 0 blank", Fraction(1), Fraction(1, 4)),
        # Same marks as the paper without the penalty, so the two scores compare directly.
        Scheme("none", "No negative marking: +2 right, 0 wrong, 0 blank", Fraction(2), Fraction(0)),
    )
}
DEFAULT_SCHEME = "upsc"


def scheme(key: str) -> Scheme:
    try:
        return SCHEMES[key]
    except KeyError:
        raise ValueError(f"unknown marking scheme {key!r}: choose one of {', '.join(SCHEMES)}") from None


def mark(s: Scheme, outcome: bool | None) -> Fraction:
    """Marks for one question: True right, False wrong, None blank."""
    if outcome is None:
        return s.blank
    return s.right if outcome else -s.wrong


def score(s: Scheme, outcomes: Iterable[bool | None]) -> Fraction:
    return sum((mark(s, o) for o in outcomes), Fraction(0))


def max_score(s: Scheme, questions: int) -> Fraction:
    return s.right * questions


def decimal(value: Fraction, places: int, signed: bool = False) -> str:
    """``value`` rounded half away from zero to ``places`` decimals, with a true minus sign.

    Done on the fraction itself: going through float would print −0.67 for
    −2/3 but could print 12.66 for a score float arithmetic lands a hair under.
    """
    scaled = abs(value) * 10**places
    rounded = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    sign = ("−" if value < 0 else "+" if signed else "") if rounded else ""
    whole, frac = divmod(rounded, 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def fmt(value: Fraction, signed: bool = False) -> str:
    """Marks as a result sheet prints them: two decimals."""
    return decimal(value, 2, signed)
