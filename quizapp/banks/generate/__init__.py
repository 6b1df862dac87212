"""Facts in, items out: MCQs, recall and cloze cards, and essay prompts.

Generation is a pure function of the document and the facts, so rebuilding
gives the same items with the same ids, and the bank writer can tell editor
changes from regenerated text.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.banks.generate.cloze import generate_cloze
from quizapp.banks.generate.essay import essay_items
from quizapp.banks.generate.mcq import generate_mcqs
from quizapp.banks.generate.recall import generate_recall
from quizapp.banks.types import Document, Fact, Item

__all__ = ["generate_items"]


def generate_items(doc: Document, facts: list[Fact], corpus_facts: list[Fact]) -> list[Item]:
    """All items for one document; ``corpus_facts`` (every document's facts) supplies distractors.

    Items with the same id (two facts phrased alike) are kept once, first wins.
    """
    own = [f for f in facts if f.source.document == doc.meta.id] or list(facts)
    corpus: Sequence[Fact] = corpus_facts or own
    items: list[Item] = []
    items += generate_mcqs(doc, own, corpus)
    cards = generate_recall(doc, own) + generate_cloze(doc, own)
    items += cards
    items += essay_items(doc, own, cards)
    seen: set[str] = set()
    out: list[Item] = []
    for it in items:
        if it.id not in seen:
            seen.add(it.id)
            out.append(it)
    return out
