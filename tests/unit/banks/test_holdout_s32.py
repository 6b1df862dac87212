"""Session 32's holdout: six pages a helper wrote blind (tests/data/holdout_s32), every one hard-wrapped at about 76
columns as a PDF's text or a plain-text report is. Built before any rule had seen them, the pages gave one served
item: a statement taken from the page's own practice question, whose third statement is false on purpose. Each
test is one rule that build showed was missing, stated over the shape of text."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.clean import clean
from quizapp.banks.reflow import reflow, wrap_width
from quizapp.banks.sources import guess_title
from tests.unit.banks.holdout import SHIPPED, build_with_shipped, fact_item, served

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout_s32"
EARLIER = sorted(p for p in (Path(__file__).resolve().parents[2] / "data").glob("holdout_s[23][0-9]/*.txt")
                 if p.parent.name != "holdout_s32")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_with_shipped(HOLDOUT, tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out"))


def _page(name: str) -> str:
    return (HOLDOUT / f"{name}.txt").read_text(encoding="utf-8")


def test_a_hard_wrapped_page_is_read_as_paragraphs() -> None:
    """Each wrapped line that did not end a sentence was taken for a heading and dropped, so a paragraph kept only
    its last line ("and the Twelfth Schedule (18 subjects).")."""
    text = reflow(_page("h32_1_pdf_report"))
    assert ("Under Section 45ZA of the amended Act, the Central Government, in consultation with the Reserve Bank, "
            "determines the inflation target") in text
    assert "Supply disruptions" in text and "Chairperson, ex officio" in text  # a word broken at the line end
    assert "Search-cum-Selection Committee" in text and "a four-year low" in text  # a hyphen that belongs stays
    assert "Policy repo rate                                                6.50\n" in text  # a table keeps its rows
    timeline = clean(reflow(_page("h32_2_timeline"))).text
    assert ("1993 - 73rd Amendment comes into force on 24 April 1993: Part IX (Articles 243 to 243-O) and the "
            "Eleventh Schedule (29 subjects).") in timeline
    assert "\n1996 - Panchayats" in timeline  # the next entry starts its own line


def test_a_page_that_is_not_wrapped_is_left_alone() -> None:
    """Every earlier holdout page and every shipped source keeps each paragraph on one line: none is taken as
    wrapped, so none changes."""
    pages = [*EARLIER, *SHIPPED.glob("*.txt")]
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert wrap_width(text.split("\n")) is None, page.name
        assert reflow(text) == text
    # a list of short lines is no wrapped prose either
    menu = "\n".join(f"Item number {i} of the menu list" for i in range(20))
    assert reflow(menu) == menu


def test_a_practice_questions_statements_are_no_facts(built: dict[str, dict]) -> None:
    """"3. The Eleventh Schedule contains 18 subjects." is the page's own practice question, false on purpose. It
    became a statement keyed true. The answer's explanation below the options stays."""
    text = clean(reflow(_page("h32_2_timeline"))).text
    assert "contains 18 subjects" not in text and "1 and 2 only" not in text
    assert "The Eleventh Schedule lists 29 subjects" in text
    for bank in built.values():
        for item in served(bank):
            assert "contains 18 subjects" not in item["stem"] and "contains 18 subjects" not in str(item.get("options"))


def test_a_timeline_entry_dates_its_own_months(built: dict[str, dict]) -> None:
    """"1992 - Parliament passes the bill in December" was read against the page's date: December 2024."""
    facts = built["h32_2_timeline"]["facts"]
    december = [f for f in facts if f["kind"] == "date" and "passes the bill in December" in f["label"]]
    assert december and all(f["value"] == "1992-12" for f in december)


def test_a_timeline_entry_is_note_form() -> None:
    statements = fact_item("Consider the following statements:\n1. 1992 - Parliament passes the bill in December.\n"
                           "2. The Eleventh Schedule has 29 subjects.\nWhich of the statements given above is/are "
                           "correct?")
    statements = statements.__class__(**{**statements.__dict__, "type": "mcq", "style": "statements"})
    assert gate.note_fragment(statements, None)
    numbered = statements.__class__(**{**statements.__dict__, "stem": statements.stem.replace(
        "1. 1992 - Parliament passes the bill in December.", "1. 3. The Eleventh Schedule contains 29 subjects.")})
    assert gate.note_fragment(numbered, None)  # round 22: "2. 3. The Eleventh Schedule …" kept its list number


@pytest.mark.parametrize("stem", [
    "“Jawaharlal Nehru inaugurates it at Nagaur on 2 October 1959.”",
    "“The day, first observed in 2015, marks the launch of the Swadeshi Movement.”",
])
def test_an_unnamed_object_or_subject_is_a_dangling_reference(stem: str) -> None:
    assert gate.dangling_reference(fact_item(f"Fill in: {stem}"), None)


@pytest.mark.parametrize("stem", [
    "“How many members did the Missile Technology Control Regime (MTCR) have once India joined it in 2016?”",
    "“BRICS began as BRIC, and its first summit was held in Yekaterinburg in June 2007.”",
])
def test_a_named_antecedent_is_no_dangling_reference(stem: str) -> None:
    assert not gate.dangling_reference(fact_item(f"Fill in: {stem}"), None)


def test_a_statement_is_read_cold(built: dict[str, dict]) -> None:
    """"2. The day, first observed in 2015, …" and "1. The highest penalty in its Schedule …" were served in a
    statements item: the gate read only quotes, and a statement is none."""
    compilation = built["h32_6_monthly_compilation"]
    assert not any("The day, first observed" in it["stem"] for it in served(compilation))


def test_wrapped_heads_find_the_headline() -> None:
    assert guess_title(reflow(_page("h32_2_timeline"))) == "TIMELINE: Evolution of Panchayati Raj in India"


def test_no_whole_question_ends_in_a_preposition() -> None:
    """"In which year was Automatic monetisation … replaced by Ways and Means Advances from?": the cut date was the
    object of "from", so the question stopped on it."""
    from quizapp.banks.generate.asking import date_question

    assert date_question("Ad hoc Treasury Bills were phased out and replaced by Ways and Means Advances from "
                         "[when?].", "year") is None


def test_heads_of_wrapped_and_bylined_pages() -> None:
    """A PDF page's running head ("86   Economic Survey 2023-24") and a section head below the byline ("THE TEXT (as
    it stands today)") were taken for titles; "Last reviewed:" and a dated byline did not date their pages."""
    from quizapp.banks.sources import find_document_date

    assert guess_title(reflow(_page("h32_1_pdf_report"))) == "Anchoring Inflation: The Monetary Policy Framework"
    article = reflow(_page("h32_4_constitution_article"))
    assert guess_title(article) == ("Article 123: Power of President to promulgate Ordinances during recess of "
                                    "Parliament")
    assert str(find_document_date(article).date) == "2025-03-18"
    assert str(find_document_date(reflow(_page("h32_3_glossary"))).date) == "2024-10-14"


def test_a_pasted_wrapped_page_is_reflowed_as_a_built_one_is() -> None:
    """An upload reads the same text the bank build does: a learner pasting a wrapped report gets its paragraphs."""
    from quizapp.uploads.files import read_paste

    pasted = read_paste(_page("h32_2_timeline")).text
    assert pasted == reflow(_page("h32_2_timeline")).strip("\n")
    assert "1882 - Lord Ripon's resolution on local self-government (18 May 1882), often called the" in pasted


def test_a_printed_reports_marks_are_no_words() -> None:
    """"3.9 India's monetary policy framework …" made a count of 3.9; footnote markers glued to the text
    ("(FIT).1 Under", "31 March 2026.2", "the Government,3 and") and the notes' own numbers are no part of a
    sentence either."""
    text = reflow(_page("h32_1_pdf_report"))
    assert "\nIndia's monetary policy framework underwent" in text and "3.9 India" not in text
    assert "targeting (FIT). Under Section 45ZA" in text and "31 March 2026.\n" in text
    assert "to the Government, and an additional meeting" in text
    assert "\nChapter IIIF (Sections 45Z to 45ZO), inserted" in text
    assert "Table 3.2: Policy rates" in text and "Box 3.1: The Monetary Policy Committee" in text


def test_a_question_names_its_instrument_and_body_in_full(built: dict[str, dict]) -> None:
    """Round 22b's reader: "sign a Monetary Policy Framework Agreement" asks about one named instrument ("the"), and
    "the Reserve Bank" is the Reserve Bank of India, which the page names in full."""
    stems = [it["stem"] for it in served(built["h32_1_pdf_report"])]
    assert any("the Reserve Bank of India sign the Monetary Policy Framework Agreement?" in s for s in stems)
    from quizapp.banks.generate.asking import date_question

    assert date_question("Tripura and Mizoram signed a Peace Accord in [when?].", "year") == (
        "In which year did Tripura and Mizoram sign the Peace Accord")


@pytest.mark.parametrize("stem", [
    "Q. Consider the following statements about the Act:",
    "Q1. Consider the following statements:",
    "Q.1) Which of the following is NOT a function of the Council?",
    "Question 3: With reference to the Act, consider the following:",
    "4. Consider the following pairs:",
    "Prelims Practice Question: With reference to the Act, consider the following statements:",
    "PYQ (2019): Consider the following statements:",
])
def test_every_common_wording_of_a_practice_mcq_is_furniture(stem: str) -> None:
    page = (f"{stem}\n1. The Eleventh Schedule contains 18 subjects.\n2. It came into force on 24 April 1993.\n"
            "Which of the statements given above is/are correct?\n(a) 1 only\n(b) 2 only\n(c) Both\n(d) Neither\n"
            "Answer: (b). The Eleventh Schedule lists 29 subjects.\n")
    text = clean(page).text
    assert "contains 18 subjects" not in text and "lists 29 subjects" in text


def test_a_myth_is_no_fact() -> None:
    text = clean("Myth: The Eleventh Schedule has 18 subjects.\nFact: The Eleventh Schedule has 29 subjects.\n").text
    assert "18 subjects" not in text and "29 subjects" in text
