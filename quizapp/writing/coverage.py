"""Which key points an answer covers, and the words that show it.

A key point comes from the bank with a handful of keywords. Each keyword is
looked for in the answer with stemming (Snowball, so "signed" finds "signing")
and, for longer words, rapidfuzz similarity (so a typo such as "Jinpeng"
still counts). A multi-word keyword needs most of its words: all of them up
to two words, two thirds beyond.

Keywords that only repeat the prompt ("India", "China" in an India-China
question) show nothing, since every answer repeats them; they are reported
but not counted, unless a point has nothing else. A point is covered when at
least half of its counted keywords match. The result lists, for every
keyword, the answer words that matched it, so the user can see why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz, process

from quizapp.writing.text import STOPWORDS, stem, words

FUZZY_MIN_LEN = 5  # shorter stems must match exactly: "rule" vs "role" is not a typo
FUZZY_CUTOFF = 85.0


@dataclass(frozen=True)
class KeyPointSpec:
    id: str
    text: str
    keywords: Sequence[str]


@dataclass(frozen=True)
class KeywordMatch:
    keyword: str
    matched: bool
    words: list[str]  # answer words that matched, as written
    counted: bool  # False when the keyword only repeats the prompt


@dataclass(frozen=True)
class PointCoverage:
    id: str
    text: str
    covered: bool
    matched: int
    needed: int
    keywords: list[KeywordMatch]


@dataclass(frozen=True)
class Coverage:
    points: list[PointCoverage]

    @property
    def covered_ids(self) -> list[str]:
        return [p.id for p in self.points if p.covered]

    @property
    def missed_ids(self) -> list[str]:
        return [p.id for p in self.points if not p.covered]

    @property
    def fraction(self) -> float:
        return len(self.covered_ids) / len(self.points) if self.points else 0.0

    def to_dict(self) -> dict:
        return {"points": [asdict(p) for p in self.points], "covered": len(self.covered_ids),
                "total": len(self.points), "fraction": round(self.fraction, 4)}


class _Answer:
    """The answer's words by stem, built once per answer."""

    def __init__(self, text: str) -> None:
        self.by_stem: dict[str, list[str]] = {}
        for word in words(text):
            forms = self.by_stem.setdefault(stem(word), [])
            if word not in forms:
                forms.append(word)
        self.stems = list(self.by_stem)

    def find(self, token: str) -> list[str]:
        if token in self.by_stem:
            return self.by_stem[token]
        if len(token) < FUZZY_MIN_LEN or token.isdigit():
            return []
        best = process.extractOne(token, self.stems, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                  processor=None)
        if best is None or len(best[0]) < FUZZY_MIN_LEN or best[0].isdigit():
            return []
        return self.by_stem[best[0]]


def _tokens(phrase: str) -> list[str]:
    return [stem(w) for w in words(phrase) if w.lower() not in STOPWORDS]


def _match(keyword: str, answer: _Answer) -> list[str] | None:
    tokens = _tokens(keyword)
    if not tokens:
        return None
    found = [answer.find(t) for t in tokens]
    hits = [f for f in found if f]
    needed = len(tokens) if len(tokens) <= 2 else math.ceil(2 * len(tokens) / 3)
    if len(hits) < needed:
        return None
    return [w for f in hits for w in f]


def coverage(answer_text: str, points: Sequence[KeyPointSpec], prompt: str = "") -> Coverage:
    """Match every key point's keywords against the answer (pure: no database, no clock)."""
    answer = _Answer(answer_text)
    prompt_stems = set(_tokens(prompt))
    result = []
    for point in points:
        matches = []
        for keyword in point.keywords:
            tokens = _tokens(keyword)
            echo = bool(tokens) and set(tokens) <= prompt_stems
            found = _match(keyword, answer)
            matches.append(KeywordMatch(keyword, found is not None, found or [], counted=not echo and bool(tokens)))
        if not any(m.counted for m in matches):
            matches = [KeywordMatch(m.keyword, m.matched, m.words, counted=bool(_tokens(m.keyword))) for m in matches]
        counted = [m for m in matches if m.counted]
        needed = max(1, math.ceil(len(counted) / 2)) if counted else 1
        matched = sum(1 for m in counted if m.matched)
        result.append(PointCoverage(point.id, point.text, bool(counted) and matched >= needed, matched, needed, matches))
    return Coverage(result)
