"""Undo hard wrapping: a PDF's layout lines, a plain-text report or a notes page wrapped at ~80 columns.

The pipeline reads a line that does not end a sentence as a heading or a menu item, so a wrapped
paragraph lost every line but its last ("and the Twelfth Schedule (18 subjects)." became a statement;
session 32's holdout). A page is taken as wrapped only when its lines stop at one width, most of them
well short of a paragraph's length, and many break mid-sentence; a page pasted from a browser keeps each
paragraph on one long line and is returned unchanged. Within a wrapped page a line joins the next when it
runs to the width (or the next is indented under it, a timeline's hanging entry) and the next line starts
no item of its own: no bullet, enumerator, question label, year entry, table row or capitals heading.
"""
from __future__ import annotations

import re

_ITEM_START = re.compile(
    r"^(?:[•●▪◦·‣∙*–-]\s|\(?[a-zA-Z]\)\s|\(?\d{1,3}[.)]\s|\(?[ivxlc]{1,5}[.)]\s|Q\s*\d*[.:)]\s|Ans(?:wer)?\s*[.:)]|"
    r"\d{4}\s*[-–—:]\s|(?:Box|Table|Figure|Chart|Note|Source)s?\b)"
)
_TABLE_ROW = re.compile(r"\S\s{3,}\S|\||\t|^[-=_*~.\s]{3,}$")  # columns, cells, or a rule line
_ENDS_CLAUSE = re.compile(r"[.!?:]['\"’”)\]]*$")
_WEAK_END = re.compile(r"(?:[,;-]|\b(?:the|a|an|of|and|or|to|in|for|with|on|by|as|at|from|its|their|that|which|is|are|"
                       r"was|were|be|has|have|had|under|between|into|than|per|not)\b)$", re.I)
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
# "self-\ngovernment" keeps its hyphen: a prefix that is written with one
_HYPHEN_PREFIX = frozenset("self non cross well long short full half all ex vice co anti pre post multi inter intra "
                           "semi quasi sub super ultra one two three four five six seven eight nine ten twelve "
                           "twenty thirty fifty hundred first second third".split())
_MIN_LINES = 12


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_heading(body: str) -> bool:
    letters = [c for c in body if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped page stops at, or None when the page is not wrapped."""
    bodies = [ln.rstrip() for ln in lines]
    lengths = sorted(len(b) for b in bodies if b.strip())
    if len(lengths) < _MIN_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 50 <= width <= 110 or sum(n > width + 8 for n in lengths) > 0.05 * len(lengths):
        return None
    broken = 0
    for here, after in zip(bodies, bodies[1:], strict=False):
        if len(here) >= width - 20 and after.strip() and not _ENDS_CLAUSE.search(here) and not _TABLE_ROW.search(here) \
                and (after.lstrip()[:1].islower() or _WEAK_END.search(here)):
            broken += 1
    return width if broken >= 6 and broken >= 0.15 * len(lengths) else None


def _joins(here: str, after: str, width: int) -> bool:
    body, nxt = here.strip(), after.strip()
    if not body or not nxt or _ENDS_CLAUSE.search(body) or _TABLE_ROW.search(here.strip()) or _TABLE_ROW.search(nxt):
        return False
    if _ITEM_START.match(nxt) or _is_heading(nxt) or _is_heading(body):
        return False
    return len(here.rstrip()) >= width - 25 or _indent(after) > _indent(here) or bool(_WEAK_END.search(body))


def reflow(text: str) -> str:
    """The text with a hard-wrapped page's paragraphs on one line each; any other text unchanged."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    for line in lines:
        if out and _joins(out[-1], line, width):
            prev = out[-1].rstrip()
            nxt = line.strip()
            hyphen = _HYPHEN_END.search(prev)
            if hyphen and nxt[:1].islower():
                rest = re.match(r"[a-z]+(-?)", nxt)
                keep = hyphen.group(1).casefold() in _HYPHEN_PREFIX or bool(rest and rest.group(1))
                out[-1] = prev + nxt if keep else prev[:-1] + nxt  # "infla-" + "tion"; "Search-" + "cum-Selection"
            else:
                out[-1] = prev + " " + nxt
        else:
            out.append(line)
    return _drop_print_marks("\n".join(out))


# A printed report's marks that are no words: a paragraph's number ("3.9 India's monetary policy …" made a count of
# 3.9), a footnote's number in its note ("1 Chapter IIIF …" under the rule) and its marker glued to the text
# ("targeting (FIT).1 Under", "31 March 2026.2", "to the Government,3 and"). Only on a wrapped page: a pasted web
# page has none of these shapes, and its text stays as it was.
_PARAGRAPH_NUMBER = re.compile(r"^(?:\d{1,2}\.){1,2}\d{1,2}[ \t]+(?=[A-Z“\"‘(])", re.M)
_MARKER = re.compile(r"(?:(?<=[A-Za-z)\]”\"'’][.,;:])|(?<=\b(?:1[5-9]|20)\d\d\.))\d{1,2}(?=\s|$)")
_NOTES = re.compile(r"(?m)^[-=_]{10,}[ \t]*\n((?:[ \t]*\S[^\n]*\n?)+)")


def _drop_print_marks(text: str) -> str:
    text = _PARAGRAPH_NUMBER.sub("", text)
    text = _NOTES.sub(lambda m: m.group(0).replace(m.group(1), re.sub(r"(?m)^\d{1,2}[ \t]+(?=[A-Z])", "", m.group(1))),
                      text)
    return _MARKER.sub("", text)
