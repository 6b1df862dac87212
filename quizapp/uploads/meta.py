"""Guess a new document's title, publisher and dates, and fingerprint its text.

Guesses are only a starting point: the add page shows them for the learner to
correct before the build. So each rule prefers leaving a field empty to
filling it with something plausible but wrong (a section label as the title,
a PDF producer as the publisher).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from quizapp.banks.publisher import guess_publisher
from quizapp.uploads.files import Extracted


@dataclass(frozen=True)
class GuessedMeta:
    title: str | None
    publisher: str | None
    published: dt.date | None
    as_of: dt.date | None


def content_hash(text: str) -> str:
    """SHA-256 of the text with layout differences removed.

    The same article pasted, uploaded as .txt, or saved with Windows line
    endings must hash alike, so whitespace runs (including line breaks and
    non-breaking spaces) collapse to one space and Unicode is NFC-normalised.
    Case and punctuation are kept: they can change what a sentence says.
    """
    norm = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    norm = " ".join(norm.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def guess_meta(extracted: Extracted) -> GuessedMeta:
    text = extracted.text
    published = _iso(extracted.date_hint) or _self_date(text)
    return GuessedMeta(
        title=_title(extracted),
        publisher=_clean(extracted.publisher_hint) or guess_publisher(text),
        published=published,
        as_of=guess_as_of(text, published) or published,
    )


# ---- title ------------------------------------------------------------------

# Generic section labels: a heading that names a part of any document, never
# the document itself. Not keyed to a particular document.
_SECTION_LABEL = re.compile(
    r"^(?:(?:chapter|section|part|unit|annex(?:ure)?|appendix|table|figure|box)\s*[\dIVXLC.:-]*\b.*"
    r"|(?:\d+[.)]?\s*)?(?:introduction|summary|executive summary|abstract|overview|background|contents|"
    r"table of contents|conclusions?|preface|foreword|acknowledgements?|references|key highlights|highlights))$",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(r"(?:^microsoft (?:word|powerpoint) - )|\.(?:docx?|pdf|pptx?|txt|indd|qxd)$", re.IGNORECASE)


def _title(extracted: Extracted) -> str | None:
    from quizapp.banks.sources import guess_title

    hint = _clean(extracted.title_hint)
    if hint:
        hint = re.split(r"\s+[|–—]\s+", hint)[0].strip()  # "Headline | Site name"
    if hint and _headline_like(hint):
        return hint
    publisher = guess_publisher(extracted.text)
    for line in _candidate_lines(extracted.text):
        guessed = guess_title(line)
        # The issuing body's line ("Ministry of Finance") heads many releases; it
        # is the publisher, and the headline follows it.
        if guessed and _headline_like(guessed) and guessed != publisher:
            return guessed
    return None


def _candidate_lines(text: str, limit: int = 40) -> list[str]:
    # guess_title takes the first substantial line; feeding it one line at a time
    # lets us skip section labels it would accept, while still using its rules
    # for boilerplate and captions.
    return [ln for ln in text.split("\n")[:limit] if ln.strip()]


def _headline_like(line: str) -> bool:
    words = line.split()
    return (
        2 <= len(words) <= 30
        and not _SECTION_LABEL.match(line.strip())
        and not _FILE_NAME.search(line.strip())
        and not re.fullmatch(r"[\d\W]+", line)
    )


# ---- publisher: one rule for uploads and `banks build` (quizapp.banks.publisher) -----------------

# ---- dates ------------------------------------------------------------------


def _self_date(text: str) -> dt.date | None:
    from quizapp.banks.sources import find_self_date

    return find_self_date(text)


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_AS_OF = re.compile(
    rf"\bas\s+(?:on|of|at)\s+(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})[./-](?P<m3>\d{{1,2}})[./-](?P<y3>\d{{4}}))",
    re.IGNORECASE,
)


def guess_as_of(text: str, published: dt.date | None = None) -> dt.date | None:
    """The latest "as on 31 March 2024" date the text states, not after publication.

    Figures in a report are as of the cut-off it names; the latest one is the
    report's own cut-off, earlier ones are comparisons. A date after
    publication is a target ("as of 2030"), not a cut-off.
    """
    found: list[dt.date] = []
    for m in _AS_OF.finditer(text):
        try:
            if m["m1"]:
                day, month, year = int(m["d1"]), _MONTHS[m["m1"].lower()], int(m["y1"])
            elif m["m2"]:
                day, month, year = int(m["d2"]), _MONTHS[m["m2"].lower()], int(m["y2"])
            else:
                day, month, year = int(m["d3"]), int(m["m3"]), int(m["y3"])  # Indian order: day first
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if published is None or date <= published:
            found.append(date)
    return max(found) if found else None


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
