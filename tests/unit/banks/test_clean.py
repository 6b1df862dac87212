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


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Home | About Us | Media Centre | Publications", "menu"),
        ("English · हिन्दी", "menu"),
        ("Skip to main content", "widget"),
        ("A+ A A-", "widget"),
        ("Font Size: A- A A+", "widget"),
        ("Share: Facebook Twitter WhatsApp Email", "share-bar"),
        ("Facebook | Twitter | LinkedIn", "share-bar"),
        ("Visitor Counter : 1,23,456", "counter"),
        ("1,204 views", "counter"),
        ("12 Comments", "counter"),
        ("Leave a comment", "counter"),
        ("(Release ID: 1562998)", "release-id"),
        ("AKT/SNC/SH", "desk-code"),
        ("*****", "empty"),
        ("* * * * *", "empty"),
        ("By Special Correspondent | New Delhi", "byline"),
        ("By Special Correspondent", "byline"),
        ("Reporting by New Delhi newsroom; Editing by Asia desk", "byline"),
        ("Tags: MTCR, Non-proliferation, Export controls", "tags"),
        ("3 Min Read", "reading-time"),
    ],
)
def test_structural_furniture(line: str, reason: str):
    from quizapp.banks.clean import is_line_boilerplate

    assert is_line_boilerplate(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "India and China signed an agreement on internal security cooperation in New Delhi.",
        "India | China sign pact",
        "By 2030, India aims to double its trade with the grouping.",
        "The members are India, Japan, Australia and the United States.",
        "By the end of 2019 India had signed the pact with nine countries.",
        "Feedback from the states was positive.",
        "India shared the data with Japan by email.",
        "Facebook and Twitter were asked by the ministry to remove the posts within a day of the request.",
    ],
)
def test_prose_is_not_furniture(line: str):
    from quizapp.banks.clean import is_line_boilerplate

    assert is_line_boilerplate(line) is None


def test_read_next_block_and_datelines_are_dropped():
    text = (
        "India joins the regime\n\nNEW DELHI, June 28 (Reuters) - India joined the regime on Monday.\n\n"
        "Read next\nIndia, US to step up cooperation on export controls\nWhy the NSG matters for India\n\n"
        "Mumbai, 12 January 2011 – The treaty came into force today.\n"
    )
    blocks = [b.text for b in clean(text, "India joins the regime").blocks]
    assert blocks == ["India joins the regime", "India joined the regime on Monday.", "The treaty came into force today."]


def test_prompt_label_is_cut_and_limits_end_a_sentence():
    text = "Notes\n\nMains practice: Critically examine the role of BIMSTEC. (250 words, 15 marks)\n"
    blocks = [b.text for b in clean(text, "Notes").blocks]
    assert blocks == ["Notes", "Critically examine the role of BIMSTEC. (250 words, 15 marks)"]
    short = "Notes\n\nQ3. Discuss the role of BIMSTEC (10 marks, 150 words)\n"
    assert [b.text for b in clean(short, "Notes").blocks][-1] == "Discuss the role of BIMSTEC (10 marks, 150 words)"


def test_faq_labels_are_cut_only_after_a_question():
    text = (
        "FAQ\n\nA. Consular services of the Embassy.\n\nQ. What is an Apostille?\n\n"
        "A. An Apostille is a certificate that authenticates a public document.\n\n"
        "Q: Is it needed in India?\n\nAns: It is needed for documents used abroad.\n"
    )
    blocks = [b.text for b in clean(text, "FAQ").blocks]
    assert blocks == [
        "FAQ", "A. Consular services of the Embassy.", "What is an Apostille?",
        "An Apostille is a certificate that authenticates a public document.",
        "Is it needed in India?", "It is needed for documents used abroad.",
    ]
