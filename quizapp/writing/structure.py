"""Structure checks on a submitted answer: introduction, body, conclusion, length, time.

Examiners look for an answer that opens, argues and closes. Without reading
the argument we can still see its shape: a short opening paragraph, a body
that carries most of the words, and a closing paragraph. Each check says what
it found, so a failed one tells the user what to change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from quizapp.writing.text import count_words

CONCLUDING = re.compile(r"\b(in conclusion|to conclude|to sum up|in sum|thus|therefore|hence|way forward|overall|"
                        r"in the end|going forward)\b", re.I)
OVER_TOLERANCE = 0.10  # UPSC tolerates a little over the limit; beyond 10 % it costs marks
SHORT_FRACTION = 0.70  # under 70 % of the limit an answer has left points out, whatever it says
SENTENCE = re.compile(r"(?<=[.!?])\s+")
OPENS_CONCLUSION = re.compile(r"^\W*(in conclusion|to conclude|to sum up|in sum|thus|hence|therefore|overall|"
                              r"way forward|going forward)\b", re.I)


def _closing_sentence(paragraph: str) -> str | None:
    """The concluding sentence of a paragraph that argues first and closes after ("… Thus, …")."""
    sentences = [s for s in SENTENCE.split(paragraph.strip()) if s]
    for sentence in sentences[1:][-2:]:
        if OPENS_CONCLUSION.search(sentence):
            return sentence
    return None


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not applicable (time in untimed practice)
    detail: str


def paragraphs(text: str) -> list[str]:
    """Non-empty lines: in a textarea people start a paragraph with one Enter as often as with two."""
    return [p.strip() for p in text.splitlines() if p.strip()]


def check_structure(text: str, word_limit: int, word_min: int | None = None, *, started_at: dt.datetime,
                    submitted_at: dt.datetime, time_limit_minutes: int, timed: bool) -> list[Check]:
    paras = paragraphs(text)
    total = count_words(text)
    sizes = [count_words(p) for p in paras]
    n = len(paras)
    checks = []

    if n >= 2 and sizes[0] <= max(total / 3, 1):
        checks.append(Check("introduction", True, f"Opens with a {sizes[0]}-word paragraph."))
    elif n >= 2:
        checks.append(Check("introduction", False, f"The first paragraph has {sizes[0]} of {total} words; keep the opening short."))
    else:
        checks.append(Check("introduction", False, "Write a short opening paragraph on its own line."))

    body = sum(sizes[1:-1]) if n >= 3 else 0
    if n >= 3 and body >= total / 2:
        checks.append(Check("body", True, f"{n - 2} body paragraph(s) with {body} of {total} words."))
    else:
        checks.append(Check("body", False, "Put the argument in paragraphs between the opening and the close, "
                                           "holding most of the words."))

    closing = _closing_sentence(paras[-1]) if paras else None
    if n >= 2 and (n >= 3 or CONCLUDING.search(paras[-1])):
        checks.append(Check("conclusion", True, "Ends with a closing paragraph."))
    elif closing is not None:
        opening = " ".join(closing.split()[:3])
        checks.append(Check("conclusion", True, f"Ends with a concluding sentence (“{opening} …”); "
                                                "a paragraph of its own makes it stand out."))
    else:
        checks.append(Check("conclusion", False, "End with a separate concluding paragraph (a way forward or a verdict)."))

    over = total - word_limit
    if word_min is not None and total < word_min:
        checks.append(Check("word limit", False, f"{total} words: below the {word_min}-{word_limit} range."))
    elif 0 < total < word_limit * SHORT_FRACTION:
        checks.append(Check("word limit", False, f"{total} of {word_limit} words: far under the limit "
                                                 f"(below {round(SHORT_FRACTION * 100)} %), so points are likely missing."))
    elif over <= 0:
        checks.append(Check("word limit", total > 0, f"{total} of {word_limit} words."))
    elif over <= word_limit * OVER_TOLERANCE:
        checks.append(Check("word limit", True, f"{total} words: {over} over the {word_limit}-word limit, within 10 %."))
    else:
        checks.append(Check("word limit", False, f"{total} words: {over} over the {word_limit}-word limit."))

    used = max(submitted_at - started_at, dt.timedelta(0))
    minutes, seconds = divmod(int(used.total_seconds()), 60)
    label = f"{minutes} min {seconds:02d} s of {time_limit_minutes} min"
    if timed:
        checks.append(Check("time", used <= dt.timedelta(minutes=time_limit_minutes), f"Used {label}."))
    else:
        checks.append(Check("time", None, f"Untimed practice: {label}."))
    return checks


def to_dicts(checks: list[Check]) -> list[dict]:
    return [asdict(c) for c in checks]
