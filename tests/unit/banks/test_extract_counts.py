from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts
from quizapp.banks.extract.counts import find_counts
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"


def _counts(prefix: str):
    doc = segment(load_source(next(p for p in iter_sources(SOURCES) if p.name.startswith(prefix))))
    facts = [f for f in extract_facts(doc) if f.kind == "count"]
    for f in facts:
        assert f.source.quote == doc.text[f.source.start : f.source.end]
    return {f.source.quote: (f.number, f.unit, f.extra["qualifier"]) for f in facts}


@pytest.mark.parametrize(
    ("prefix", "quote", "expected"),
    [
        ("004", "34 countries", (34, "countries", None)),
        ("004", "3 countries", (3, "countries", None)),
        ("004", "ten countries", (10, "countries", None)),
        ("000", "18 countries", (18, "countries", None)),
        ("000", "at least 10 Indians", (10, "Indians", "at least")),
        ("001", "1.5 million", (1_500_000, None, None)),
        ("001", "10 Afghan diplomats", (10, "Afghan diplomats", None)),
        ("001", "eight central armed police forces", (8, "central armed police forces", None)),
        ("001", "over a million", (1_000_000, None, "over")),
        ("001", "about a dozen Chinese", (12, "Chinese", "about")),
        ("003", "60,000 troops", (60_000, "troops", None)),
    ],
)
def test_seed_counts(prefix, quote, expected):
    assert _counts(prefix)[quote] == expected


def test_not_counts():
    assert _counts("002") == {}  # "our two countries", "the two sides" are references
    quotes = set(_counts("004"))
    assert not any(q.startswith(("5th", "10th", "22,260,192", "2013", "1985")) for q in quotes)


def test_new_text_quantities():
    got = {(n, u, q) for _, _, n, u, q in find_counts(
        "Nearly 2,500 delegates from 45 nations attended; 30% were women and Rs 500 crore was pledged in 2019."
    )}
    assert got == {(2500, "delegates", "nearly"), (45, "nations", None), (30, "%", None), (5_000_000_000, None, None)}


@pytest.mark.parametrize(
    "text",
    [
        "Critically examine the role of MLATs. (250 words, 15 marks)",
        "Discuss the role of MLATs (15 marks, 250 words).",
        "Examine the role of MLATs in 150 words.",
    ],
)
def test_word_and_mark_limits_are_not_counts(text: str):
    assert find_counts(text) == []
