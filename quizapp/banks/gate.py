"""The quality gate: the last pipeline stage before an item may reach a learner.

Generation proposes; the gate decides. Every rule of the item standard that a
program can check is one function here returning a reason code, so a held
item says why it was held and an editor can see which rule to fix. The gate
never edits an item: it only sets ``status: held`` and ``hold_reasons``, so a
rule that holds too much loses recall, never correctness. When in doubt it
holds.

After the per-item checks, caps keep one fact from flooding a bank: at most
``CAP_BIG_LIST`` served items for a closed list of ``BIG_LIST`` or more
members, ``CAP_OTHER`` for any other fact, and no document's served items more
than half from one fact. Which items stay is decided deterministically by
quality: varied styles first, then shorter, plainer stems, then id.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from quizapp.banks.factbase import FactBase, is_closed, member_key
from quizapp.banks.generate.mcq import NUMBERED_RE, STATEMENT_RE
from quizapp.banks.types import Fact, Item

CAP_BIG_LIST = 6
BIG_LIST = 10
CAP_OTHER = 2

REASONS = (
    "relative_answer", "machine_notation", "mid_sentence_start", "unresolved_subject", "furniture",
    "open_list_exclusion", "distractor_true_elsewhere", "conflict_unattributed", "duplicate_answer",
    "per_fact_cap", "document_balance",
)

# Matched against lower-cased text: the patterns carry no re.I, which keeps each search in microseconds.
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
RELATIVE = re.compile(
    rf"\b(?:yesterday|today|tomorrow|tonight|this (?:morning|evening|week|month|year|summer|winter|spring|autumn)"
    rf"|(?:last|next|past|coming) (?:week|month|year|summer|winter|spring|autumn|monsoon|weekend|{_WEEKDAY})"
    rf"|recently|earlier this|later this|{_WEEKDAY}s?)\b")
MACHINE = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])(?:-\d\d)?(?!\d)"  # 2018-10-22, 2018-10
    r"|\(\s*\d{4}s\s*\)"  # (1990s)
    r"|\d{4}(?:-\d\d){0,2}/\d{4}")  # 2017-06/2017-08, 2013/2014
FURNITURE = re.compile(
    r"skip to (?:main )?content|font size|\ba\+ ?a ?a-|high contrast|screen reader|\bshare (?:this|on)\b"
    r"|\bprint this\b|you may also like|read next|related (?:news|articles|posts)|all rights reserved|©|copyright \d"
    r"|\bvisitors? ?(?:count|:)|\bhits? ?:|\bpage views?\b|\blast updated\b|\bposted on\b|\bcomments? ?\(\d"
    r"|\d+ marks?\b|\d\d+ words\b")

# Literal pieces of which every FURNITURE match contains one: most texts contain none, and
# `in` on a short tuple is far cheaper than the alternation.
_FURNITURE_HINTS = ("skip to", "font size", "a+", "contrast", "screen reader", "share ", "print this", "also like",
                    "read next", "related ", "rights reserved", "©", "copyright", "visitor", "hit", "page view",
                    "updated", "posted on", "comment", "mark", "words")


def _furniture(flat: str) -> bool:
    return any(h in flat for h in _FURNITURE_HINTS) and bool(FURNITURE.search(flat))


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


_MENU = re.compile(r"(?:^|\n)\s*[“\"‘]?\s*(?:[\w&'’-]+(?:\s+[\w&'’-]+)?\s*[|·»]\s*){2,}[\w&'’-]+(?:\s+[\w&'’-]+)?"
                   r"\s*(?:\n|$)")
_QUOTED = re.compile(r"“([^”]*)”")
_PRONOUN_START = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|them|this|these|those|such)\b"
    r"|^(?:the|this|that|these|said)\s+(?:convention|grouping|group|summit|meeting|treaty|agreement|organi[sz]ation|"
    r"programme|program|visit|pact|bloc|forum|dialogue|body|association|alliance|initiative|minister|leader|"
    r"president|country|nation|two|latter|former|above)\b", re.I)
_LABEL_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Tt]hem|[Ii]t|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\b")
_FRAGMENT_START = re.compile(r"^(?:[…,;:)\]]|\.\.\.|(?:and|or|but|which|who|whose|where|while)\b)")
_ATTRIBUTED = re.compile(r"(?:as stated by|as stated in|according to|as of|as reported by)[^?\n]*?\b(?:1[89]|20)\d\d",
                         re.I)
EXCLUSION_STYLES = ("single", "not", "how_many", "statements")
_NUMBERED = NUMBERED_RE  # the generator's own shapes, so the gate reads what it writes
_STATEMENT = STATEMENT_RE
_STYLE_ORDER = {("mcq", "single"): 0, ("mcq", "statements"): 1, ("mcq", "pairs"): 2, ("mcq", "how_many"): 3,
                ("mcq", "not"): 4, ("fact", None): 5, ("cloze", None): 6}


@dataclass(frozen=True)
class Context:
    """What the checks may consult: the facts an item cites and the corpus-wide fact base."""

    facts: Mapping[str, Fact]
    base: FactBase
    conflicting: frozenset[str] = frozenset()


def _answer(item: Item) -> str:
    if item.type == "mcq" and isinstance(item.answer, int) and 0 <= item.answer < len(item.options):
        return item.options[item.answer]
    return "" if item.answer is None else str(item.answer)


def _shown(item: Item) -> list[str]:
    """What a learner reads: the stem, the options and the answer (explanations quote the source)."""
    return [item.stem, *item.options, _answer(item)]


# -- per-item checks: each returns its reason code when the item fails ---------------------------


def relative_answer(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        return False
    values = [_answer(item)] if item.type != "mcq" else list(item.options)
    return bool(RELATIVE.search(_flat("\n".join(values))))


def machine_notation(item: Item, ctx: Context) -> bool:
    return bool(MACHINE.search("\n".join(_shown(item))))


def _stem_sentences(item: Item) -> list[str]:
    """The stem's opening and the opening of each quoted passage: where a reader starts cold."""
    out = [item.stem.strip()]
    out += [m.group(1).strip() for m in _QUOTED.finditer(item.stem)]
    return [s for s in out if s]


def mid_sentence_start(item: Item, ctx: Context) -> bool:
    if "…" in _QUOTED.sub("", item.stem) or "..." in _QUOTED.sub("", item.stem):
        return True  # a fragment pasted into the question's own words, where a label belongs
    for text in _stem_sentences(item):
        body = text.lstrip("\"'‘“ ")
        if body.startswith("_"):
            continue
        if _FRAGMENT_START.match(body) or body[:1].islower():
            return True
    return False


def unresolved_subject(item: Item, ctx: Context) -> bool:
    for text in _stem_sentences(item):
        if _PRONOUN_START.match(text.lstrip("\"'‘“ ")):
            return True
    for fid in item.facts:
        fact = ctx.facts.get(fid)
        if fact is not None and fact.kind == "list" and fact.label and _LABEL_PRONOUN.search(fact.label):
            at = item.stem.find(fact.label)
            # the label's pronoun is resolved only when the stem first shows what it refers to
            if at == -1 or not re.search(r"[.!?][”\"']?\s", item.stem[:at]):
                return True
    return False


def furniture(item: Item, ctx: Context) -> bool:
    if item.type == "essay":
        # an essay's own "(250 words, 15 marks)" is its limit, not furniture
        texts = [*item.options, _answer(item)] + [kp.text for kp in item.key_points]
        texts.append(re.sub(r"\(\s*\d+\s+words?\s*,\s*\d+\s+marks?\s*\)", "", item.stem))
        return any(_furniture(_flat(t)) or _MENU.search(t) for t in texts)
    text = "\n".join(_shown(item))
    return bool(_furniture(_flat(text)) or ("|" in text or "·" in text or "»" in text) and _MENU.search(text))


def _list_facts(item: Item, ctx: Context) -> list[Fact]:
    return [f for fid in item.facts if (f := ctx.facts.get(fid)) is not None and f.kind == "list"]


def false_values(item: Item, members: set[str]) -> list[str] | None:
    """What an exclusion-style list MCQ claims is NOT in the list; None for a style not known here."""
    if item.type != "mcq" or not isinstance(item.answer, int):
        return []
    style = item.style
    if style == "single":
        return [o for j, o in enumerate(item.options) if j != item.answer]
    if style == "not":
        return [_answer(item)]
    if style == "how_many":
        return [e for _n, e in _NUMBERED.findall(item.stem) if member_key(e) not in members]
    if style == "statements":
        return [m.group(2) for m in _STATEMENT.finditer(item.stem) if member_key(m.group(2)) not in members]
    return None


def _is_year_mcq(item: Item, ctx: Context) -> bool:
    return item.type == "mcq" and any(
        (f := ctx.facts.get(fid)) is not None and f.kind == "date" for fid in item.facts) and not _list_facts(item, ctx)


def open_list_exclusion(item: Item, ctx: Context) -> bool:
    for fact in _list_facts(item, ctx):
        if item.type != "mcq":
            continue
        members = {member_key(m) for m in fact.members}
        values = false_values(item, members)
        if values is None:
            if not is_closed(fact):
                return True  # a style this gate cannot read, on a list not declared complete: hold
            continue
        # on a list not declared complete, the style itself claims to know what is left out:
        # it stands only when every value it calls false is proven false elsewhere
        if not is_closed(fact) and (not values or any(ctx.base.could_be_true(fact, v) for v in values)):
            return True
    return False


def distractor_true_elsewhere(item: Item, ctx: Context) -> bool:
    for fact in _list_facts(item, ctx):
        values = false_values(item, {member_key(m) for m in fact.members}) or []
        if any(ctx.base.true_elsewhere(fact, v) for v in values):
            return True
    if _is_year_mcq(item, ctx) and isinstance(item.answer, int):
        for fid in item.facts:
            fact = ctx.facts.get(fid)
            if fact is None or fact.kind != "date":
                continue
            if any(ctx.base.year_elsewhere(fact, o) for j, o in enumerate(item.options) if j != item.answer):
                return True
    return False


def conflict_unattributed(item: Item, ctx: Context) -> bool:
    return any(fid in ctx.conflicting for fid in item.facts) and not _ATTRIBUTED.search(item.stem)


def duplicate_answer(item: Item, ctx: Context) -> bool:
    if item.type == "mcq":
        keys = [member_key(o) for o in item.options]
        return len(set(keys)) != len(keys)
    if item.type not in ("fact", "cloze"):
        return False
    answer = _answer(item)
    for fid in item.facts:
        fact = ctx.facts.get(fid)
        if fact is None or fact.kind != "table_row":
            continue
        repeated = fact.extra.get("repeated")
        if isinstance(repeated, (list, tuple, set)) and any(str(r) == answer or r is True for r in repeated):
            return True
        if repeated is True:
            return True
        # another row of the same document with the same other cells: the blank has several answers
        rest = tuple(c for c in fact.cells if c != answer)
        for other in ctx.base.by_key.get(ctx.base.key.get(fact.id, ("", "")), ()):
            if (other.id != fact.id and other.kind == "table_row" and other.source.document == fact.source.document
                    and tuple(c for c in other.cells if c != answer) == rest and answer not in other.cells):
                return True
    return False


CHECKS: tuple[tuple[str, Callable[[Item, Context], bool]], ...] = (
    ("relative_answer", relative_answer),
    ("machine_notation", machine_notation),
    ("mid_sentence_start", mid_sentence_start),
    ("unresolved_subject", unresolved_subject),
    ("furniture", furniture),
    ("open_list_exclusion", open_list_exclusion),
    ("distractor_true_elsewhere", distractor_true_elsewhere),
    ("conflict_unattributed", conflict_unattributed),
    ("duplicate_answer", duplicate_answer),
)


def item_reasons(item: Item, ctx: Context) -> list[str]:
    """Reason codes of every per-item rule the item fails, in a fixed order."""
    return [code for code, check in CHECKS if check(item, ctx)]


# -- caps and balance ----------------------------------------------------------------------------


def cap_for(fact: Fact | None) -> int:
    if fact is not None and fact.kind == "list" and is_closed(fact) and len(fact.members) >= BIG_LIST:
        return CAP_BIG_LIST
    return CAP_OTHER


def _rank(items: Sequence[Item]) -> list[Item]:
    """Best first, with styles interleaved: the first of each style, then the second of each ..."""
    groups: dict[tuple[str, str | None], list[Item]] = defaultdict(list)
    for it in items:
        groups[(it.type, it.style)].append(it)
    for g in groups.values():
        g.sort(key=lambda it: (len(it.stem) > 320, len(it.stem.split("\n")) > 6, len(it.stem), it.id))
    order = sorted(groups, key=lambda k: (_STYLE_ORDER.get(k, 9), k[0], k[1] or ""))
    out: list[Item] = []
    depth = 0
    while len(out) < len(items):
        for k in order:
            if depth < len(groups[k]):
                out.append(groups[k][depth])
        depth += 1
    return out


def _hold(item: Item, *reasons: str) -> Item:
    merged = tuple(dict.fromkeys((*item.hold_reasons, *reasons)))
    return replace(item, status="held", hold_reasons=merged)


def apply_gate(items: Sequence[Item], ctx: Context, editor_status: Mapping[str, str] | None = None) -> list[Item]:
    """The items in their order, each either served as generated or held with its reasons.

    ``editor_status`` (id -> status in the existing bank) lets reviewed items
    count first against a fact's cap and retired ones not at all, since the
    bank writer keeps the editor's status over the gate's.
    """
    editor_status = editor_status or {}
    out: dict[str, Item] = {}
    candidates: list[Item] = []
    for it in items:
        if editor_status.get(it.id) in ("reviewed", "retired"):
            out[it.id] = it
            continue
        reasons = item_reasons(it, ctx)
        if reasons:
            out[it.id] = _hold(it, *reasons)
        else:
            candidates.append(it)
    reviewed = [it for it in items if editor_status.get(it.id) == "reviewed"]
    served = _caps(candidates, reviewed, ctx, out)
    _balance(served, reviewed, out)
    return [out[it.id] for it in items]


def _caps(candidates: list[Item], reviewed: list[Item], ctx: Context, out: dict[str, Item]) -> list[Item]:
    used: Counter[str] = Counter(f for it in reviewed for f in it.facts)
    served: list[Item] = []
    by_fact: dict[str, list[Item]] = defaultdict(list)
    for it in candidates:
        by_fact[it.facts[0] if it.facts else ""].append(it)
    for fid in sorted(by_fact):
        for it in (_rank(by_fact[fid]) if fid else by_fact[fid]):
            over = [f for f in it.facts if used[f] >= cap_for(ctx.facts.get(f))]
            if over:
                out[it.id] = _hold(it, "per_fact_cap")
                continue
            used.update(it.facts)
            out[it.id] = it
            served.append(it)
    return served


def _balance(served: list[Item], reviewed: list[Item], out: dict[str, Item]) -> None:
    """Hold the lowest-ranked items of a fact that feeds more than half of the document's served items."""
    live = list(served)
    while True:
        total = len(live) + len(reviewed)
        per: Counter[str] = Counter(f for it in [*live, *reviewed] for f in set(it.facts))
        worst = max(sorted(per), key=lambda f: per[f], default=None)
        if worst is None or per[worst] * 2 <= total:
            return
        mine = [it for it in live if worst in it.facts]
        if not mine:
            return  # only reviewed items left on it: the editor's call
        drop = mine[-1]
        live.remove(drop)
        out[drop.id] = _hold(drop, "document_balance")


def held_by_reason(items: Iterable[Item]) -> dict[str, int]:
    counts: Counter[str] = Counter(r for it in items if it.status == "held" for r in it.hold_reasons)
    return {r: counts[r] for r in REASONS if counts[r]} | {r: n for r, n in sorted(counts.items()) if r not in REASONS}
