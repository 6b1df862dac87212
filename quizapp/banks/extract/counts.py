"""Counts and quantities: "34 countries", "1.5 million", "at least 10 Indians".

A number is only worth a question together with what it counts, so each fact
carries the noun phrase after it (``unit``) and any hedge before it
("at least", "over", "about") in ``extra["qualifier"]``: "at least 10" must
never become a key of exactly 10. Years, dates, ordinals and "the two
countries" (a reference, not a count) are not counts.
"""

from __future__ import annotations

import re

from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.extract.dates import find_dates
from quizapp.banks.types import Document, Fact

WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12,
    "a hundred": 100, "a thousand": 1000, "a million": 1_000_000, "a billion": 1_000_000_000,
}
SCALES = {"thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7, "crores": 1e7, "billion": 1e9, "trillion": 1e12}
QUALIFIERS = r"(?:at least|at most|more than|less than|fewer than|over|under|about|around|nearly|almost|up to|some|roughly|approximately|as many as|only)"
_WORDNUM = r"(?:a dozen|a hundred|a thousand|a million|a billion|" + "|".join(sorted((w for w in WORDS if " " not in w), key=len, reverse=True)) + r")"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Nouns that end a unit phrase are content words; these words stop it.
_STOP = {
    "with", "in", "at", "for", "of", "to", "and", "or", "is", "are", "was", "were", "which", "that", "who",
    "on", "from", "by", "the", "a", "an", "as", "have", "has", "had", "will", "be", "been", "but", "than",
    "along", "across", "during", "after", "before", "into", "said", "says", "this", "these", "those",
    "last", "next", "ago", "namely", "each", "alone", "apiece", "respectively", "so", "far", "not",
    "between", "among", "amongst", "within", "under", "against", "per", "since", "until", "including",
}
COUNT = re.compile(
    rf"(?<![\w,.$₹:-])(?:(?P<qual>{QUALIFIERS})\s+)?(?P<num>{_DIGITS}|{_WORDNUM})(?![\w,.:-]?\d)"  # (a clock time, "6:04 pm", is no count)
    rf"(?:\s+(?P<scale>thousand|lakhs?|million|crores?|billion|trillion))?"
    rf"(?P<pct>\s*(?:%|per ?cent))?"
    rf"(?P<unit>(?:\s+[A-Za-z][A-Za-z'’-]*){{0,4}})",
    re.I,
)


# A number after these words is an identifier (session 30's holdout: "Section 4 empowers" was a count of 4)
_NUMBERED = re.compile(r"\b(?:section|sections|article|articles|entry|entries|part|schedule|clause|rule|chapter|"
                       r"item|list|no|number|paragraph|para|sub-section|regulation|form|phase|stage|tier|room|"
                       r"gate|platform|pillar|goal|sdg|version)\.?\s*$", re.I)


def _value(num: str) -> float | None:
    low = num.lower()
    if low in WORDS:
        return float(WORDS[low])
    try:
        return float(num.replace(",", ""))
    except ValueError:
        return None


def _unit(phrase: str) -> str | None:
    words: list[str] = []
    for w in phrase.split():
        if w.lower() in _STOP:
            break
        words.append(w)
    # "countries faced", "countries namely": a trailing verb or adverb is not the noun
    while words and re.search(r"(?:ed|ly)$", words[-1]) and len(words) > 1:
        words.pop()
    return " ".join(words) or None


def find_counts(text: str) -> list[tuple[int, int, float, str | None, str | None]]:
    """(start, end, number, unit, qualifier) for one sentence."""
    from quizapp.banks.extract.prompts import stated_limits

    date_spans = [(d.start, d.end) for d in find_dates(text, None)]
    # "(250 words, 15 marks)" is the prompt's limit, page metadata, never a count to learn.
    date_spans += stated_limits(text)[1]
    out = []
    for m in COUNT.finditer(text):
        num = m["num"]
        if any(s <= m.start("num") < e for s, e in date_spans):
            continue
        before = text[max(0, m.start() - 12) : m.start()].lower()
        after = text[m.end("num") : m.end("num") + 3]
        if re.match(r"(?:st|nd|rd|th)\b|-\w", after):
            continue  # ordinals ("5th Meeting") and compounds ("two-month-long")
        if re.search(r"\b(?:the|our|their|its|these|those|both|his|her)\s*$", before) and not m["qual"]:
            continue  # "the two countries" names them, it does not count them
        if _NUMBERED.search(before):
            continue  # "Section 4 empowers", "Article 355 casts": a provision's number names it, it counts nothing
        if num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2099 and not m["scale"]:
            continue
        value = _value(num)
        if value is None:
            continue
        if m["scale"]:
            value *= SCALES[m["scale"].lower()]
        unit = "%" if m["pct"] else _unit(m["unit"] or "")
        scaled = bool(m["scale"]) or num.lower() in ("a million", "a billion", "a thousand")
        if not scaled and not m["pct"] and unit is None:
            continue  # a bare number says nothing checkable
        end = m.end("pct") if m["pct"] else m.end("scale") if m["scale"] else m.end("num")
        if unit and unit != "%":
            unit_end = text.find(unit, end) + len(unit)
            end = unit_end
        out.append((m.start(), end, value, unit, m["qual"].lower() if m["qual"] else None))
    return out


def extract_counts(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for s in doc.sentences:
        for start, end, number, unit, qual in find_counts(s.text):
            a, b = s.start + start, s.start + end
            extra = {"qualifier": qual, "cloze": squash(s.text[:start] + "____" + s.text[end:])}
            facts.append(
                make_fact(
                    doc, "count", a, b, (s.start, s.end), [number, unit, qual],
                    label=squash(s.text), number=number, unit=unit, extra=extra,
                )
            )
    return facts
