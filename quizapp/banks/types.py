"""The values that flow between pipeline stages.

Every stage (clean -> segment -> extract -> generate -> bankfile) hands the next
one these plain frozen dataclasses, so each stage can be tested alone and none
of them needs Flask or a database. Offsets are always into the *original*
source text, never into cleaned text, so a quote can be checked byte for byte
against the file an editor can open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from quizapp.enums import ItemStatus

FactKind = Literal["date", "list", "table_row", "count", "prompt", "role", "event"]
ItemType = Literal["mcq", "fact", "cloze", "essay"]
Granularity = Literal["day", "month", "year", "decade", "range"]
BlockKind = Literal["heading", "paragraph", "bullet", "table_row"]


@dataclass(frozen=True)
class Source:
    """Where a fact or item comes from: ``quote == text[start:end]`` of the original file."""

    document: str  # document id = source file stem, e.g. "004_3457cf58089fa324"
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    file: str
    title: str
    publisher: str | None = None
    published: dt.date | None = None
    as_of: dt.date | None = None
    sha256: str = ""


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # == original[start:end]
    block: int  # index of the Block it belongs to


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet, heading or table row after cleaning."""

    kind: BlockKind
    start: int
    end: int
    text: str  # == original[start:end]


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    text: str  # the original text, byte-for-byte decoded as UTF-8
    blocks: tuple[Block, ...] = ()
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One checkable statement from a source.

    ``id`` is derived from the fact's content (kind, normalised values and the
    sentence text), not from offsets, so editing one sentence changes only the
    facts of that sentence.
    """

    id: str
    kind: FactKind
    source: Source  # the exact span of the value (the date, the list, the count ...)
    sentence: Source  # the whole sentence that carries it (context for stems)
    label: str = ""  # what the fact is about, e.g. "countries with operational MLATs with India"
    # date
    value: str | None = None  # ISO: 2018-10-22 / 2018-10 / 2018 / 1970s / 2018-10-21/2018-10-25
    granularity: Granularity | None = None
    resolved: bool = False  # True when a relative date was resolved against the document date
    # list
    members: tuple[str, ...] = ()  # normalised names, in source order
    # count / quantity
    number: float | None = None
    unit: str | None = None
    # table row
    cells: tuple[str, ...] = ()
    # anything else a kind needs (e.g. prompt directive word)
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class KeyPoint:
    id: str
    text: str
    keywords: tuple[str, ...]
    source: Source
    facts: tuple[str, ...] = ()  # fact ids
    items: tuple[str, ...] = ()  # ids of fact/cloze items that teach it


@dataclass(frozen=True)
class Item:
    id: str
    type: ItemType
    stem: str
    source: Source
    facts: tuple[str, ...]
    topic: str
    answer: int | str | None = None  # mcq: 0-based index into options; fact/cloze: text
    options: tuple[str, ...] = ()
    explanation: str = ""
    tags: tuple[str, ...] = ()
    status: ItemStatus = ItemStatus.GENERATED
    style: str | None = None  # mcq style: single / not / how_many / statements
    # essay only
    word_limit: int | None = None
    marks: int | None = None
    time_limit_minutes: int | None = None
    directive: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    # why the quality gate keeps this item from learners (status "held"); empty when served
    hold_reasons: tuple[str, ...] = ()
