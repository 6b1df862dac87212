from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.clean import clean
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"

BOILERPLATE = [
    "Font decrease", "Font Normal", "High Contrast", "Normal Contrast", "External Link", "Read more about",
    "» International Cooperation", "Enquire Now", "Join Us on", "Hit Count", "22,260,192",
    "Indian and Chinese troops take part in the India-China joint training exercise",
    "More Articles from SCMP", "Alarm bells ring", "K-pop", "Taiwan coastguard", "This article originally appeared",
    "Copyright (c) 2020", "© 2020 Basix Education", "All Rights Reserved", "Source Article",
    "Website hosted & maintained", "Emblem Ministry of Home Affairs Indian Flag", "Made with Humane Club",
    "Category", "World Affairs", "China-India border dispute: its origins and impact",
    "India returns ‘stray’ soldier to China troops in disputed border region",
    "a man wearing a suit", "Global Impact newsletter", "Updated Jun 24, 2020",
]


@pytest.fixture(scope="module")
def seeds():
    return [segment(load_source(p)) for p in iter_sources(SOURCES)]


@pytest.mark.parametrize("needle", BOILERPLATE)
def test_no_boilerplate_in_any_block(seeds, needle):
    for doc in seeds:
        for block in doc.blocks:
            assert needle not in block.text, (doc.meta.id, block.text[:80])


@pytest.mark.parametrize(
    "heading", ["Significance of the pact:", "Practice Question:", "How current reset is different from the past?"]
)
def test_content_headings_survive(seeds, heading):
    assert any(b.text == heading and b.kind == "heading" for b in seeds[0].blocks)


def test_inline_headings_and_grid_survive(seeds):
    texts = [b.text for b in seeds[0].blocks]
    assert any(t.startswith("Wuhan reset: Prime Minister Narendra Modi") for t in texts)
    grid = [b for b in seeds[4].blocks if "Hongkong SAR" in b.text]
    assert len(grid) == 1 and "the following 34 countries" in grid[0].text


def test_titles_are_first_heading(seeds):
    for doc in seeds:
        assert doc.blocks[0].kind == "heading"
    assert seeds[1].blocks[0].text == "Opinion: China and India make a breakthrough in internal security cooperation"
    assert seeds[2].blocks[0].text == "First India-China High Level Meeting on Bilateral Security Cooperation"


def test_blocks_are_exact_spans(seeds):
    for doc in seeds:
        for b in doc.blocks:
            assert doc.text[b.start : b.end] == b.text
            assert b.text == b.text.strip()


def test_offsets_map_back_to_original():
    text = "Menu\n\nA real paragraph with content.\n\nShare\n\nSecond paragraph here.\n"
    ct = clean(text)
    assert ct.text == "A real paragraph with content.\n\nSecond paragraph here."
    i = ct.text.index("Second")
    assert ct.offsets[i] == text.index("Second")
    s, e = ct.original_span(i, i + len("Second paragraph"))
    assert text[s:e] == "Second paragraph"


def test_general_rules_on_a_new_page():
    text = (
        "Skip to content\nHome › World › Asia\nLogin | Register\n\n"
        "Leaders agree to expand trade ties\n\n"
        "The two leaders met on Friday and agreed to expand trade, officials said.\n\n"
        "Visitors: 1,234,567\n\n"
        "Related Stories\n\nPort deal signed amid protests\n\nFloods hit the north again\n\n"
        "The talks will resume next month in the capital.\n\n"
        "Designed and developed by Example Web Co.\n© 2024 Example News. All rights reserved.\n"
    )
    ct = clean(text, title="Leaders agree to expand trade ties")
    assert [b.text for b in ct.blocks] == [
        "Leaders agree to expand trade ties",
        "The two leaders met on Friday and agreed to expand trade, officials said.",
        "The talks will resume next month in the capital.",
    ]
