"""Session 27: a copied source sentence is mended as a setter would before it stands as a key point
(round 13's reader: "has signed … in 2008", "for setting up of JWG", "defined by trust deficit"), and a
proposal with neither forum nor date in its sentence makes no point."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp.banks.generate import common, essay
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta


@pytest.mark.parametrize(("written", "mended"), [
    ("India along with other SAARC countries has signed a Convention on Mutual Assistance in 2008.",
     "India, along with other SAARC countries, signed a Convention on Mutual Assistance in 2008."),
    ("Brazil has ratified the treaty in March 2011.", "Brazil ratified the treaty in March 2011."),
    ("India China relations are primarily defined by trust deficit between them.",
     "India–China relations are primarily defined by a trust deficit between them."),
    ("Ministry of External Affairs is the nodal authority for setting up of working groups.",
     "The Ministry of External Affairs is the nodal authority for the setting up of working groups."),
    ("The treaties are designed to facilitate widest measures of assistance.",
     "The treaties are designed to facilitate the widest measures of assistance."),
    # round 15d: the source's plural, its basis and its capitals
    ("The framework for combating Crime including International terrorism includes Memorandum of Understandings "
     "signed on bi-lateral basis.",
     "The framework for combating crime including international terrorism includes Memoranda of Understanding "
     "signed on a bilateral basis."),
])
def test_copy_edit_mends_the_grammar_of_a_copied_sentence(written: str, mended: str) -> None:
    assert essay.copy_edit(written) == mended


@pytest.mark.parametrize("kept", [
    "India has signed agreements with 23 countries since 2008.",  # "since" wants the perfect
    "India has signed agreements with 23 countries.",  # no past year
    "Chinese concerns included insurgency in Xinjiang.",
    "The states have a common interest in trade.",  # "interest" is no superlative
    "Beijing Delhi relations are tense.",  # two cities, not two states
    "Joint Working Groups on Counter Terrorism/International Terrorism meet yearly.",  # names keep their capitals
])
def test_copy_edit_leaves_a_sound_sentence_alone(kept: str) -> None:
    assert essay.copy_edit(kept) == kept


def _doc(text: str) -> Document:
    meta = DocumentMeta(id="t_s27", file="t_s27.txt", title="International cooperation", publisher="Ministry", published=dt.date(2014, 3, 31),
                        as_of=dt.date(2014, 3, 31))
    return segment(Document(meta=meta, text=text))


def _point(doc: Document, needle: str) -> str | None:
    s = next(s for s in doc.sentences if needle in doc.text[s.start:s.end])
    return essay.point_text(doc, common.covering_source(doc, s.start, s.end))


def test_a_proposal_with_no_forum_or_date_makes_no_point_and_an_abbreviation_is_spelt_as_a_paper_does() -> None:
    doc = _doc("International cooperation\n\n"
               "The first Forum Summit was held in April 2008. Ministry of Home Affairs proposed cooperation by way "
               "of having bilateral institutional mechanism with African countries.\n\n"
               "Ministry of External Affairs is the nodal authority for setting up of JWG on Counter Terrorism to "
               "exchange information and strengthen international cooperation. The Joint Working Groups on Counter "
               "Terrorism discuss bilateral security issues.\n")
    assert _point(doc, "proposed cooperation") is None
    point = _point(doc, "nodal authority")
    assert point is not None
    assert point.startswith("The Ministry of External Affairs is the nodal authority for the setting up of "
                            "Joint Working Groups (JWGs) on Counter Terrorism"), point


def test_a_convention_is_not_the_treaty_it_shares_words_with_and_no_third_point_repeats_one_instrument() -> None:
    """Round 15's reader: three of eight points on the SAARC Convention, and a frame sentence missing."""
    from quizapp.banks.types import KeyPoint, Source

    src = Source("d", 0, 1, "x")

    def kp(text: str) -> KeyPoint:
        return KeyPoint(id=text[:12], text=text, keywords=("k",), source=src)

    treaty = [kp("The Ministry is the nodal Ministry for concluding Mutual Legal Assistance Treaties in Criminal "
                 "Matters."), kp("India has operationalised the Mutual Legal Assistance Treaties in Criminal Matters "
                                 "with 34 countries.")]
    assert essay._covered("SAARC Convention on Mutual Assistance in Criminal Matters", treaty) == 0
    assert essay._covered("Mutual Legal Assistance Treaties in Criminal Matters", treaty) == 2
    convention = [kp("India signed the SAARC Convention on Mutual Assistance in Criminal Matters in 2008."),
                  kp("The SAARC Convention on Mutual Assistance in Criminal Matters aims to strengthen cooperation."),
                  kp("The SAARC Convention on Mutual Assistance in Criminal Matters will come into force later.")]
    picked = essay.select_points("Examine how India cooperates against crime", [*treaty, *convention])
    assert sum("SAARC Convention" in p.text for p in picked) == 2, [p.text for p in picked]
    # the question's own subject may fill the answer
    sco = [kp(f"The SCO Charter was signed in {y}.") for y in (2002, 2003, 2004)]
    assert essay._in_question("SCO Charter", "Examine the evolution of the Shanghai Cooperation Organisation")
    assert len(essay.select_points("Examine the evolution of the Shanghai Cooperation Organisation", sco)) == 3


def test_the_shipped_mla_prompt_has_the_pages_frame_of_instruments_linked_to_its_facts() -> None:
    from pathlib import Path

    import yaml

    bank = yaml.safe_load((Path(__file__).resolve().parents[3] / "questions" / "banks" /
                           "004_3457cf58089fa324.yaml").read_text(encoding="utf-8"))
    (prompt,) = [it for it in bank["items"] if it["type"] == "essay" and it["status"] == "generated"]
    frame = [kp for kp in prompt["key_points"] if kp["text"].startswith("The legal framework for combating")]
    assert frame and frame[0]["facts"], [kp["text"] for kp in prompt["key_points"]]
    # round 15b: the prompt asks "with reference to" the MLATs, and how far they reach is a point of its own
    assert any("with 34 countries" in kp["text"] for kp in prompt["key_points"])
    # round 15c: and where it falls short, which an "examine" answer assesses
    assert any("will come into force after ratification" in kp["text"] for kp in prompt["key_points"])
    assert not any("Azerbaijan" in kp["text"] for kp in prompt["key_points"])  # the frame took the one-signing date's slot


def test_a_colon_before_lower_case_is_no_lead_label() -> None:
    doc = _doc("Export controls\n\nParticipating States maintain two control lists: the List of Dual-Use Goods and "
               "Technologies (with \"Sensitive\" and \"Very Sensitive\" sub-lists) and the Munitions List.\n\nWuhan reset: The informal summit of April 2018 helped repair "
               "bilateral ties between the two countries.\n")
    # never the fragment after the colon ("The List of Dual-Use Goods … and the Munitions List."); the whole has a
    # note's shape ("label: text") and makes no point either
    assert _point(doc, "two control lists") is None
    assert _point(doc, "Wuhan reset").startswith("The informal summit of April 2018")
