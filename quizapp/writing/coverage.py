"""Which key points an answer covers, and the words that show it.

A key point comes from the bank with a handful of keywords. Each keyword is
looked for in the answer as a whole word: another form of the same word
counts ("signed" finds "signing"; a Snowball stem shared with a different
word does not, so "internal" never finds "international"), and in longer
words a typo of one or two letters counts ("Jinpeng"), never an edit that
changes the root ("counter" is not "countries"). A multi-word keyword needs
most of its words: all of them up to two words, two thirds beyond.

The bank picks keywords from the whole source paragraph, so a point's own
headline term ("trust deficit") may be missing from them: an answer that
writes an adjacent pair of distinctive words from the point's text covers it.

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

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

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


# Endings that turn one word into another form of the same word ("sign"/"signed",
# "country"/"countries"). Snowball also strips derivational endings, so
# "international" and "internal" share the stem "intern": a stem match counts
# only when what differs between the two words is one of these endings.
_INFLECTIONS = frozenset(["", "s", "es", "ed", "d", "ing", "e", "y", "ies", "ied", "ly", "er", "ers"])


def _same_word(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[n:] in _INFLECTIONS and b[n:] in _INFLECTIONS


def _typo_distance(word: str) -> int:
    """Edits a typo may make: one in a short word, two in a long one; never enough to swap a root."""
    return 1 if len(word) < 9 else 2


class _Answer:
    """The answer's words by stem, built once per answer."""

    def __init__(self, text: str) -> None:
        self.sequence = [w for w in words(text)]
        self.stems_in_order = [stem(w) for w in self.sequence]
        self.by_stem: dict[str, list[str]] = {}
        for word, st in zip(self.sequence, self.stems_in_order, strict=False):
            forms = self.by_stem.setdefault(st, [])
            if word not in forms:
                forms.append(word)
        self.surface: dict[str, list[str]] = {}
        for word in self.sequence:
            forms = self.surface.setdefault(word.lower(), [])
            if word not in forms:
                forms.append(word)

    def find(self, keyword_word: str) -> list[str]:
        """Answer words that are the keyword's word: another form of it, or a typo of it."""
        token = stem(keyword_word)
        exact = [w for w in self.by_stem.get(token, []) if _same_word(w, keyword_word)]
        if exact:
            return exact
        low = keyword_word.lower()
        if len(low) < FUZZY_MIN_LEN or low.isdigit():
            return []
        found = []
        for other, forms in self.surface.items():
            if len(other) < FUZZY_MIN_LEN or other.isdigit() or other[0] != low[0]:
                continue
            limit = _typo_distance(low)
            if Levenshtein.distance(low, other, score_cutoff=limit) <= limit \
                    and fuzz.ratio(low, other) >= FUZZY_CUTOFF and not self._is_other_word(other, keyword_word):
                found.extend(forms)
        return found

    def _is_other_word(self, other: str, keyword_word: str) -> bool:
        """A near spelling that shares its stem with a different word is that word, not a typo."""
        return stem(other) == stem(keyword_word) and not _same_word(other, keyword_word)

    def has_phrase(self, phrase_words: Sequence[str]) -> list[str] | None:
        """The words of a phrase, adjacent and in order (forms allowed, no typos)."""
        n = len(phrase_words)
        for i in range(len(self.sequence) - n + 1):
            window = self.sequence[i:i + n]
            if all(stem(w) == stem(p) and _same_word(w, p) for w, p in zip(window, phrase_words, strict=False)):
                return window
        return None


def _content_words(phrase: str) -> list[str]:
    return [w for w in words(phrase) if w.lower() not in STOPWORDS]


def _tokens(phrase: str) -> list[str]:
    return [stem(w) for w in _content_words(phrase)]


def _match(keyword: str, answer: _Answer) -> list[str] | None:
    content = _content_words(keyword)
    if not content:
        return None
    found = [answer.find(w) for w in content]
    hits = [f for f in found if f]
    needed = len(content) if len(content) <= 2 else math.ceil(2 * len(content) / 3)
    if len(hits) < needed:
        return None
    return [w for f in hits for w in f]


# Words that say nothing about which point is meant; a phrase from the point's
# own text counts only when both its words are outside this list and the prompt.
_GENERIC = frozenset("""
about above after again against all also among are be been being before below between both but can could
did do does done during each even ever first few further had has have having he her here his how however
i if its just last many may might more most much must new no nor not now only other our out over own
per primarily mainly largely defined same several she should since so some still such than that their
them then there these they this those through thus too two under until up upon very was we were what
when where which while who whom why will would year years you your one three
""".split())


def _text_phrases(text: str, prompt_stems: set[str]) -> list[list[str]]:
    """Adjacent word pairs of the point's own text that name it ("trust deficit").

    A bank's keywords are picked from the whole source paragraph, so the
    point's headline term can be missing from them; an answer that writes that
    term has made the point.
    """
    seq = words(text)
    phrases, seen = [], set()
    for a, b in zip(seq, seq[1:], strict=False):
        if any(w.lower() in STOPWORDS or w.lower() in _GENERIC or w.isdigit() or len(w) < 3 for w in (a, b)):
            continue
        if stem(a) in prompt_stems or stem(b) in prompt_stems:
            continue
        if a[:1].isupper() and b[:1].isupper():  # a name or title ("Prime Minister"): names are the keywords' job
            continue
        key = (stem(a), stem(b))
        if key not in seen:
            seen.add(key)
            phrases.append([a, b])
    return phrases


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
        covered = bool(counted) and matched >= needed
        known = {tuple(_tokens(k)) for k in point.keywords}
        for phrase in _text_phrases(point.text, prompt_stems):
            if tuple(stem(w) for w in phrase) in known:
                continue
            written = answer.has_phrase(phrase)
            if written is not None:
                matches.append(KeywordMatch(" ".join(phrase), True, written, counted=True))
                matched += 1
                covered = True
        result.append(PointCoverage(point.id, point.text, covered, matched, needed, matches))
    return Coverage(result)
