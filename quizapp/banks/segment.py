"""Blocks and sentences with offsets into the original text.

Sentences are split per block, never across blocks: a bullet or heading ends
a sentence even without a full stop, and pysbd cannot then glue a menu line to
the first line of an article. Spans are trimmed so a quote is exactly the
sentence, with no stray spaces or newlines an editor would not see.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import pysbd

from quizapp.banks.clean import clean
from quizapp.banks.types import Block, Document, Sentence

_TRIM = " \t\r\n\u00a0\u2007\u202f\u200b"


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str, block: Block, index: int) -> list[Sentence]:
    """Sentences of one block; pysbd spans are relative to the block, so shift them."""
    out: list[Sentence] = []
    cursor = 0
    for span in _segmenter().segment(block.text):
        # pysbd's char spans can drift on repeated substrings; re-find from the cursor.
        piece = span.sent
        rel = block.text.find(piece, cursor)
        if rel < 0:
            rel = span.start
        cursor = rel + len(piece)
        start = block.start + rel
        end = start + len(piece)
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if end <= start:
            continue
        if out and text[start].islower() and text[out[-1].end - 1] not in "?!":
            # pysbd does not know every abbreviation ("Govt. of Maldives"): a
            # sentence cannot start in lower case, so glue it back on.
            start = out.pop().start
        out.append(Sentence(start=start, end=end, text=text[start:end], block=index))
    return out


def segment(doc: Document) -> Document:
    """A new Document with cleaned blocks and their sentences (original offsets)."""
    cleaned = clean(doc.text, doc.meta.title)
    sentences: list[Sentence] = []
    for i, block in enumerate(cleaned.blocks):
        sentences.extend(split_sentences(doc.text, block, i))
    return dataclasses.replace(doc, blocks=cleaned.blocks, sentences=tuple(sentences))


def sentence_at(doc: Document, start: int, end: int | None = None) -> Sentence | None:
    """The sentence containing ``start`` (and ``end`` if given), for fact context."""
    end = start if end is None else end
    for s in doc.sentences:
        if s.start <= start and end <= s.end:
            return s
    return None


def sentences_of(doc: Document, block_index: int) -> list[Sentence]:
    return [s for s in doc.sentences if s.block == block_index]


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
