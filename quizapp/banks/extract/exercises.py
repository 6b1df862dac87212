"""Named joint military exercises and the two states that hold them.

Why: "Hand-in-Hand is a joint exercise between India and which country?" is a Prelims staple (Yudh
Abhyas, Maitree, Mitra Shakti …), and news copy names exercises in a few fixed shapes: "the
India-US joint military exercise Yudh Abhyas", "exercise "Maitree" between India and Thailand",
"India and Sri Lanka began the Mitra Shakti exercise", or, in commentary, "their "hand-in-hand"
counter-terrorism military exercises" after the two states were named. Each shape gives a fact only
when the exercise has a name, exactly two states hold it and one of them is India (every bank is read
from India's side, so the other state is the answer). "Their" is read back to the nearest pair of
states named before it, within a few sentences and with no third state between; the fact's quote then
runs from that pair to the exercise, so the answer stays in the quote it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from quizapp.banks import names
from quizapp.banks.extract.common import is_country, make_fact
from quizapp.banks.types import Document, Fact

__all__ = ["extract_exercises"]

_HEDGE = re.compile(r"\b(?:could|may|might|would|perhaps|possibly|probably|reportedly|proposed|if|whether)\b|\?")
# what kind of exercise the words before its name say ("annual joint military"); "kind" in every pattern
_MODS = (r"(?P<kind>(?:(?:joint|bilateral|annual|combined|counter[- ]terrorism|military|naval|air|army|"
         r"maritime|training|tactical|field|special forces|amphibious)\s+){0,4})")
# a name in quotes ("Maitree", ‘hand-in-hand’) or in capitals (Yudh Abhyas)
_NAMED = (r"(?:[\"“‘'](?P<q>[A-Za-z][\w-]*(?:[ -][A-Za-z][\w-]*){0,3})[\"”’']"
          r"|(?P<t>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}))")


_STATE = r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4}"
# "The armies of India and the United States on Monday began …": the states behind their forces, then when
_FORCES_OF = r"(?:(?:The|the)\s+(?:armies|navies|air forces|armed forces|militaries|troops|forces|contingents)\s+of\s+)?"
_WHEN = r"(?:\s+(?:on\s+[A-Z][a-z]+day|today|this\s+week|on\s+\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?),?)?"
_PAIR = rf"(?P<a>{_STATE})\s+and\s+(?P<b>{_STATE})"
# "the Indian Army", "the Japan Ground Self-Defense Force", "the US Navy": a state's force stands for the state
_FORCE = re.compile(r"^(?P<state>Indian|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}?)\s+(?:Army|Navy|Air\s+Force|Armed\s+Forces|"
                    r"Coast\s+Guard|Military|(?:Ground|Maritime|Air)\s+Self-Defen[cs]e\s+Force)\b")
# "… along with Japan and Australia", "… and Australia": a third state makes the exercise no pair's
_MORE_STATES = re.compile(r"^\s*,?\s*(?:along\s+with|together\s+with|as\s+well\s+as|and)\s+(?:the\s+)?[A-Z]")

# "their "hand-in-hand" counter-terrorism military exercises"
_THEIR = re.compile(rf"\btheir\s+(?:(?:annual|joint|bilateral)\s+)?[\"“‘'](?P<q>[A-Za-z][\w-]*(?:[ -][A-Za-z][\w-]*){{0,3}})"
                    rf"[\"”’']\s+{_MODS}exercises?\b")
# "the India-US joint military exercise Yudh Abhyas", "the India–Thailand exercise "Maitree""
_ADJECTIVE_PAIR = re.compile(rf"\b(?P<a>[A-Z][A-Za-z]+)[-–](?P<b>[A-Z][A-Za-z]+)\s+{_MODS}exercises?,?\s+{_NAMED}")
# "exercise "Maitree" between India and Thailand", "Exercise Mitra Shakti, between India and Sri Lanka"
_BETWEEN = re.compile(rf"\b{_MODS}[Ee]xercises?,?\s+{_NAMED},?\s+(?:was\s+|is\s+|will\s+be\s+)?"
                      rf"(?:held\s+|conducted\s+)?between\s+{_PAIR}")
# ""Maitree" is a joint military exercise between India and Thailand"
_IS_BETWEEN = re.compile(rf"{_NAMED}\s+(?:is|was)\s+(?:a|an|the)\s+{_MODS}exercises?\s+between\s+{_PAIR}")
_HOLD = (r"\s+(?:will\s+)?(?:hold|held|holds|conduct|conducted|conducts|began|begin|commenced|launched|concluded)\s+"
         r"(?:the\s+|their\s+)?(?:\w+\s+edition\s+of\s+(?:the\s+|their\s+)?)?")
# "India and Japan will hold their joint exercise Dharma Guardian"
_PAIR_HOLDS = re.compile(rf"(?:^|\b){_FORCES_OF}{_PAIR}{_WHEN}{_HOLD}{_MODS}exercises?,?\s+{_NAMED}")
# "India and Sri Lanka began the Mitra Shakti exercise"
_PAIR_HOLDS_NAMED = re.compile(rf"(?:^|\b){_FORCES_OF}{_PAIR}{_WHEN}{_HOLD}{_NAMED}\s+{_MODS}exercises?\b")
# "India also holds Exercise Mitra Shakti with Sri Lanka and Exercise Nomadic Elephant with Mongolia"
_INDIA_HOLDS = re.compile(r"^(?:India|The\s+Indian\s+(?:Army|Navy|Air\s+Force))\s+(?:also\s+)?(?:holds|conducts|held|conducted|"
                          r"hold|conduct)\b")
_WITH = re.compile(rf"\b[Ee]xercise\s+{_NAMED}\s+with\s+(?P<b>{_STATE})")
_PAIR_BACK = re.compile(rf"\b(?P<a>{_STATE})\s+and\s+(?P<b>{_STATE})\b")
_BACK_SENTENCES = 4  # "their" farther back than this reads another passage
_NOT_A_NAME = frozenset("The This That These Those Its Their Joint Military Naval Army Exercise Exercises".split())


def _state(text: str) -> str | None:
    """The state a side names, as written: "the United States", or "Japan" of "the Japan Ground Self-Defense
    Force" ("Indian" for the Indian Army); None when the side is no state or a state's force."""
    bare = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    if is_country(bare):
        return bare
    m = _FORCE.match(bare)
    if m is None:
        return None
    if m["state"] == "Indian":
        return "Indian"
    return m["state"] if is_country(m["state"]) else None


def _country(side: str) -> str:
    return "India" if side == "Indian" else side


def _name(raw: str) -> str | None:
    """The exercise's name as a paper writes it: "hand-in-hand" is Hand-in-Hand."""
    words = raw.split()
    if not words or words[0] in _NOT_A_NAME or _state(raw):
        return None
    if raw.islower():
        raw = "-".join(p if p in ("in", "of", "and") else p[:1].upper() + p[1:] for p in raw.split("-"))
        raw = " ".join(w[:1].upper() + w[1:] for w in raw.split(" "))
    return raw


def _kind(*mods: str | None) -> str:
    words = [w for m in mods if m for w in m.split() if w.lower() not in ("joint", "annual", "bilateral", "combined")]
    return " ".join(words)


def _pair_before(doc: Document, index: int) -> tuple[int, int, str, str] | None:
    """(start of its sentence, start of the pair, a, b) of the nearest "A and B" of two states before
    sentence ``index``, or None when none is near or a third state is named between it and the sentence."""
    here = doc.sentences[index]
    for back in range(index, max(-1, index - _BACK_SENTENCES - 1), -1):
        s = doc.sentences[back]
        text = doc.text[s.start:here.start] if back < index else ""
        hits = [m for m in _PAIR_BACK.finditer(text) if _state(m.group("a")) and _state(m.group("b"))]
        if not hits:
            continue
        m = hits[-1]
        between = doc.text[s.start + m.end():here.end]
        if any(_state(w) for w in re.findall(r"[A-Z][a-z]+", between)):
            return None
        return s.start, s.start + m.start("a"), m.group("a"), m.group("b")
    return None


def _fact(doc: Document, start: int, end: int, span: tuple[int, int], parts: dict[str, Any]) -> Fact:
    return make_fact(doc, "event", start, end, span, [parts["rule"], parts["answer"], parts["name"]],
                     label=f"exercise: {parts['name']}", extra=parts)


def _other(a: str, b: str) -> tuple[str, str] | None:
    """(the other state as written, the side it is on): None unless exactly one of the two is India."""
    sa, sb = _state(a), _state(b)
    if not sa or not sb:
        return None
    ca, cb = _country(sa), _country(sb)
    if names.same(ca, cb):
        return None
    if names.same(ca, "India") and not names.same(cb, "India"):
        return _as_written(b, sb), "b"
    if names.same(cb, "India") and not names.same(ca, "India"):
        return _as_written(a, sa), "a"
    return None


def _as_written(side: str, state: str) -> str:
    """"the United States" for a side that is the state; "Japan" for the Japan Ground Self-Defense Force."""
    bare = side.strip()
    return bare if re.sub(r"^the\s+", "", bare, flags=re.I) == state else state


def extract_exercises(doc: Document, dates: Sequence[Fact] = ()) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for index, sent in enumerate(doc.sentences):
        raw = sent.text
        if "xercise" not in raw or _HEDGE.search(raw):
            continue
        for rx in (_ADJECTIVE_PAIR, _BETWEEN, _IS_BETWEEN, _PAIR_HOLDS, _PAIR_HOLDS_NAMED):
            m = rx.search(raw)
            if m is None:
                continue
            name = _name(m.group("q") or m.group("t") or "")
            other = _other(m.group("a"), m.group("b"))
            if name is None or other is None or name.lower() in seen or _MORE_STATES.match(raw[m.end("b"):]):
                continue
            answer, side = other
            seen.add(name.lower())
            start = sent.start + m.start(side) + m.group(side).find(answer)
            parts = {"rule": "exercise_pair", "name": name, "kind": _kind(m.group("kind")), "answer": answer}
            out.append(_fact(doc, start, start + len(answer), (sent.start, sent.end), parts))
            break
        if _INDIA_HOLDS.match(raw.strip()):
            lead = len(raw) - len(raw.lstrip())
            for w in _WITH.finditer(raw, lead):
                name, state = _name(w.group("q") or w.group("t") or ""), _state(w.group("b"))
                if name is None or state is None or state == "Indian" or name.lower() in seen:
                    continue
                answer = _as_written(w.group("b"), state)
                seen.add(name.lower())
                start = sent.start + w.start("b") + w.group("b").find(answer)
                parts = {"rule": "exercise_pair", "name": name, "kind": "", "answer": answer}
                out.append(_fact(doc, start, start + len(answer), (sent.start, sent.end), parts))
        m = _THEIR.search(raw)
        if m is None:
            continue
        name = _name(m.group("q"))
        pair = _pair_before(doc, index)
        if name is None or pair is None or name.lower() in seen:
            continue
        span_start, p_start, a, b = pair
        other = _other(a, b)
        if other is None:
            continue
        answer, side = other
        seen.add(name.lower())
        at = doc.text.find(answer, p_start)
        if side == "b":
            at = doc.text.find(answer, p_start + len(a))
        parts = {"rule": "exercise_pair", "name": name, "kind": _kind(m.group("kind")), "answer": answer}
        # the quote runs from the pair "their" stands for to the exercise: the answer is in what it cites
        out.append(_fact(doc, at, at + len(answer), (span_start, sent.end), parts))
    return out
