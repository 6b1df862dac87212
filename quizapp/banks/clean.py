"""Drop web-page furniture by general rules, keeping original offsets.

Pages arrive as text copied from the web: menus, accessibility toggles,
breadcrumbs, captions, "related articles" lists, counters and footers sit
between the real paragraphs. A fact taken from that furniture would be a
wrong answer key, so we drop it here. The rules are about the *shape* of a
line (short, no sentence punctuation, a label followed by a number, a phrase
repeated like a link bar, a photo credit ...) and about web-wide vocabulary
(copyright, "hosted by", "related"), never a list of strings from known pages,
so a new page needs no code change.

Nothing is rewritten: we only choose which line spans survive, so every block
keeps exact offsets into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from quizapp.banks.types import Block, BlockKind

# A line ending with one of these reads as prose (or a quote closing prose).
_TERMINAL = re.compile(r"[.!?;]['\"’”)\]]*$")
# A line ending like this introduces what follows ("the following 34 countries:-").
_INTRO_END = re.compile(r"(?::-?|[-–—])$")
_HEADING_END = re.compile(r"(?::-?|\?)$")
BULLET_GLYPH = re.compile(r"^[•●▪◦·‣∙*–-](?=\s)\s*")
ENUMERATOR = re.compile(r"^(?:\((?:[ivxlc]{1,5}|\d{1,2}|[a-z])\)|(?:[ivxlc]{1,5}|\d{1,2})[.)](?=\s)|[a-z]\)(?=\s))\s*")
_WS = " \t\u00a0\u2007\u202f\u200b\ufeff"
# Where a short title-like line is furniture rather than a heading.
_SHORT_WORDS = 16
_HEADING_WORDS = 10

_COPYRIGHT = re.compile(r"(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved)", re.I)
_HOSTING = re.compile(
    r"\b(hosted\s*(?:&|and)\s*maintained|designed\s*(?:&|and)\s*developed|powered by|"
    r"made with|content (?:provided|owned) by|site maintained by)\b",
    re.I,
)
_SYNDICATION = re.compile(r"\b(?:originally (?:appeared|published) (?:on|in)|this article (?:first )?appeared)\b", re.I)
_PROMO = re.compile(
    r"\b(newsletter|subscribe|sign up|download (?:our|the) app|follow us|join us|enquire|contact us)\b", re.I
)
# "Hit Count: 22,260,192", "Visitors - 1,234": a label and a number, nothing else.
_COUNTER = re.compile(r"^[A-Za-z][A-Za-z .'/]{0,40}?\s*[:\-–]\s*[\d][\d,. ]{2,}$")
_BREADCRUMB = re.compile(r"^(?:[»›>]|home\s*[»›>/])|\s[»›]\s", re.I)
_RELATED = re.compile(
    r"^(?:more (?:articles|stories|news|from|in|on)|related(?: articles| stories| news| posts| content| links| reads)?|"
    r"read (?:more|next|also)|also read|what to read next|must read|don'?t miss|in other news|"
    r"you (?:may|might) (?:also )?(?:like|enjoy)|recommended(?: for you| reading)?|trending(?: now)?|"
    r"most (?:read|popular|viewed|shared)|popular (?:stories|posts|now)|"
    r"latest (?:news|stories|updates)|top stories|further reading|see also)\b",
    re.I,
)
# Structural furniture: each rule names a shape every site shares, never a site.
_MENU_SPLIT = re.compile(r"\s*[|·•]\s*|\s+[/»›]\s+")
_WIDGET_TOKEN = re.compile(r"^(?:[AT][+\-−]{0,2}|[+\-−]A|[\[(]?[AT][+\-−]?[\])]?)$")
_WIDGET_WORDS = re.compile(
    r"\b(?:(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|menu|search)|screen reader|font size|text size|"
    r"(?:high|normal|low) contrast|contrast (?:scheme|mode)|dark mode|accessibility (?:options|tools|statement)|"
    r"(?:increase|decrease|reset) (?:font|text)|font (?:increase|decrease|normal)|select language|"
    r"sitemap|site map|feedback|print this page|back to top)\b",
    re.I,
)
_SOCIAL = re.compile(
    r"\b(?:facebook|twitter|whatsapp|linkedin|telegram|email|e-mail|print|koo|pinterest|reddit|copy link|"
    r"instagram|youtube|share)\b",
    re.I,
)
_RELEASE_ID = re.compile(
    r"\b(?:release|press release|story|article|news|document|post)\s*(?:id|no\.?|number)\s*[:.#-]?\s*\d{3,}|"
    r"^\(?\s*id\s*[:.]\s*\d{4,}\s*\)?$",
    re.I,
)
# "AM/SNC/RK", "RDS/SM/RK (Release ID ...)": desk initials joined by slashes.
_DESK_CODE = re.compile(r"^(?:[A-Z]{1,5}\s*/\s*){1,5}[A-Z]{1,5}\b(?:\s*[/(-].*)?$")
_RULE_LINE = re.compile(r"^[*#=~_\-–—.\s]{3,}$")
_BYLINE = re.compile(
    r"^(?i:reporting by|written by|edited by|editing by|compiled by|additional reporting by|text by|"
    r"author|posted by|contributed by|with inputs from|inputs from)\b[\s:]"
    r"|^[Bb][Yy]\s+(?:[A-Z][\w.'’-]*\s*){1,5}(?:[,|/&]\s*(?:[A-Z][\w.'’-]*\s*){1,5})*$",
)
_CREDIT_TAIL = re.compile(r";\s*(?:editing|writing|additional reporting) by\b", re.I)
_TAGS = re.compile(r"^(?:tags|topics|filed under|categories|category|keywords|labels)\s*[:\-–]", re.I)
_COMMENTS = re.compile(
    r"^(?:\d[\d,]*\s+(?:comments?|replies|responses)|comments?\s*[(:]\s*\d+\)?|leave a (?:comment|reply)|"
    r"post a comment|add (?:a )?comment|view (?:all )?comments|be the first to comment|join the discussion)\b",
    re.I,
)
# "READERS' COMMENTS (38)", "Comments (12)", "38 Comments": the thread below an article is readers' words, not the
# page's (round 21's reader: a commenter's "Nabam Rebia (2016) … is also relevant" became a cloze and a key point)
_COMMENTS_HEAD = re.compile(r"^(?:(?:readers?|users?|visitors?)['’]?\s+(?:comments?|responses)(?:\s*\(\s*\d[\d,]*\s*\))?|"
                            r"comments?\s*\(\s*\d[\d,]*\s*\)|\d[\d,]*\s+(?:comments?|responses))\s*:?$", re.I)
_VIEWS = re.compile(
    r"^(?:\d[\d,.]*\s*[KkMm]?\s+(?:views|reads|hits|visitors|shares|page ?views)|"
    r"(?:views|hits|visitors|visits|page ?views|visitor count(?:er)?|hit count(?:er)?|total visitors)\s*[:\-–(]?\s*\d[\d,. ]*[KkMm]?\)?)$",
    re.I,
)
_CREDIT = re.compile(
    r"(?:^|[.\s])(?:AFP|Reuters|AP|PTI|ANI|IANS|Xinhua|EPA|Bloomberg|Getty Images|Shutterstock|"
    r"File photo|Handout|Photo(?:graph)?(?: credit)?\s*:.*|Image(?: credit)?\s*:.*)\.?$",
    re.I,
)
_ALT_TEXT = re.compile(
    r"^(?:a|an|two|three|several|people|group of)\b[^.]{0,80}\b(?:wearing|standing|sitting|holding|talking|posing|smiling|walking)\b"
)
_CAPTION_WORDS = re.compile(
    r"\b(?:takes? part|pose[sd]?\b|posing|pictured|(?:is|are) greeted|looks? on|shakes? hands|"
    r"wav(?:es|ing)\b|file photo|\((?:left|right|centre|center)\))",
    re.I,
)


# ---- how a page dates itself (shared with sources.find_document_date) ----
# Month names in any case: page furniture writes "05 FEB 2019".
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
DATE_SPAN = (
    rf"(?:\d{{1,2}}{_ORD}\s+{_MON},?\s*\d{{4}}|{_MON}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    # "TO BE ANSWERED ON 07.12.2023": a parliamentary answer writes the day first, as dateparser is told (DMY)
    rf"|(?<![\d.])\d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}(?![\d.]))"
)
_YEARLESS = rf"(?:\d{{1,2}}{_ORD}\s+{_MON}|{_MON}\s+\d{{1,2}}{_ORD})"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_TIME = (r"(?:[\s,|/-]*\d{1,2}[:.]\d{2}(?:\s*[AP]\.?M\.?)?(?:\s*(?:IST|GMT|UTC|ET|EST|BST|CET|[A-Z]{3})"
         r"(?:[+-]\d{1,2}(?::?\d{2})?)?)?)")  # "7:48 PM GMT+5:30"
# "Posted On: 05 FEB 2019 4:13PM by PIB Delhi", "Published\n 29th Oct, 2018", "Last updated: June 3, 2014"
LABELLED_DATE = re.compile(
    # the label may follow a byline on the same line: "Posted by Editorial Team | Updated: 05 January 2024"
    rf"^[ \t]*(?:[^\n|]{{0,60}}\|[ \t]*){{0,3}}(?:[•*-][ \t]*)?(?P<label>Posted(?:\s+On)?|Published(?:\s+On)?|Released(?:\s+On)?|Issued(?:\s+On)?|"
    rf"Dated|Date|Last\s+Updated(?:\s+On)?|Updated(?:\s+On)?|Last\s+Reviewed(?:\s+On)?|First\s+Published(?:\s+On)?|"
    # a parliamentary answer: "TO BE ANSWERED ON THE 10TH DECEMBER, 2024"
    rf"(?:To\s+be\s+)?Answered\s+On(?:\s+the)?)\b[ \t]*[:\-–]?[ \t]*"
    rf"(?:\n[ \t]*)?{_WEEKDAY}?(?P<date>{DATE_SPAN})",
    re.I | re.M,
)
# A line that is only a date (with weekday and time around it): "Tuesday, 3 June 2014 | 10:12 AM IST"
DATE_LINE = re.compile(
    rf"^[ \t]*{_WEEKDAY}?(?P<date>{DATE_SPAN}){_TIME}?(?:[ \t]*[|/]?[ \t]*(?:last[ \t]+)?updated\b[^\n]*)?[ \t|]*$",
    re.I | re.M,
)
# A dateline opening a paragraph: "Mumbai, 12 January 2011 –", "LONDON, June 3 (Reuters) -",
# "NEW DELHI (PTI):". The place is one to four capitalised words; the dash or colon ends it.
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z.'’]+(?:[ -][A-Z][A-Za-z.'’]+){{0,3}})"
    rf"(?:,\s*(?P<date>{DATE_SPAN}|{_YEARLESS}))?"
    rf"(?:\s*\((?P<agency>[A-Z][A-Za-z]{{1,12}})\))?"
    rf"\s*(?:[-–—]+|:)\s+(?=[A-Z“\"‘'])"
)


# The label in front of a practice question: "Mains practice:", "Model question 2 -", "Q2.".
# Bare "Q." / "Q:" are left alone: they are as often a FAQ or a press briefing.
PROMPT_LABEL = re.compile(
    r"^(?:(?:(?:upsc|gs|gs-?[1-4iv]+)\s+)?(?:practice|mains|model|sample|essay)(?:\s+(?:practice|answer[- ]writing|exam))?"
    r"(?:\s+(?:question|questions|q))?\s*(?:no\.?\s*)?\d*\s*(?::-?|\.(?=\s)|\)|\s[-–—])\s*"
    r"|q\s*(?:no\.?\s*)?\d+\s*[.:)]\s*)",
    re.I,
)


# Question-and-answer labels of a FAQ or a press briefing ("Q:", "Q.", "A:", "Ans.").
QA_LABEL = re.compile(r"^(?:(?P<q>Q|Ques|Question)|(?P<a>A|Ans|Answer))\s*\d*\s*(?:[.:)]|\s-)\s+(?=\S)")


def dateline_end(text: str) -> int:
    """Length of a dateline at the start of ``text`` (0 when there is none).

    A dateline needs a date or an agency in brackets: "India, China sign pact -"
    is not one, "LONDON (Reuters) -" is.
    """
    m = DATELINE.match(text)
    if m and m["agency"] and not m["date"] and "".join(w[0] for w in re.split(r"[ -]", m["place"]) if w).upper() \
            == m["agency"].upper():
        return 0  # "SHANGHAI COOPERATION ORGANISATION (SCO): ORIGIN …": a name and its abbreviation, not an agency
    if m and (m["date"] or m["agency"]):
        return m.end()
    return 0


@dataclass(frozen=True)
class Line:
    """One line of the original, trimmed: ``text == original[start:end]``."""

    start: int
    end: int
    text: str
    run: int  # index of the blank-line-separated run it belongs to


@dataclass(frozen=True)
class CleanText:
    """The kept text plus the way back: ``offsets[i]`` is the original index of char ``i``."""

    text: str
    offsets: tuple[int, ...]
    blocks: tuple[Block, ...]
    dropped: tuple[tuple[int, int, str], ...]  # (start, end, reason), for debugging rules

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text back to the original."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else (self.offsets[-1] + 1 if self.offsets else 0)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    run = 0
    pos = 0
    previous_blank = True
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        left = len(body) - len(body.lstrip(_WS + " "))
        stripped = body.strip(_WS + " ")
        if not stripped:
            if not previous_blank:
                run += 1
            previous_blank = True
        else:
            start = pos + left
            lines.append(Line(start, start + len(stripped), stripped, run))
            previous_blank = False
        pos += len(raw)
    return lines


def _words(line: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’&.-]*", line)


def fold(s: str) -> str:
    """Compare titles across curly/straight quotes, case and spacing."""
    s = unicodedata.normalize("NFKC", s)
    quotes: dict[str, str | int | None] = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
    s = s.translate(str.maketrans(quotes))
    return re.sub(r"\s+", " ", s).strip(" |").casefold()


def is_caption(line: str) -> bool:
    """Photo captions and alt text: credits at the end, picture vocabulary, lower-case alt text."""
    body = line.strip(_WS)
    if _CREDIT.search(body) and len(_words(body)) <= 40:
        return True
    if _ALT_TEXT.match(body):
        return True
    return bool(_CAPTION_WORDS.search(body)) and not _TERMINAL.search(body) and len(_words(body)) <= _SHORT_WORDS


def _repeated_phrase(line: str) -> bool:
    """Link bars: the same three-word phrase three or more times in one line."""
    words = [w.casefold() for w in _words(line)]
    if len(words) < 9:
        return False
    grams = Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))
    return max(grams.values()) >= 3


def is_line_boilerplate(line: str) -> str | None:
    """Context-free furniture rules; returns the reason, or None to keep the line."""
    body = BULLET_GLYPH.sub("", line.strip(_WS)).strip(_WS + "|")
    n = len(_words(body))
    if not body or n == 0:
        return "empty"
    if _COPYRIGHT.search(body) and n <= 30:
        return "copyright"
    if _HOSTING.search(body) and n <= 30:
        return "hosting"
    if _SYNDICATION.search(body):
        return "syndication"
    if _PROMO.search(body) and n <= 30:
        return "promo"
    if _COUNTER.match(body):
        return "counter"
    if _BREADCRUMB.search(line.strip(_WS)):
        return "breadcrumb"
    if (r := structural_furniture(body)) is not None:
        return r
    if _repeated_phrase(body) and not _TERMINAL.search(body) and body.count(",") < 2:
        return "link-bar"
    return None


def is_menu(body: str) -> bool:
    """A bar of link labels: three or more short pieces split by | · • (two for ·), no sentence."""
    pieces = [p for p in _MENU_SPLIT.split(body.strip(_WS + "|")) if p.strip()]
    if len(pieces) < 2 or (len(pieces) < 3 and "·" not in body and "•" not in body):
        return False
    if _TERMINAL.search(body) and not all(len(_words(p)) <= 2 for p in pieces):
        return False
    return all(len(_words(p)) <= 4 and not _TERMINAL.search(p) for p in pieces)


_READING_TIME = re.compile(r"\d+\s*(?:-|to)?\s*\d*\s*min(?:ute)?s?\.?(?:\s+read)?", re.I)
_META_PIECE = re.compile(rf"(?:(?:last\s+)?updated|{_WEEKDAY}?{DATE_SPAN}{_TIME}?)", re.I)


def is_meta_line(body: str) -> bool:
    """A story's meta bar: reading time, date and "Updated" split by | or · ("6 minute read | November 13,
    2021 11:48 PM GMT | Updated"). Each piece is furniture of its own, so the bar is no headline (session
    28's holdout took "6 minute read" for the title), and the date in it dates the page."""
    pieces = [p.strip(_WS) for p in _MENU_SPLIT.split(body) if p.strip(_WS)]
    return len(pieces) >= 2 and any(_META_PIECE.fullmatch(p) and re.search(r"\d", p) for p in pieces) and all(
        _READING_TIME.fullmatch(p) or _META_PIECE.fullmatch(p) for p in pieces)


_BUTTON = re.compile(r"\[[^\[\]\n]{1,30}\]")


def structural_furniture(body: str) -> str | None:
    """Menus, widgets, share bars, counters, ids, bylines, tags: the shapes of page furniture."""
    n = len(_words(body))
    tokens = body.split()
    if _RULE_LINE.match(body):
        return "rule"
    if tokens and sum(bool(_WIDGET_TOKEN.match(t)) for t in tokens) >= max(2, len(tokens) - 1):
        return "widget"
    if _WIDGET_WORDS.search(body) and n <= 12 and not _TERMINAL.search(body):
        return "widget"
    if n <= 14 and len(_SOCIAL.findall(body)) >= 2 and len(_SOCIAL.findall(body)) * 2 >= n - 2:
        return "share-bar"
    if len(_BUTTON.findall(body)) >= 3 and not _BUTTON.sub("", body).strip(_WS + "|:").split()[4:]:
        return "button-bar"  # "[Share on Facebook] [Share on X] [WhatsApp] [Copy link] [Save]   Font: A- A+"
    if _READING_TIME.fullmatch(body):
        return "reading-time"
    if is_meta_line(body):
        return "meta-line"
    if _VIEWS.match(body) or _COMMENTS.match(body):
        return "counter"
    if _RELEASE_ID.search(body) and n <= 16:
        return "release-id"
    if _DESK_CODE.match(body) and n <= 16:
        return "desk-code"
    if (_BYLINE.match(body) or _CREDIT_TAIL.search(body)) and n <= 25:
        return "byline"
    if _TAGS.match(body) and n <= 40:
        return "tags"
    if is_menu(body):
        return "menu"
    return None


# A practice question ends in its limits, "... in India. (250 words, 15 marks)": that is a sentence.
_LIMITS_END = re.compile(r"[(\[]\s*\d+\s*(?:words?|marks?)\b[^)\]]*[)\]]$", re.I)


def _title_like(text: str) -> bool:
    """Short and without sentence punctuation: a heading, a menu item, a headline, a caption."""
    body = BULLET_GLYPH.sub("", text).strip(_WS + "|")
    return not _TERMINAL.search(body) and not _LIMITS_END.search(body) and len(_words(body)) <= _SHORT_WORDS


def _table_cells(text: str) -> list[str] | None:
    body = text.strip(_WS)
    if "\t" in body:
        cells = re.split(r"\t+", body)
    elif "|" in body:
        cells = [c for c in re.split(r"\s*\|\s*", body.strip("|"))]
    elif re.search(r"\S {2,}\S", body):
        cells = re.split(r" {2,}", body)
    else:
        return None
    cells = [c.strip(_WS) for c in cells]
    if len(cells) < 2 or any(len(c) > 80 for c in cells):
        return None
    return cells


def _is_rule(text: str) -> bool:
    # "|---|---|", and the "------+------" of a plain-text table
    return bool(re.fullmatch(r"[|+]?\s*:?-{3,}:?\s*([|+]\s*:?-{3,}:?\s*)*[|+]?", text.strip()))


def _menu_rows(texts: list[str]) -> bool:
    """Consecutive menu bars line up like a table; without a single digit, and only two
    rows or five-plus labels a row, they are navigation."""
    if any(re.search(r"\d", t) for t in texts):
        return False
    if any("·" in t for t in texts):
        return True
    widths = [len(_table_cells(t) or []) for t in texts]
    return len(texts) == 2 or min(widths) >= 5


def table_lines(lines: list[Line]) -> set[int]:
    """Indexes of lines that form tables: 2+ consecutive lines with the same number of cells."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        cells = _table_cells(lines[i].text)
        if cells is None:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].run == lines[i].run:
            if _is_rule(lines[j].text):
                j += 1
                continue
            other = _table_cells(lines[j].text)
            if other is None or len(other) != len(cells):
                break
            j += 1
        rows = [k for k in range(i, j) if not _is_rule(lines[k].text)]
        # "Updated: … | By …" over "Share: WhatsApp … | Text size: A A+": a meta line and a widget bar have their
        # cells too, and are no table (round 21's wire report gave two table rows of them)
        furniture = sum(is_line_boilerplate(lines[k].text) not in (None, "menu")  # a row of short cells reads as a menu
                        or bool(LABELLED_DATE.match(lines[k].text)) for k in rows)
        if len(rows) >= 2 and not _menu_rows([lines[k].text for k in rows]) and 2 * furniture < len(rows):
            found.update(range(i, j))
            i = j
        else:
            i += 1
    return found


# A page's own objective question: its stem, then options "(a) … (d)" within a few lines. Its statements are set to
# be judged, and some are false on purpose ("3. The Eleventh Schedule contains 18 subjects."): none is a fact of the
# page (session 32's holdout made one a statement keyed true). The answer and explanation below it stay.
_MCQ_STEM = re.compile(r"^(?:(?:[A-Za-z]+\s+){0,3}(?:Question|MCQ|Quiz|PYQ)\s*\d{0,3}\s*(?:\([^)]{1,30}\)\s*)?[.:)-]\s*)?"
                       r"(?:(?:Q|Ques|Question)\s*[.:]?\s*\d{0,3}\s*[.:)-]?\s*|\d{1,3}[.)]\s*)?(?:Consider the following|"
                       r"Which (?:one )?of the following|With reference to|Which of the statements|How many of the)", re.I)
# "Myth: The Eleventh Schedule has 18 subjects.": a myth-buster's claim is false by design, like a quiz's statement
_MYTH = re.compile(r"^(?:[•*-]\s*)?(?:Myth|Misconception|Common misconception|False claim|Fake claim|Claim)\s*\d*\s*[:\-–]\s",
                   re.I)
_MCQ_OPTION = re.compile(r"^\(?[aA]\)\s+\S|^\(?[aA]\.\s+\S")
_MCQ_REACH = 14


def practice_mcq_lines(lines: list[Line]) -> set[int]:
    """Lines of the page's own objective questions, from the stem through the last option line."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if i in out or not _MCQ_STEM.match(line.text):
            continue
        first = next((j for j in range(i + 1, min(len(lines), i + _MCQ_REACH)) if _MCQ_OPTION.match(lines[j].text)), None)
        if first is None:
            continue
        last = first
        while last + 1 < len(lines) and re.match(r"^\(?[b-eB-E][).]\s", lines[last + 1].text):
            last += 1
        out.update(range(i, last + 1))
    return out


def classify(lines: list[Line], title: str | None = None) -> list[str | None]:
    """For each line, the reason it is dropped, or None when it is kept."""
    reasons: list[str | None] = [None] * len(lines)
    tables = table_lines(lines)
    mcq = practice_mcq_lines(lines)
    folded_title = fold(title) if title else None
    title_seen = False
    texts = {fold(ln.text) for ln in lines}
    seen_short: set[str] = set()
    in_related = False
    in_list = False
    in_comments = False
    previous_kept: Line | None = None
    for i, line in enumerate(lines):
        text = line.text
        body = BULLET_GLYPH.sub("", text).strip(_WS + "|")
        folded = fold(body)
        reason: str | None = None
        # (below the middle of the page only: a thread follows its article, and what follows the thread is
        # footer, related links and notices)
        if in_comments or (_COMMENTS_HEAD.match(body) and 2 * i > len(lines) and i not in tables):
            in_comments = True
            reasons[i] = "comments"
            continue
        if i in mcq:
            reasons[i] = "practice-mcq"
            continue
        if _MYTH.match(body):
            reasons[i] = "myth"
            continue
        if i in tables:
            in_related = False
            reasons[i] = None
            previous_kept = line
            continue
        if in_related:
            # Related-article lists are headlines: no sentence punctuation, any length.
            if not _TERMINAL.search(body) or is_line_boilerplate(text):
                reasons[i] = "related-list"
                continue
            in_related = False
        is_item = bool(BULLET_GLYPH.match(text) or ENUMERATOR.match(text))
        if not is_item:
            in_list = False
        continuation = (
            (is_item and in_list)
            or previous_kept is not None
            and previous_kept.run == line.run
            and lines[i - 1] is previous_kept
            and (_INTRO_END.search(previous_kept.text) or reasons[i - 1] is None and _is_list_line(lines, i - 1, reasons))
        )
        if folded_title and folded == folded_title and not title_seen:
            title_seen = True
        elif body.startswith("#"):
            pass
        elif _RELATED.match(body) and _title_like(body):
            reason, in_related = "related-heading", True
        elif _RELATED.match(body) and re.match(r"^[^:]{2,40}:\s*(?:1[.)]|[-•▸>])\s", body):
            # "Most Read: 1. Aditya-L1 completes … 2. Monsoon deficit in August 3. G20 Summit …": the headlines run on
            # one line, and "August 3." was read as a date (round 21's s29 rebuild)
            reason = "related-list"
        elif (r := is_line_boilerplate(text)) is not None:
            reason = r
        elif " | " in text and fold(text.split(" | ")[0]) in texts - {fold(text)}:
            reason = "title-duplicate"
        elif is_caption(body) and not continuation:
            reason = "caption"
        elif _title_like(body) and not continuation:
            if _HEADING_END.search(body) or (_INTRO_END.search(body) and BULLET_GLYPH.match(text)):
                if folded in seen_short:
                    reason = "duplicate-heading"
            else:
                reason = "title-duplicate" if folded_title and folded == folded_title else "short-line"
        if reason is None and _title_like(body) and not continuation:
            seen_short.add(folded)
        reasons[i] = reason
        if reason is None:
            previous_kept = line
            if _INTRO_END.search(body) and not is_item:
                in_list = True  # bullets after "The members are:" are the list, however short
    return reasons


def _is_list_line(lines: list[Line], i: int, reasons: list[str | None]) -> bool:
    """A kept line that itself continued an intro (grid rows chain on each other)."""
    j = i
    while j > 0 and lines[j - 1].run == lines[j].run and reasons[j - 1] is None:
        if _INTRO_END.search(lines[j - 1].text):
            return True
        if _TERMINAL.search(lines[j - 1].text):
            return False
        j -= 1
    return False


def _block_kind(line: Line, is_title: bool, in_table: bool) -> BlockKind:
    if in_table:
        return "table_row"
    if BULLET_GLYPH.match(line.text) or ENUMERATOR.match(line.text):
        return "bullet"
    body = line.text.lstrip("#").strip()
    if is_title or line.text.startswith("#"):
        return "heading"
    if (label := PROMPT_LABEL.match(body)) and len(body) > label.end():
        return "paragraph"  # "Q2. Why ...?" is a question to answer, not a heading
    if _HEADING_END.search(body) and len(_words(body)) <= _HEADING_WORDS:
        return "heading"
    return "paragraph"


def build_blocks(text: str, lines: list[Line], reasons: list[str | None], title: str | None) -> list[Block]:
    """Group kept lines into blocks; a bullet swallows the unpunctuated lines under it (grids)."""
    tables = table_lines(lines)
    folded_title = fold(title) if title else None
    blocks: list[tuple[BlockKind, int, int]] = []
    prev: int | None = None  # index of the previous kept line
    seen_question = False  # an "A." label is an answer only after a "Q." one
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            prev = None
            continue
        if i in tables and _is_rule(line.text):
            prev = None
            continue
        is_title = bool(folded_title) and fold(BULLET_GLYPH.sub("", line.text)) == folded_title
        kind = _block_kind(line, is_title, i in tables)
        start = line.start + len(line.text) - len(BULLET_GLYPH.sub("", line.text))
        if line.text.startswith("#") and i not in tables:
            start = line.start + len(line.text) - len(line.text.lstrip("#").lstrip())
        if kind == "paragraph" and (cut := dateline_end(text[start : line.end])):
            # "Mumbai, 12 January 2011 – The agreement ...": the dateline dates the
            # page (sources.find_document_date); the block is the story after it.
            start += cut
        qa = QA_LABEL.match(text[start : line.end])
        if qa and qa["q"]:
            seen_question = True
        if qa and kind in ("paragraph", "bullet", "heading") and seen_question:
            # "A: On October 22, ..." reads as a sentence without its label; the label is
            # read back from the line (extract.prompts tells a FAQ from a practice question).
            start += qa.end()
        elif kind in ("paragraph", "bullet") and (label := PROMPT_LABEL.match(text[start : line.end])):
            # The label says what the block is (extract.prompts reads it back from the line);
            # it is not part of the question a candidate reads, nor a name to learn.
            if label.end() < line.end - start:
                start += label.end()
        end = line.end
        while end > start and text[end - 1] in _WS + "|":
            end -= 1
        extend = (
            prev is not None
            and kind == "paragraph"
            and blocks
            and blocks[-1][0] in ("paragraph", "bullet")
            and lines[prev].run == line.run
            and not _TERMINAL.search(lines[prev].text)
            and not (_INTRO_END.search(lines[prev].text) and _TERMINAL.search(line.text))
        )
        if extend:
            k, s, _ = blocks[-1]
            blocks[-1] = (k, s, end)
        else:
            blocks.append((kind, start, end))
        prev = i
    return [Block(kind=k, start=s, end=e, text=text[s:e]) for k, s, e in blocks if e > s]


def clean(text: str, title: str | None = None) -> CleanText:
    """Kept blocks plus the cleaned text and its map back to original offsets."""
    lines = split_lines(text)
    reasons = classify(lines, title)
    blocks = build_blocks(text, lines, reasons, title)
    parts: list[str] = []
    offsets: list[int] = []
    for n, block in enumerate(blocks):
        if n:
            parts.append("\n\n")
            offsets.extend([block.start, block.start])
        parts.append(block.text)
        offsets.extend(range(block.start, block.end))
    dropped = tuple((ln.start, ln.end, r) for ln, r in zip(lines, reasons, strict=False) if r is not None)
    return CleanText(text="".join(parts), offsets=tuple(offsets), blocks=tuple(blocks), dropped=dropped)
