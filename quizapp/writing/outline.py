"""The model outline: the key points in the order the prompt asks for them.

A prompt asks in parts ("Is it more complex today? Do you agree? What areas
of convergence …?"). Each key point goes under the part it shares the most
distinctive words with (the first part when it shares none), keeping the
bank's order inside a part. Key points cut from the same source paragraph
show that paragraph once, under the first of them, so the outline reads as an
answer and not as the source twice over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from quizapp.writing.coverage import _GENERIC
from quizapp.writing.text import STOPWORDS, stem, words

_PART = re.compile(r"(?<=[?.!])\s+")


@dataclass(frozen=True)
class OutlinePoint:
    id: str
    text: str
    quote: str | None  # None: the same passage is shown under an earlier point
    quote_of: int | None  # the number of the earlier point whose passage this one shares
    start: int
    end: int
    number: int


@dataclass
class OutlinePart:
    question: str
    points: list[OutlinePoint] = field(default_factory=list)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w.lower() not in STOPWORDS and w.lower() not in _GENERIC and len(w) > 2}


def prompt_parts(prompt: str) -> list[str]:
    return [p.strip() for p in _PART.split(prompt.strip()) if p.strip()] or [prompt]


def outline(prompt: str, points: Sequence) -> list[OutlinePart]:
    """Group key points (anything with id, text, keywords, quote, start, end) under the prompt's parts."""
    parts = [OutlinePart(q) for q in prompt_parts(prompt)]
    part_stems = [_stems(p.question) for p in parts]
    placed: list[tuple[int, int, object]] = []
    for order, kp in enumerate(points):
        mine = _stems(kp.text + " " + " ".join(kp.keywords or []))
        overlaps = [len(mine & s) for s in part_stems]
        best = max(range(len(parts)), key=lambda i: (overlaps[i], -i)) if any(overlaps) else 0
        placed.append((best, order, kp))
    placed.sort(key=lambda t: (t[0], t[1]))
    shown: dict[str, int] = {}
    for number, (part, _, kp) in enumerate(placed, start=1):
        key = " ".join((kp.quote or "").split())
        first = shown.get(key)
        if first is None and key:
            shown[key] = number
        parts[part].points.append(OutlinePoint(kp.id, kp.text, kp.quote if first is None else None, first,
                                               kp.start, kp.end, number))
    return [p for p in parts if p.points]
