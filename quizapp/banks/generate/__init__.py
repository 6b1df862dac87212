"""Facts in, items out: MCQs, recall and cloze cards, statements and pairs, and essay prompts.

Generation is a pure function of the document and the facts, so rebuilding
gives the same items with the same ids, and the bank writer can tell editor
changes from regenerated text.

Only facts worth asking (`quizapp.banks.salience`) feed items, and each fact
feeds few of them, in varied styles: at most 6 for a closed list of ten or
more members, at most 2 otherwise (the quality gate enforces the same caps on
served items; generating within them keeps the best, most varied ones).
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.banks import salience
from quizapp.banks.generate import common
from quizapp.banks.generate.cloze import generate_cloze
from quizapp.banks.generate.compound import compound_items
from quizapp.banks.generate.distractors import closed_list
from quizapp.banks.generate.essay import essay_items, generated_prompt
from quizapp.banks.generate.events import corpus_items, generate_events, prefer_whole, year_mcqs
from quizapp.banks.generate.mcq import generate_mcqs
from quizapp.banks.generate.recall import generate_recall
from quizapp.banks.types import Document, Fact, Item

__all__ = ["generate_items"]

# Which items of one fact survive its cap, best first: a single-answer MCQ, the compound styles
# (they test the fact against others), the exclusion styles, then a recall card, then cloze.
_RANK = {("mcq", "single"): 0, ("mcq", "pairs"): 1, ("mcq", "not"): 2, ("mcq", "how_many"): 3,
         ("mcq", "statements"): 2, ("fact", None): 4, ("cloze", None): 5}


def _rank(item: Item) -> tuple[int, str]:
    return (_RANK.get((item.type, item.style), 6), item.id)


def _worth_asking(doc: Document, facts: Sequence[Fact]) -> list[Fact]:
    """Facts by the rubric's 'worth asking' classes; neutral lists and table rows stay, neutral dates and
    counts go (the date of a courtesy call is no syllabus fact)."""
    out = []
    for f in facts:
        score = salience.score(f)
        if f.kind == "prompt":
            out.append(f)
        elif score is None:
            continue
        elif score >= 1 or f.kind in ("list", "table_row"):
            out.append(f)
    return out


def generate_items(doc: Document, facts: list[Fact], corpus_facts: list[Fact]) -> list[Item]:
    """All items for one document; ``corpus_facts`` (every document's facts) supplies distractors.

    Items with the same id (two facts phrased alike) are kept once, first wins.
    """
    own = [f for f in facts if f.source.document == doc.meta.id] or list(facts)
    corpus: Sequence[Fact] = corpus_facts or own
    keep = _worth_asking(doc, own)
    items: list[Item] = []
    items += generate_mcqs(doc, keep, corpus)
    # an event's year asked whole replaces a blank year MCQ on its sentence, before any essay links to one
    items = prefer_whole(items + year_mcqs(doc, [f for f in own if f.kind in ("event", "date")], corpus))
    cards = generate_recall(doc, keep) + generate_cloze(doc, keep)
    items += cards
    # statements and pairs test a fact against others: one such item per fact, outside the single-fact budget
    items = _within_caps(doc, keep, items) + compound_items(doc, keep, corpus)
    kept_cards = [it for it in items if it.type in ("fact", "cloze")]
    items += essay_items(doc, own, kept_cards)
    items += generated_prompt(doc, keep, items, own)
    # role and event cards ask whole questions of their own facts; they feed no essay key point
    items += generate_events(doc, [f for f in own if f.kind in ("role", "event")])
    items += corpus_items(doc, [f for f in own if f.kind == "event"], corpus)
    seen: set[str] = set()
    out: list[Item] = []
    for it in items:
        if it.id not in seen:
            seen.add(it.id)
            out.append(common.finish(doc, it))
    return out


def _within_caps(doc: Document, facts: Sequence[Fact], items: list[Item]) -> list[Item]:
    """At most `salience.cap` items per fact, best-ranked first; a neutral fact feeds one item.

    Near-duplicate cards are dropped first: a cloze on the same blank as a
    recall card of the same fact is the same question asked again.
    """
    by_id = {f.id: f for f in facts}
    budget: dict[str, int] = {}
    for f in facts:
        score = salience.score(f) or 0
        cap = salience.cap(f, f.kind == "list" and closed_list(f))
        budget[f.id] = cap if score >= 1 or f.kind == "list" else 1
    out: list[Item] = []
    for it in _families_first(items, by_id):
        cited = [fid for fid in it.facts if fid in by_id]
        if len(cited) > 1:
            # a pairs or statements item tests several facts against each other; it takes no fact's
            # place here, since the gate, which sees what is served, caps it with the rest
            out.append(it)
            continue
        if any(budget.get(fid, 0) <= 0 for fid in cited):
            continue
        if it.type == "cloze" and any(o.type == "fact" and o.facts == it.facts and _same_card(o, it) for o in out):
            continue
        for fid in cited:
            budget[fid] -= 1
        out.append(it)
    order = {it.id: n for n, it in enumerate(items)}
    return sorted(out, key=lambda it: order[it.id])


def _families_first(items: list[Item], by_id: dict[str, Fact]) -> list[Item]:
    """Items by rank, but a fact's best card and best MCQ before its second MCQ.

    The gate serves one card and one MCQ of a fact (a closed list of five or more: several MCQ styles),
    so a budget spent on three MCQ styles of a seven-member list left it no "Name the 7" card, and the
    gate then held two of the MCQs: the fact ended with one served item instead of two.
    """
    ranked = sorted(items, key=_rank)
    seen: set[tuple[str, str]] = set()
    first: set[str] = set()
    for it in ranked:
        cited = [fid for fid in it.facts if fid in by_id]
        if len(cited) != 1:
            continue
        key = (cited[0], "mcq" if it.type == "mcq" else "card")
        if key not in seen:
            seen.add(key)
            first.add(it.id)
    return sorted(ranked, key=lambda it: it.id not in first)  # stable: rank order within each group


def _same_card(a: Item, b: Item) -> bool:
    """A recall and a cloze card of one date or count ask the same thing (a list's "Name the N" and a
    cloze on one member do not)."""
    return a.source == b.source and a.type != b.type and not a.stem.startswith("Name the")
