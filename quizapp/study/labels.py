"""Answer-button labels for the next intervals, rounded the way Anki rounds them.

Anki (rslib ``answer_button_time``) picks the natural unit (seconds, minutes,
hours, days, months of 365/12 days, years) and shows seconds, minutes and days
as whole numbers, hours, months and years to one decimal. Rounding alone can
make two buttons read the same ("1d" for Good and "1d" for Easy) when fsrs
gives them different intervals, which hides the very choice the buttons offer:
then those labels get more decimals until they differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

_UNITS = (  # (suffix, seconds in the unit, upper bound in seconds, decimals)
    ("s", 1, 60, 0),
    ("m", 60, 3600, 0),
    ("h", 3600, 86400, 1),
    ("d", 86400, 86400 * 30, 0),
    ("mo", 86400 * 365 / 12, 86400 * 365, 1),
    ("y", 86400 * 365, float("inf"), 1),
)
MAX_EXTRA = 3  # extra decimals tried before giving up on telling two intervals apart


def label(interval: dt.timedelta, extra: int = 0) -> str:
    seconds = interval.total_seconds()
    if seconds < 0:
        raise ValueError(f"interval must not be negative, got {interval!r}")
    suffix, size, _, decimals = next(unit for unit in _UNITS if seconds < unit[2])
    places = decimals + extra
    text = f"{seconds / size:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{suffix}"


def labels(intervals: Mapping[int, dt.timedelta]) -> dict[int, str]:
    """A label per rating; ratings whose intervals differ never share a label if more decimals can help."""
    extra = {r: 0 for r in intervals}
    out = {r: label(iv) for r, iv in intervals.items()}
    for _ in range(MAX_EXTRA):
        clash = {r for r in intervals for o in intervals
                 if r != o and out[r] == out[o] and intervals[r] != intervals[o]}
        if not clash:
            break
        for r in clash:
            extra[r] += 1
            out[r] = label(intervals[r], extra[r])
    return out
