"""Helpers every extractor shares: content-derived ids and span bookkeeping.

Ids hash what a fact *says* (kind, values, the quote and its sentence), never
where it sits, so inserting a paragraph above a fact does not change its id
and reviewers' decisions stay attached to the right fact.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

from quizapp.banks import names
from quizapp.banks.types import Document, Fact, FactKind, Sentence, Source


def is_country(text: str) -> bool:
    """Whether a phrase names a state, with or without its article ("the United States")."""
    return names.kind_of(re.sub(r"^the\s+", "", text.strip(), flags=re.I)) == "country"


def squash(text: str) -> str:
    """Whitespace-normalised text for labels and hashing (quotes keep the original)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def source(doc: Document, start: int, end: int) -> Source:
    return Source(document=doc.meta.id, start=start, end=end, quote=doc.text[start:end])


def sentence_source(doc: Document, sentence: Sentence) -> Source:
    return source(doc, sentence.start, sentence.end)


def fact_id(kind: str, values: Any, quote: str, sentence_text: str) -> str:
    payload = json.dumps([kind, values, squash(quote), squash(sentence_text)], ensure_ascii=False, sort_keys=True)
    return "f_" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]


def make_fact(
    doc: Document,
    kind: FactKind,
    start: int,
    end: int,
    sentence: tuple[int, int],
    values: Any,
    **fields: Any,
) -> Fact:
    quote = doc.text[start:end]
    sent_text = doc.text[sentence[0] : sentence[1]]
    return Fact(
        id=fact_id(kind, values, quote, sent_text),
        kind=kind,
        source=source(doc, start, end),
        sentence=source(doc, sentence[0], sentence[1]),
        **fields,
    )


def unique_ids(facts: Iterable[Fact]) -> list[Fact]:
    """Same content twice in one sentence would collide; suffix the repeats in order."""
    import dataclasses

    seen: dict[str, int] = {}
    out: list[Fact] = []
    for f in facts:
        n = seen.get(f.id, 0)
        seen[f.id] = n + 1
        out.append(f if n == 0 else dataclasses.replace(f, id=f"{f.id}_{n + 1}"))
    return out


def block_span_of(doc: Document, pos: int) -> tuple[int, int] | None:
    for b in doc.blocks:
        if b.start <= pos < b.end:
            return b.start, b.end
    return None
