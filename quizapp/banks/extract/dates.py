"""Dates, from "4th April2013" to "last summer", with their exact granularity.

A small table-driven grammar rather than a general date parser: every pattern
here is one we can state the meaning of, and anything vaguer ("in the past",
"today" meaning nowadays, "the winter") is deliberately not a date fact. A
date without a year, or a relative one, is resolved only against a date the
document really has (meta ``as_of``/``published`` or a self-date); otherwise
it is kept with ``value=None, resolved=False`` and generation skips it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Document, Fact, Granularity

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",),
            ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"),
            ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {d: i for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}
DECADE_WORDS = {
    "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950,
    "sixties": 1960, "seventies": 1970, "eighties": 1980, "nineties": 1990,
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

# Month names are matched capitalised only: "may" and "march" are verbs.
_FULL = [n for n in MONTHS if len(n) > 4 or n in ("May", "June", "July")]
_ABBR = [n for n in MONTHS if n not in _FULL]
# An abbreviation may carry a dot ("Oct. 23"); a full name never eats the full stop.
M = (
    r"(?:(?:" + "|".join(sorted(_FULL, key=len, reverse=True)) + r")(?![A-Za-z])"
    r"|(?:" + "|".join(sorted(_ABBR, key=len, reverse=True)) + r")\b(?:\.(?=\s*\d))?)"
)
D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
Y = r"(?:1[89]\d\d|20\d\d)(?!\d)"
TO = r"\s*(?:to|till|until|through|-|–|—)\s*"
# "were scheduled to end on Friday", "was expected on Monday": a plan told in the past is the past's plan
FUTURE = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bhad been )\b(?:will|shall|ahead of|is to|are to|scheduled|expected|"
                    r"due to|to be held|next|before leaving|leaving)\b", re.I)


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# (name, regex). Named groups: d1 m1 d2 m2 y (and y2, dec, rel, wd, season ...).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # (a day starts its own number: "(14 April 1891 - 6 December 1956)" is a life, not "1–6 December", round 21)
    ("range_dm_dm", re.compile(rf"(?:[Ff]rom\s+)?(?<![\d,.])\b{_g('d1', D)}\s+{_g('m1', M)}{TO}{_g('d2', D)}\s+{_g('m2', M)}(?:,?\s*{_g('y', Y)})?")),
    ("range_d_d_m", re.compile(rf"(?:[Ff]rom\s+)?(?<![\d,.])\b{_g('d1', D)}{TO}{_g('d2', D)}\s+{_g('m1', M)}(?:,?\s*{_g('y', Y)})?")),
    ("range_m_d_d", re.compile(rf"{_g('m1', M)}\s+{_g('d1', D)}\s*(?:-|–|—|to)\s*{_g('d2', D)}(?:,?\s*{_g('y', Y)})?")),
    ("day_dmy", re.compile(rf"(?<![\d,])\b{_g('d1', D)}\s+{_g('m1', M)},?\s*{_g('y', Y)}")),
    ("day_mdy", re.compile(rf"{_g('m1', M)}\s+{_g('d1', D)},?\s+{_g('y', Y)}")),
    ("day_dm", re.compile(rf"(?<![\d,])\b{_g('d1', D)}\s+{_g('m1', M)}(?!\s*,?\s*\d)")),
    ("day_md", re.compile(rf"{_g('m1', M)}\s+{_g('d1', D)}(?!\s*(?:-|–|,?\s*\d))")),
    ("month_rel", re.compile(rf"{_g('m1', M)}\s+(?P<rel>this|last|next)\s+year\b")),
    ("month_year", re.compile(rf"(?:(?P<part>early|mid|late)[- ]\s*)?{_g('m1', M)},?\s+{_g('y', Y)}")),
    ("month_part", re.compile(rf"\b(?P<part>early|mid|late)[- ]\s*{_g('m1', M)}(?!\s*,?\s*\d)")),
    ("month_alone", re.compile(rf"\b(?:in|In|since|Since|by|until|till|during|During|from|From)\s+(?P<core>{_g('m1', M)})(?!\s*,?\s*\d)")),
    ("year_range", re.compile(rf"(?<![\d,.])\b{_g('y', Y)}\s*[-–/]\s*(?P<y2>\d{{4}}|\d{{2}})(?![\d-])")),
    ("decade", re.compile(r"\b(?:[Tt]he\s+)?(?:(?:early|mid|late)[- ]\s*)?(?P<dec>1[89]\d0|20\d0)'?s\b")),
    ("decade_word", re.compile(r"\b[Tt]he\s+(?:(?:early|mid|late)[- ]\s*)?(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")),
    ("year", re.compile(rf"\b(?:in|In|since|Since|by|By|during|During|until|till|before|after|from|From|between|Between|and|of|to|around|year|Year)\s+(?P<core>{_g('y', Y)})(?![\d-]|'s|s\b)")),
    ("rel_period", re.compile(r"\b(?P<rel>[Tt]his|[Ll]ast|[Nn]ext)\s+(?P<unit>year|month|summer|spring|autumn|fall)\b")),
    ("weekday", re.compile(r"\b(?P<pre>on|On|last|Last|next|Next|this|This)\s+(?P<core>(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b")),
    ("rel_day", re.compile(r"\b(?P<relday>yesterday|tomorrow)\b")),
    ("today", re.compile(r"(?<!\bof )(?<!\btill )(?<!\buntil )\b(?P<relday>today)\b(?!['’]s)")),
]
# "today" is a date only beside an event verb ("came into force today", "will sign
# today"); "India today faces ..." and "Today, relations are ..." mean nowadays.
_EVENT_VERB = re.compile(
    r"\b(?:\w{3,}ed|came|began|met|held|took|gave|made|became|went|won|led|left|sent|set|"
    r"given|taken|written|done|told|begun|chosen|shown|sworn|signed|"
    r"will|shall|is to|are to|is being|are being)\b\W+(?:\w+\W+){0,8}$",
    re.I,
)
RELATIVE_KINDS = {"month_rel", "month_part", "month_alone", "rel_period", "weekday", "rel_day", "today", "day_dm", "day_md"}


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str | None
    granularity: Granularity
    resolved: bool
    relative: bool


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".")]


def _day(token: str) -> int:
    m = re.match(r"\d+", token)
    if m is None:
        raise ValueError(f"no day number in {token!r}")
    return int(m.group())


def _pick_year(anchor: dt.date, month: int, day: int | None, future: bool) -> int:
    """Year for a date written without one, read against the document date.

    Tense decides the direction: "is to arrive on October 22" is the next
    October 22, "launched on October 15" the last one. Nearest-date guessing
    gets "the summit in April" (written in October) wrong, so we do not guess.
    """
    key = (month, day or (1 if future else 31))
    if future:
        return anchor.year if key >= (anchor.month, anchor.day if day else 1) else anchor.year + 1
    return anchor.year if key <= (anchor.month, anchor.day if day else 31) else anchor.year - 1


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _interpret(kind: str, m: re.Match[str], anchor: dt.date | None, sentence: str) -> tuple[str | None, Granularity, bool] | None:
    """(value, granularity, resolved) for one match; None when the match is not a real date."""
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    if kind in ("range_dm_dm", "range_d_d_m", "range_m_d_d"):
        m1 = _month(g["m1"])
        m2 = _month(g["m2"]) if g.get("m2") else m1
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        resolved = False
        if year is None:
            if anchor is None:
                return None, "range", False
            year, resolved = _pick_year(anchor, m1, d1, bool(FUTURE.search(sentence))), True
        a, b = _iso(year, m1, d1), _iso(year, m2, d2)
        if a is None or b is None or a >= b:
            return None
        return f"{a}/{b}", "range", resolved
    if kind in ("day_dmy", "day_mdy"):
        if year is None:
            raise ValueError(f"a {kind} date needs a year: {m.group()!r}")
        v = _iso(year, _month(g["m1"]), _day(g["d1"]))
        return (v, "day", False) if v else None
    if kind in ("day_dm", "day_md"):
        mo, d = _month(g["m1"]), _day(g["d1"])
        if anchor is None:
            return None, "day", False
        v = _iso(_pick_year(anchor, mo, d, bool(FUTURE.search(sentence))), mo, d)
        return (v, "day", True) if v else None
    if kind == "month_rel":
        if anchor is None:
            return None, "month", False
        y = anchor.year + {"this": 0, "last": -1, "next": 1}[g["rel"]]
        return f"{y}-{_month(g['m1']):02d}", "month", True
    if kind == "month_year":
        return f"{year}-{_month(g['m1']):02d}", "month", False
    if kind in ("month_part", "month_alone"):
        if anchor is None:
            return None, "month", False
        mo = _month(g["m1"])
        return f"{_pick_year(anchor, mo, None, bool(FUTURE.search(sentence)))}-{mo:02d}", "month", True
    if kind == "year_range":
        if year is None:
            raise ValueError(f"a year range needs a first year: {m.group()!r}")
        y2s = g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (year // 100) * 100 + int(y2s)
        if not (year < y2 <= year + 10):
            return None
        return f"{year}/{y2}", "range", False
    if kind == "decade":
        return f"{g['dec']}s", "decade", False
    if kind == "decade_word":
        return f"{DECADE_WORDS[g['decw']]}s", "decade", True
    if kind == "year":
        return str(year), "year", False
    if kind == "rel_period":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        shift = {"this": 0, "last": -1, "next": 1}[rel]
        if anchor is None:
            return None, ("month" if unit == "month" else "year"), False
        if unit == "year":
            return str(anchor.year + shift), "year", True
        if unit == "month":
            total = anchor.year * 12 + anchor.month - 1 + shift
            return f"{total // 12}-{total % 12 + 1:02d}", "month", True
        lo, hi = SEASONS[unit]
        y = anchor.year + shift
        return f"{y}-{lo:02d}/{y}-{hi:02d}", "range", True
    if kind == "weekday":
        if anchor is None:
            return None, "day", False
        target = WEEKDAYS[g["wd"]]
        delta = (target - anchor.weekday()) % 7
        pre = g["pre"].lower()
        if delta == 0 and pre in ("on", "this"):
            day = anchor
        elif pre == "next" or (pre != "last" and FUTURE.search(sentence)):
            day = anchor + dt.timedelta(days=delta)
        else:
            day = anchor - dt.timedelta(days=(7 - delta) or 7)
        return day.isoformat(), "day", True
    if kind == "today":
        if not _EVENT_VERB.search(sentence[: m.start()] + " "):
            return None
        if anchor is None:
            return None, "day", False
        return anchor.isoformat(), "day", True
    if kind == "rel_day":
        if anchor is None:
            return None, "day", False
        shift = -1 if g["relday"] == "yesterday" else 1
        return (anchor + dt.timedelta(days=shift)).isoformat(), "day", True
    return None


def find_dates(text: str, anchor: dt.date | None) -> list[DateMatch]:
    """Non-overlapping date matches in one sentence, longest first at each position."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            core = "core" if m.groupdict().get("core") is not None else 0
            candidates.append((m.start(core), m.end(core), kind, m))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), [k for k, _ in PATTERNS].index(c[2])))
    taken: list[DateMatch] = []
    # Choose greedily by length so "From 20th May to 22nd May, 2013" beats "22nd May, 2013".
    by_length = sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for c in by_length:
        if all(c[1] <= o[0] or c[0] >= o[1] for o in chosen):
            chosen.append(c)
    for start, end, kind, m in sorted(chosen):
        res = _interpret(kind, m, anchor, text)
        if res is None:
            continue
        value, gran, resolved = res
        taken.append(DateMatch(start, end, value, gran, resolved, kind in RELATIVE_KINDS))
    return taken


_LEAD_PREP = re.compile(r"(?:\b(?:[Oo]n|[Ii]n|[Ff]rom|[Dd]uring|[Ss]ince|[Bb]y|[Aa]t|[Oo]f|[Tt]he)\s*)+$")


def event_phrase(sentence: str, start: int, end: int) -> str | None:
    """What happened: the sentence minus a date that opens or closes it.

    A date in mid-sentence ("between 1988 and 2018") cannot be cut out
    without breaking the sentence, so those get no event phrase.
    """
    before = _LEAD_PREP.sub("", sentence[:start]).rstrip(" ,")
    after = sentence[end:].lstrip(" ,")
    if before and re.sub(r"[\s.,;:!?)]", "", after):
        return None
    text = squash(f"{before} {after}" if before else after)
    text = re.sub(r"\s+([,.;:])", r"\1", text).strip(" ,")
    return text[:1].upper() + text[1:] if text else text


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _words_of(part: str) -> tuple[int, int | None, int | None]:
    bits = [int(b) for b in part.split("-")]
    return bits[0], (bits[1] if len(bits) > 1 else None), (bits[2] if len(bits) > 2 else None)


def display_date(value: str | None, granularity: str | None, relative: str | None = None) -> str | None:
    """The date in words at the source's precision: "26 October 2020", "October 2018",
    "2018", "the 1990s", "21–25 October 2018", "summer 2017", "2013–14". No ISO shown."""
    if not value:
        return None
    if granularity == "decade" or value.endswith("s"):
        return f"the {value}"
    if "/" not in value:
        y, mo, d = _words_of(value)
        if d and mo:  # a day always comes with its month
            return f"{d} {MONTH_NAMES[mo - 1]} {y}"
        if mo:
            return f"{MONTH_NAMES[mo - 1]} {y}"
        return str(y)
    a, b = value.split("/", 1)
    (y1, m1, d1), (y2, m2, d2) = _words_of(a), _words_of(b)
    season = re.search(r"\b(summer|spring|autumn|fall|winter)\b", relative or "", re.I)
    if season and m1 and not d1:
        return f"{season.group(1).lower()} {y1}"
    if d1 and d2 and m1 and m2:  # a day always comes with its month
        if (y1, m1) == (y2, m2):
            return f"{d1}–{d2} {MONTH_NAMES[m1 - 1]} {y1}"
        if y1 == y2:
            return f"{d1} {MONTH_NAMES[m1 - 1]} – {d2} {MONTH_NAMES[m2 - 1]} {y1}"
        return f"{d1} {MONTH_NAMES[m1 - 1]} {y1} – {d2} {MONTH_NAMES[m2 - 1]} {y2}"
    if m1 and m2:
        if y1 == y2:
            return f"{MONTH_NAMES[m1 - 1]}–{MONTH_NAMES[m2 - 1]} {y1}"
        return f"{MONTH_NAMES[m1 - 1]} {y1} – {MONTH_NAMES[m2 - 1]} {y2}"
    if y2 == y1 + 1 and y1 // 100 == y2 // 100:
        return f"{y1}–{str(y2)[2:]}"
    return f"{y1}–{y2}"


def document_anchor(doc: Document) -> dt.date | None:
    return doc.meta.as_of or doc.meta.published


_BARE_DAY = re.compile(r"(?:today|yesterday|tomorrow|tonight)", re.I)
_PREP_BEFORE = re.compile(r"\b(?:on|by|since|until|till|from|before|after)\s*$", re.I)


def needs_on(written: str, before: str = "") -> bool:
    """Whether a date written in place of a bare day word needs "on": "was signed yesterday" is "was signed on
    18 February 2022", for a cloze, a statement and a whole question alike; "by today" keeps its "by"."""
    return bool(_BARE_DAY.fullmatch(written.strip())) and not _PREP_BEFORE.search(before)


# "1992 - Parliament passes the bill in December": a timeline's entry dates its own months; the page's date
# would make that December 2024 (session 32's holdout)
# Words that date something by the writing day ("today", "last week", "on Monday"): generate.common reads them too
SHIFTING_WORDS = re.compile(r"\b(?:today|yesterday|tomorrow|tonight|this|last|next|ago|(?:mon|tues|wednes|thurs|fri|"
                            r"satur|sun)day)\b", re.I)
_ENTRY_YEAR = re.compile(r"^\s*(?P<y>(?:1[5-9]|20)\d\d)\s*[-–—:]\s+\S")


def extract_dates(doc: Document) -> list[Fact]:
    page_anchor = document_anchor(doc)
    facts: list[Fact] = []
    for s in doc.sentences:
        entry = _ENTRY_YEAR.match(s.text)
        # the entry's last day anchors it: a past-tense month falls in that year, and nothing is "resolved"
        anchor = page_anchor if entry is None else (
            dt.date(int(entry["y"]), 1, 1) if FUTURE.search(s.text) else dt.date(int(entry["y"]), 12, 31))
        for dm in find_dates(s.text, anchor):
            if entry and dm.relative:
                if SHIFTING_WORDS.search(s.text[dm.start:dm.end]):
                    continue  # "last week" in a timeline entry is no day of either year
                # "in December", "on 2 October": the entry's year is written, so the date is as absolute as the line
                dm = dataclasses.replace(dm, resolved=False, relative=False)
            start, end = s.start + dm.start, s.start + dm.end
            on = "on " if dm.relative and needs_on(s.text[dm.start:dm.end], s.text[: dm.start]) else ""
            extra: dict = {"cloze": squash(s.text[: dm.start] + on + "____" + s.text[dm.end :])}
            event = event_phrase(s.text, dm.start, dm.end)
            if event:
                extra["event"] = event
            display = display_date(dm.value, dm.granularity, doc.text[start:end] if dm.relative else None)
            if display:
                extra["display"] = display
            slip = year_slip(doc.text, start, end, dm.value, dm.resolved)
            if slip:
                extra["suspect_typo"] = slip
            if dm.relative:
                extra["tense"] = "future" if FUTURE.search(s.text) else "past"
                extra["relative"] = squash(doc.text[start:end])
                extra["anchor"] = anchor.isoformat() if anchor and dm.resolved else None
            facts.append(
                make_fact(
                    doc, "date", start, end, (s.start, s.end),
                    [dm.value, dm.granularity, dm.resolved],
                    label=squash(s.text),
                    value=dm.value,
                    granularity=dm.granularity,
                    resolved=dm.resolved,
                    extra=extra,
                )
            )
    return facts


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")


def year_slip(text: str, start: int, end: int, value: str | None, resolved: bool) -> str | None:
    """Why a written year reads as a misprint, or None.

    "There are few fundamental differences between 1988 and 2018 … During 1998, the territorial
    dispute was the principal point of tension": a year written once, a decade off a year the
    passage around it keeps returning to (three times or more), is the writer's slip, and a card
    keyed to it teaches a wrong date. The fact is kept (its quote is exact) and its items are held
    for an editor, who may release them: a real 1998 beside a much-cited 2008 costs one held item.
    """
    if resolved or not value or not value[:4].isdigit():
        return None
    year = value[:4]
    written = [m.group(0) for m in _WRITTEN_YEAR.finditer(text)]
    if written.count(year) != 1:
        return None
    near = text[max(0, start - 800): end + 800]
    for other in dict.fromkeys(_WRITTEN_YEAR.findall(near)):
        if other[:2] == year[:2] and other[3] == year[3] and other[2] != year[2] and written.count(other) >= 3:
            return f"{year} is written once, a decade off {other}, which the passage gives {written.count(other)} times"
    return None
