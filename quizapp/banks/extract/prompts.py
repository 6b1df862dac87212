"""Practice and essay questions, with the blocks that answer them.

An essay item needs key points taken from the same document, so the prompt
fact carries ``extra["support_blocks"]``: every content block of the document
ranked by how much of the prompt's vocabulary it shares, weighted so that
words found everywhere ("India", "China" in a piece about both) count less.
The ranking is lexical and general; generation decides how many to use.
"""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz

from quizapp.banks.clean import PROMPT_LABEL
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Block, Document, Fact

DIRECTIVES = [
    "Critically analyse", "Critically analyze", "Critically examine", "Critically evaluate", "Critically discuss",
    "Do you agree", "Comment", "Discuss", "Examine", "Analyse", "Analyze", "Evaluate", "Elucidate", "Explain",
    "Justify", "Illustrate", "Enumerate", "Describe", "Highlight", "Substantiate", "Bring out", "Account for",
    "Assess", "Compare", "Distinguish", "Identify", "Outline", "Suggest", "What", "How", "Why", "To what extent",
]
_DIRECTIVE = re.compile(r"(?:^|(?<=[.?!]\s))(" + "|".join(map(re.escape, DIRECTIVES)) + r")\b")
_STRONG = re.compile(r"(?:^|(?<=[.?!]\s))(" + "|".join(map(re.escape, DIRECTIVES[:-4])) + r")\b")
_PROMPT_HEADING = re.compile(
    r"^(?:(?:upsc|gs|gs-?[1-4iv]+)\s+)?(?:(?:practice|mains|model|sample|essay|exam|review|discussion|self[- ]assessment)\s+)"
    r"(?:(?:practice|answer[- ]writing|exam)\s+)?(?:question|questions|q)\s*(?:\d+)?\s*[:.-]*\s*$"
    r"|^(?:essay|exercise|mains practice|mains answer[- ]writing|answer[- ]writing practice)\s*[:.-]*\s*$",
    re.I,
)
_INLINE_PROMPT = re.compile(PROMPT_LABEL.pattern + r"|^q\s*(?:no\.?\s*)?\s*[.:)]\s*", re.I)
_QUESTION_LABEL = re.compile(r"^q\s*(?:no\.?\s*)?\d*\s*[.:)]", re.I)
_ANSWER_LABEL = re.compile(r"^(?:a|ans|answer)\s*\d*\s*[.:)-]", re.I)
_WORD_LIMIT = re.compile(r"\((?:\d+\s*words?|\d+\s*marks?)[^)]*\)", re.I)
# Stated limits, in either order, bracketed or not: "(250 words, 15 marks)", "(15 marks, 250 words)",
# "[10 Marks]", "in 150 words", "in about 250 words", "(Answer in 200 words)".
LIMITS = re.compile(
    r"\s*[(\[]\s*(?:answer\s+in\s+(?:about\s+|not more than\s+)?)?\d+\s*(?:words?|marks?)"
    r"(?:\s*[,;/&]\s*(?:and\s+)?\d+\s*(?:words?|marks?))?\s*[)\]]"
    r"|\s*\b(?:in|within)\s+(?:about\s+|around\s+|not more than\s+|less than\s+)?\d+\s*words\b",
    re.I,
)
_WORDS_N = re.compile(r"(\d+)\s*words?\b", re.I)
_MARKS_N = re.compile(r"(\d+)\s*marks?\b", re.I)


def stated_limits(text: str) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """{"words": N, "marks": M} as stated (absent when not), and the spans that state them."""
    found: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for m in LIMITS.finditer(text):
        spans.append((m.start(), m.end()))
        if (w := _WORDS_N.search(m.group())) and "words" not in found:
            found["words"] = int(w.group(1))
        if (k := _MARKS_N.search(m.group())) and "marks" not in found:
            found["marks"] = int(k.group(1))
    return found, spans


def question_text(text: str) -> str:
    """The question a candidate answers: no label in front, no limits."""
    _, spans = stated_limits(text)
    for a, b in reversed(spans):
        text = text[:a] + text[b:]
    m = _INLINE_PROMPT.match(text)
    if m:
        text = text[m.end():]
    text = re.sub(r"\s+([.,;:?!])", r"\1", squash(text))
    text = re.sub(r"[,;:]+([.?!])", r"\1", text)
    return text.strip(" -–:,;")
_STOP = set(
    "the a an and or of to in on for with by is are was were be been this that these those it its their them "
    "between than more much today past do you what which how why need needs should could would can will from "
    "as at into about there have has had not but also any such".split()
)


def _terms(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _STOP]


def _matches(term: str, words: set[str]) -> bool:
    """Morphological variants count ("relations" ~ "relationship") via a high fuzzy ratio on the stem."""
    if term in words:
        return True
    stem = term[:6]
    return any(w.startswith(stem) or (len(w) > 4 and fuzz.ratio(term, w) >= 88) for w in words)


def rank_blocks(doc: Document, prompt: str, exclude: set[int]) -> list[tuple[int, float]]:
    """(block index, score) for content blocks, best first; IDF-weighted term overlap."""
    content = [(i, b) for i, b in enumerate(doc.blocks) if i not in exclude and b.kind in ("paragraph", "bullet")]
    if not content:
        return []
    bags = {i: set(_terms(b.text)) for i, b in content}
    terms = list(dict.fromkeys(_terms(prompt)))
    n = len(content)
    scored = []
    for i, _ in content:
        score = 0.0
        for t in terms:
            df = sum(_matches(t, bag) for bag in bags.values())
            if df and _matches(t, bags[i]):
                score += math.log(1 + n / df)
        scored.append((i, round(score, 3)))
    return sorted((s for s in scored if s[1] > 0), key=lambda s: (-s[1], s[0]))


def _line_prefix(doc: Document, block: Block) -> str:
    """What clean cut off in front of a block on its own line (a label such as "Mains practice:")."""
    line_start = doc.text.rfind("\n", 0, block.start) + 1
    return doc.text[line_start : block.start].strip()


def _previous_line(doc: Document, block: Block) -> str:
    """The last non-blank line of the original text above the block's line."""
    line_start = doc.text.rfind("\n", 0, block.start) + 1
    above = doc.text[:line_start].rstrip().rsplit("\n", 1)
    return above[-1].strip(" \t\u00a0#*•") if above else ""


def _label(doc: Document, block: Block) -> tuple[str, int]:
    """(prompt label, offset of the question in the block): cut off by clean, or still inline."""
    prefix = _line_prefix(doc, block)
    if prefix and _INLINE_PROMPT.fullmatch(prefix + " "):
        return prefix, 0
    if m := _INLINE_PROMPT.match(block.text):
        return m.group().strip(), m.end()
    return "", 0


def _prompt_blocks(doc: Document) -> list[tuple[int, int]]:
    """(block index, offset into block where the prompt starts)."""
    found: list[tuple[int, int]] = []
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading":
            continue
        # The heading above may be a block, or a short line clean dropped ("Mains Practice Question").
        if _PROMPT_HEADING.match(_previous_line(doc, b)):
            found.append((i, 0))
            continue
        nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
        limits = bool(LIMITS.search(b.text))
        label, cut = _label(doc, b)
        if label and _QUESTION_LABEL.match(label):
            # "Q. What is an MLAT?" followed by "A. ..." is a FAQ, not a practice question.
            answered = nxt is not None and (_ANSWER_LABEL.match(nxt.text) or _ANSWER_LABEL.match(_line_prefix(doc, nxt)))
            if not answered and (limits or _STRONG.search(b.text[cut:])):
                found.append((i, cut))
            continue
        if label:
            body = b.text[cut:]
            if body and ("question" in label.lower() or "?" in body or limits or _STRONG.search(body)):
                found.append((i, cut))
            continue
        words = len(b.text.split())
        if b.kind == "bullet" and not limits and "?" not in b.text:
            # "Approach: - Explain the key provisions …": a bullet in the imperative is a step of an answer plan
            # or an instruction, never the question itself (round 21's reader)
            continue
        if words <= 80 and _STRONG.search(b.text) and ("?" in b.text or limits or _STRONG.match(b.text)):
            if not _ANSWER_LABEL.match(b.text) and not b.text.lstrip().startswith(("“", '"')):
                found.append((i, 0))
    return found


def extract_prompts(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for i, offset in _prompt_blocks(doc):
        block: Block = doc.blocks[i]
        start, end = block.start + offset, block.end
        text = doc.text[start:end]
        stated, _ = stated_limits(text)
        question = question_text(text)
        directives = list(dict.fromkeys(m.group(1) for m in _DIRECTIVE.finditer(question)))
        strong = [d for d in directives if _STRONG.match(d)]
        directive = (strong or directives or [None])[0]
        if directive == "Do you agree":
            directive = "Do you agree?"
        exclude = {i} | {j for j, b in enumerate(doc.blocks) if j > i and b.start < end}
        ranked = rank_blocks(doc, text, exclude)
        groups: list[list[int]] = []
        for j, _ in ranked[:5]:
            lo = hi = j
            # a top bullet brings its whole run ("Firstly ... Finally") as one point group
            while doc.blocks[j].kind == "bullet" and lo > 0 and doc.blocks[lo - 1].kind == "bullet" and lo - 1 not in exclude:
                lo -= 1
            while doc.blocks[j].kind == "bullet" and hi + 1 < len(doc.blocks) and doc.blocks[hi + 1].kind == "bullet" and hi + 1 not in exclude:
                hi += 1
            span = [doc.blocks[lo].start, doc.blocks[hi].end]
            if span not in groups:
                groups.append(span)
        extra = {
            "directive": directive,
            "directives": directives,
            "word_limit": stated.get("words"),
            **stated,
            "question": question,
            "support_blocks": [[doc.blocks[j].start, doc.blocks[j].end] for j, _ in ranked],
            "support_scores": [score for _, score in ranked],
            "support_groups": groups,
        }
        facts.append(
            make_fact(doc, "prompt", start, end, (start, end), [squash(text)], label=squash(text), extra=extra)
        )
    return facts
