"""Rules shared by the formats: HTML to safe text, weighted answers, matching.

Keeping these in one place means GIFT and Moodle XML decide a key the same
way, which is where a wrong key would otherwise creep in.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import mimetypes
import re
from dataclasses import dataclass
from urllib.parse import unquote

import nh3

from quizapp.formats.model import MAX_OPTIONS, MIN_OPTIONS

BLANK = "_____"

_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.I)
_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|blockquote|pre)\s*>", re.I)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_PLUGINFILE = "@@PLUGINFILE@@/"


def image_refs(markup: str) -> list[str]:
    """File names of the images a piece of HTML shows (Moodle and Anki style)."""
    names = []
    for m in _IMG.finditer(markup):
        src = html.unescape(next(g for g in m.groups() if g is not None))
        if src.startswith(_PLUGINFILE):
            src = src[len(_PLUGINFILE):]
        names.append(unquote(src))
    return names


def sound_refs(text: str) -> list[str]:
    return [m.group(1).strip() for m in _SOUND.finditer(text)]


def html_to_text(markup: str) -> str:
    """Untrusted HTML to plain text: nh3 drops every tag (and script/style
    content); images become ``[image: name]`` so a stem that points at a
    picture still says so."""
    if "<" not in markup and "&" not in markup and "[sound:" not in markup:
        return tidy(markup)
    s = _IMG.sub(lambda m: f" [image: {image_refs(m.group(0))[0]}] ", markup)
    s = _SOUND.sub(lambda m: f" [sound: {m.group(1).strip()}] ", s)
    s = _BREAK.sub("\n", s)
    s = nh3.clean(s, tags=set())
    return tidy(html.unescape(s).replace("\xa0", " "))


def tidy(text: str) -> str:
    if "\n" not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def safe_media_name(name: str) -> str | None:
    """The name if it is a plain file name (no folders, no '..'), else None."""
    name = name.strip()
    if not name or name in (".", "..") or re.search(r"[/\\\x00]", name) or re.match(r"[A-Za-z]:", name):
        return None
    return name


def guess_mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Choice:
    text: str
    weight: float  # percent, as Moodle's fraction * 100
    feedback: str = ""


@dataclass(frozen=True)
class McqDecision:
    key: int | None  # index of the one full-credit choice
    reason: str | None  # why it is no single-answer mcq


def feedbacks(choices: list[Choice]) -> tuple[str, ...]:
    """Per-option feedback, or () when no option has any."""
    return tuple(c.feedback for c in choices) if any(c.feedback for c in choices) else ()


def decide_mcq(choices: list[Choice]) -> McqDecision:
    """A single-answer mcq needs exactly one 100% choice and no other
    positive weight; anything else (partial credit, several right answers,
    no right answer) is not something quizapp can mark."""
    positive = [i for i, c in enumerate(choices) if c.weight > 0]
    full = [i for i in positive if abs(choices[i].weight - 100) < 1e-6]
    if len(positive) > 1 and len(full) == len(positive):
        return McqDecision(None, "multiple choice with several fully correct answers is not supported")
    if len(positive) > 1:
        return McqDecision(None, "multiple-response questions with partial credit are not supported")
    if not full:
        return McqDecision(None, "multiple choice with no fully correct answer is not supported")
    if not MIN_OPTIONS <= len(choices) <= MAX_OPTIONS:
        return McqDecision(None, f"multiple choice with {len(choices)} options (quizapp takes 2-6)")
    texts = [c.text.casefold() for c in choices]
    if len(set(texts)) != len(texts):
        return McqDecision(None, "multiple choice with two identical options")
    if any(not c.text for c in choices):
        return McqDecision(None, "multiple choice with an empty option")
    return McqDecision(full[0], None)


MATCH_UNSUPPORTED = "matching questions are not supported"
_LETTERS = "ABCDEF"


@dataclass(frozen=True)
class MatchMcq:
    stem: str
    options: tuple[str, ...]
    answer: int


def match_to_mcq(stem: str, pairs: list[tuple[str, str]], extra: list[str]) -> MatchMcq | str:
    """A matching question as the UPSC "Match List I with List II" item.

    Faithful only when every List I entry has a different List II entry:
    then exactly one code is right and every other code pairs at least one
    entry wrongly, so no distractor can be a second key. Returns the item or
    the reason it cannot be converted.
    """
    if not 2 <= len(pairs) <= 4:
        return f"{MATCH_UNSUPPORTED} ({len(pairs)} pairs; converted only with 2-4)"
    lefts = [p[0] for p in pairs]
    rights = [p[1] for p in pairs]
    if any(not x for x in lefts + rights + extra):
        return f"{MATCH_UNSUPPORTED} (an empty entry)"
    if len({x.casefold() for x in lefts}) != len(lefts):
        return f"{MATCH_UNSUPPORTED} (two List I entries are the same)"
    list2 = sorted({*rights, *extra}, key=str.casefold)
    if len({x.casefold() for x in list2}) != len(list2) or len(set(rights)) != len(rights):
        return f"{MATCH_UNSUPPORTED} (two List I entries share an answer)"
    number = {r: i + 1 for i, r in enumerate(list2)}
    key = tuple(number[r] for r in rights)
    codes = [key]
    for perm in itertools.permutations(range(1, len(list2) + 1), len(pairs)):
        if len(codes) == 4:
            break
        if perm != key:
            codes.append(perm)
    def code_text(code: tuple[int, ...]) -> str:
        return ", ".join(f"{_LETTERS[i]}-{n}" for i, n in enumerate(code))

    # a fixed order that does not put the key first whenever List II happens
    # to be alphabetical
    options = sorted((code_text(c) for c in codes), key=lambda o: hashlib.sha1(f"{stem}|{o}".encode()).hexdigest())
    list1_text = "\n".join(f"{_LETTERS[i]}. {x}" for i, x in enumerate(lefts))
    list2_text = "\n".join(f"{i + 1}. {x}" for i, x in enumerate(list2))
    full_stem = (
        f"{stem}\nMatch List I with List II:\nList I\n{list1_text}\nList II\n{list2_text}\n"
        "Select the correct answer using the codes given below."
    ).strip()
    return MatchMcq(full_stem, tuple(options), options.index(code_text(key)))


def split_topic(path: str) -> str:
    """Moodle category paths ("$course$/top/GS2/Polity") to a topic path."""
    parts = [p.strip() for p in re.split(r"(?<!/)/(?!/)", path) if p.strip()]
    parts = [p.replace("//", "/") for p in parts]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    if len(parts) > 1 and parts[0].startswith("Default for "):
        parts = parts[1:]  # the course's container category Moodle names itself
    return "/".join(parts)


_ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::([^{}]*?))?\}\}", re.S)


@dataclass(frozen=True)
class ClozeGap:
    number: int
    stem: str
    answer: str
    hint: str


def split_cloze(markup: str, is_html: bool = True) -> list[ClozeGap | str]:
    """Anki cloze text into one gap per ``cN``; a str entry is why that cN
    cannot be one quizapp cloze (several blanks, nested deletions).

    Every other deletion is shown filled in, as Anki shows it on that card.
    """
    found: list[tuple[int, str, str]] = []

    def mark(m: re.Match) -> str:
        found.append((int(m.group(1)), m.group(2), m.group(3) or ""))
        return f"\ue200{len(found) - 1}\ue201"

    marked = _ANKI_CLOZE.sub(mark, markup)
    convert = html_to_text if is_html else tidy
    text = convert(marked)
    answers = [convert(a) for _, a, _ in found]
    out: list[ClozeGap | str] = []
    for number in sorted({n for n, _, _ in found}):
        places = [i for i, (n, _, _) in enumerate(found) if n == number]
        if len(places) > 1:
            out.append(f"c{number} blanks {len(places)} places; a quizapp cloze has one blank")
            continue
        i = places[0]
        if "{{c" in found[i][1]:
            out.append(f"c{number} holds a nested cloze deletion")
            continue
        if not answers[i]:
            out.append(f"c{number} is empty")
            continue
        stem = text
        for j in range(len(found)):
            stem = stem.replace(f"\ue200{j}\ue201", BLANK if j == i else answers[j])
        out.append(ClozeGap(number, tidy(stem), answers[i], convert(found[i][2])))
    return out
