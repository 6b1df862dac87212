"""Lists that are part of a wider list in the same document, and how a stem says which part.

The MHA page lists 34 countries with MLATs in force, then, under ASEAN, says
"MLATs with Myanmar, Singapore, Thailand, Malaysia and Vietnam are already in
force". A card "Name the 5 countries with which MLATs are already in force"
or a cloze on that sentence then has some 29 other true answers, and a learner
who gives one is marked wrong. The five are exactly the ASEAN members among
the 34, so the stem can say "among the members of ASEAN" and be exact again.
Where no pair of wider lists pins the part down like that, no recall or cloze
card is made from it: no card is better than one that marks a true answer
wrong. MCQs need no qualifier; their distractors are drawn from outside every
such list (`quizapp.banks.check` holds them to that).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from quizapp.banks.generate.distractors import key_of
from quizapp.banks.types import Fact

#: The stem needs nothing: the list is not part of a wider one here.
WHOLE = ""


def _keys(fact: Fact) -> frozenset[str]:
    return frozenset(key_of(m) for m in fact.members)


def wider_lists(fact: Fact, facts: Sequence[Fact]) -> list[Fact]:
    """The other lists of the document that hold every member of ``fact`` and more."""
    if fact.kind != "list":
        return []
    own = _keys(fact)
    return [g for g in facts if g.kind == "list" and g.id != fact.id and own < _keys(g)]


def part_qualifier(fact: Fact, facts: Sequence[Fact]) -> str | None:
    """What a recall or cloze stem must add so that only this list's members are right.

    `WHOLE` when the list is part of no wider list; "among the <label>" when
    two wider lists meet in exactly this list (the label is the one less like
    this list's own, i.e. the group rather than the predicate); None when the
    part cannot be named, and no such card should be made.
    """
    wider = wider_lists(fact, facts)
    if not wider:
        return WHOLE
    own = _keys(fact)
    label = fact.label or ""
    best: tuple[float, str] | None = None
    for i, a in enumerate(wider):
        for b in wider[i + 1:]:
            if _keys(a) & _keys(b) != own or not a.label or not b.label:
                continue
            group = min((a, b), key=lambda g: fuzz.token_set_ratio(label, g.label or ""))
            score = fuzz.token_set_ratio(label, group.label or "")
            if best is None or score < best[0]:
                best = (score, f"among the {group.label}")
    return None if best is None else best[1]
