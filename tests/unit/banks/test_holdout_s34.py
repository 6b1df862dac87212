"""Session 34's holdout: six pages a helper wrote blind (tests/data/holdout_s34), graded by a blind reader before
any rule had seen them (round 24). Each test is one rule those pages showed was missing, stated over the shape of
text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.banks.generate.asking import date_question
from quizapp.banks.sources import load_source, read_html
from tests.unit.banks.holdout import build_with_shipped, served

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout_s34"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_with_shipped(HOLDOUT, tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out"))


def test_a_participle_or_a_pronoun_object_is_not_asked_as_an_act() -> None:
    """"Kutiyattam was among the first 19 Masterpieces proclaimed by UNESCO in May 2001" had been asked "In which
    year did Kutiyattam was among the first 19 Masterpieces proclaim by UNESCO?"; "India ratified it in 2005" as
    "In which year did India ratify it?"."""
    assert date_question("Kutiyattam was among the first 19 Masterpieces proclaimed by UNESCO in [when?].",
                         "month") is None
    assert date_question("India ratified it in [when?], so next year marks two decades.", "year") is None
    assert date_question("India ratified the Convention in [when?].", "year") == \
        "In which year did India ratify the Convention"


def test_a_saved_page_takes_its_headline_site_and_date_from_its_markup() -> None:
    """The saved HTML page's lead paragraph was its title, and it had no publisher or date: trafilatura leaves
    the header (h1, byline, "Last updated") out of the body it extracts."""
    doc = load_source(HOLDOUT / "h34_1_indices.html")
    assert doc.meta.title == "India in Global Indices 2024"
    assert doc.meta.publisher == "SankalpIAS"
    assert str(doc.meta.published) == "2024-10-21" and str(doc.meta.as_of) == "2024-10-21"
    page = read_html("<html><head><title>Some story - The Daily Ledger</title></head><body><h1>Some story</h1>"
                     "<p>" + "The treaty was signed in 1999 by two states. " * 8 + "</p></body></html>")
    assert page.title == "Some story" and page.sitename == "The Daily Ledger"
    assert page.text.startswith("Some story\n")


def test_no_served_item_garbles_its_verb(built: dict[str, dict]) -> None:
    for name, bank in built.items():
        if name.startswith("h34"):
            for it in served(bank):
                asked = re.split(r",? (?:as stated|according to)\b", it["stem"])[0].rstrip("?")
                assert " did " not in asked or " was " not in asked.split(" did ", 1)[1], it["stem"]
                assert not asked.endswith((" it", " them")), it["stem"]


def test_a_page_with_neither_publisher_nor_date_is_not_cited_as_the_source() -> None:
    """"In which month and year was Delhi recaptured by the British, according to the source?": the reader has no
    source to look in; the completion forms keep their label (the gate holds them as completion forms anyway)."""
    from quizapp.banks.generate.common import _NO_SOURCE

    assert _NO_SOURCE.sub("", "In which year did Sir Hugh Rose capture Jhansi, according to the source?") == \
        "In which year did Sir Hugh Rose capture Jhansi?"
    assert _NO_SOURCE.sub("", "When? Complete the date, according to the source:\n“…”").startswith(
        "When? Complete the date, according to the source:")


def test_a_clause_of_time_makes_no_statement(built: dict[str, dict]) -> None:
    """"When the 2003 Convention came into force, all the Masterpieces were incorporated into the Representative
    List in 2008": the Convention came into force in 2006, so a candidate who knows it marks the true statement
    false. A sentence that opens on one event and dates another feeds no statements item."""
    from quizapp.banks.generate.compound import _TWO_EVENTS

    assert _TWO_EVENTS.match("When the 2003 Convention came into force, all the Masterpieces were incorporated in 2008.")
    assert _TWO_EVENTS.match("After the war ended, the treaty was signed in 1919.")
    assert not _TWO_EVENTS.match("The Convention came into force on 20 April 2006.")
    for it in served(built["h34_4_ich_list"]):
        assert "When the 2003 Convention came into force" not in it["stem"], it["stem"]


def test_a_textbook_pages_history_items_name_no_source() -> None:
    """The 1857 extract (holdout_s33) names no publisher and no date: its whole questions end at the question."""
    import tempfile

    from tests.unit.banks.holdout import build_with_shipped as build

    with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
        banks = build(HOLDOUT.parent / "holdout_s33", Path(src), Path(out))
    items = served(banks["h33_5_textbook_extract"])
    assert items and not [it for it in items if "according to the source" in it["stem"]]
    assert "In which month and year was Delhi recaptured by the British?" in {it["stem"] for it in items}
