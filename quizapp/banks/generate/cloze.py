"""Cloze cards: one blank per card, the blank is exactly the words of the source.

One blank per card keeps each card about one fact, so the scheduler's memory
model of a card is a memory model of one fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.banks.generate import common
from quizapp.banks.generate.mcq import list_source, written_forms
from quizapp.banks.generate.parts import WHOLE, part_qualifier
from quizapp.banks.types import Document, Fact, Item, Source

MAX_LIST_CLOZE = 12


def _cloze(doc: Document, fact: Fact, context: Source, span: Source, kind: str, qualifier: str = WHOLE) -> Item | None:
    answer = span.quote.strip()
    stem_text = common.blank_out(context, span)
    if not answer or stem_text is None or answer in stem_text:
        return None  # the answer would still be visible next to the blank
    stem_text = common.stem_context(doc, context, stem_text, answer)
    if stem_text is None:
        return None
    iid = common.item_id("cloze", None, [fact.id], context.quote, answer, [str(span.start - context.start)])
    stem = f"Fill in the blank:\n“{stem_text}”"
    if kind in ("count", "list"):
        which = f"{qualifier}, " if qualifier else ""
        stem = f"Fill in the blank ({which}{common.as_stated(doc.meta)}):\n“{stem_text}”"
    return Item(id=iid, type="cloze", stem=stem, source=context, facts=(fact.id,), topic=common.topic_for(doc, fact, answer),
                answer=answer, explanation=f"The source reads “…{answer}…”. {common.cite(doc.meta, context.quote)}",
                tags=common.tags_for(kind, context.quote))


def _trimmed(span: Source) -> Source:
    """The span without surrounding blanks, so the blank sits where the words were."""
    lead = len(span.quote) - len(span.quote.lstrip())
    tail = len(span.quote) - len(span.quote.rstrip())
    return Source(span.document, span.start + lead, span.end - tail, span.quote.strip())


def generate_cloze(doc: Document, facts: Sequence[Fact]) -> list[Item]:
    out: list[Item] = []
    for fact in facts:
        if fact.kind in ("date", "count"):
            if (fact.kind == "date" and (fact.value is None or fact.resolved)) or (
                    fact.kind == "count" and fact.number is None):
                continue  # 'yesterday' is no answer to learn; the recall card gives the resolved date
            if common.count_given_away(fact, facts) or common.frame_year(doc, fact, facts):
                continue
            item = _cloze(doc, fact, common.sentence_of(fact), _trimmed(fact.source), fact.kind)
            if item is not None:
                out.append(item)
        elif fact.kind == "list" and 2 <= len(fact.members) <= MAX_LIST_CLOZE:
            qualifier = part_qualifier(fact, facts)
            if qualifier is None:
                continue  # part of a wider list with no way to say which part: other members would be true too
            src = list_source(doc, fact)
            for _member, (s, e) in written_forms(src.quote, fact.members).items():
                span = Source(src.document, src.start + s, src.start + e, src.quote[s:e])
                item = _cloze(doc, fact, src, span, "list", qualifier)
                if item is not None:
                    out.append(item)
    return out
