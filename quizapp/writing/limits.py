"""Word and time limits for a prompt, following UPSC Mains conventions.

GS answers are 10 marks in 150 words and about 7 minutes, or 15 marks in 250
words and about 11 minutes; the essay paper asks 1,000-1,200 words in about
90 minutes. A bank item may set its own limits, which win over these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    word_limit: int  # the upper limit the count is shown against
    time_minutes: int
    word_min: int | None = None  # essays only: fewer words than this is short


BY_MARKS = {10: Limits(150, 7), 15: Limits(250, 11)}
ESSAY = Limits(1200, 90, word_min=1000)
ESSAY_MARKS = 125


def limits_for(marks: int | None, word_limit: int | None = None, time_limit_minutes: int | None = None,
               essay_paper: bool = False) -> Limits:
    """The limits for a prompt: the item's own fields, else the Mains default for its marks.

    Marks that are neither 10 nor 15 scale from the 15-mark default (about 17
    words and 44 seconds a mark), so an odd bank entry still gets a sane clock.
    """
    if essay_paper or marks == ESSAY_MARKS:
        base = ESSAY
    elif marks in BY_MARKS:
        base = BY_MARKS[marks]
    elif marks:
        base = Limits(round(marks * 50 / 3 / 10) * 10, max(1, round(marks * 11 / 15)))
    else:
        base = BY_MARKS[15]
    return Limits(word_limit or base.word_limit, time_limit_minutes or base.time_minutes, base.word_min)
