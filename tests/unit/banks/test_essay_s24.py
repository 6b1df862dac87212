"""Mains prompts a setter would sign: each fault round 5's blind reader found in the shipped
essay, written into a small document of its own, and the rule that now serves or holds a
generated prompt.

Every document here goes through the real pipeline (clean, segment, extract, generate, gate)
from a file on disk, as `banks build` reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.generate.essay import GAIN, STRAIN, keywords, side_of
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.banks.types import Item
from quizapp.writing.coverage import KeyPointSpec, coverage
from tests.unit.banks.pipeline import run_pipeline

# The shape of the shipped explainer: lead labels, a heading, enumerated reasons, a summing-up
# sentence with a garbled ending, a relative date, and a two-part practice question.
RESET = """Vietnam, Korea ink first-ever maritime cooperation agreement

Vietnam and Korea signed their first ever maritime cooperation agreement marking a new beginning in bilateral ties.

Hanoi summit: President Lee and Premier Tran held an informal summit in Hanoi in March this year which helped repair the partnership between the two navies.

The Hanoi summit also sends a signal that both navies are capable of handling their differences through dialogue and joint patrols.

Why the pact matters:

Significantly, there is no record of Korea having ever signed a maritime cooperation agreement with any country, albeit Korea has signed fishery pacts with 12 countries.

How is the new reset different?

  • Firstly, the fishing dispute around the Paracel shoals is far more complex and difficult to manage in 2024 than it was in 1992.
  • Secondly, the naval balance has shifted dramatically since 1992, making negotiations and mutual accommodation much more difficult.
  • Thirdly, the rivalry over undersea cables and port access has sharpened the tensions between the two navies since 2015.
  • Finally, unlike in 1992 Hanoi and Seoul have to deal with the legacy of three decades of mistrust and disappointments.

In sum, it is too early to credit the Hanoi meeting as a reset of 1992; however, it signifies a booster to relationship between Vietnam.

Practice Question:

The relationship between Vietnam and Korea is much more complex and difficult to manage today than in the past. Do you agree? What areas of convergence need to be explored between them for better ties?
"""

# The same page with only the "difficult" half: nothing on convergence.
STRAIN_ONLY = """Vietnam and Korea at sea: why ties are strained

Vietnam Korea ties are primarily defined by a deep trust deficit over the Paracel shoals.

  • Firstly, the fishing dispute around the Paracel shoals is far more complex and difficult to manage in 2024 than it was in 1992.
  • Secondly, the naval balance has shifted dramatically since 1992, making negotiations and mutual accommodation much more difficult.
  • Thirdly, the rivalry over undersea cables and port access has sharpened the tensions between the two navies since 2015.
  • Finally, unlike in 1992 Hanoi and Seoul have to deal with the legacy of three decades of mistrust and disappointments.

Practice Question:

The relationship between Vietnam and Korea is much more complex and difficult to manage today than in the past. Do you agree? What areas of convergence need to be explored between them for better ties?
"""

# A ministry page with no practice question and enough worth-asking facts for a generated prompt.
MINISTRY = """Legal cooperation against crime

The Ministry of Justice of Ruritania is the nodal ministry for extradition and mutual legal assistance in criminal matters.

Ruritania has so far operationalised Extradition Treaties with the following 12 countries:-
Austria Belgium Chile Denmark Estonia Finland Ghana Hungary Iceland Jordan Kenya Latvia

In addition, Treaties with 3 countries, namely, Malta, Norway and Oman have been signed which are yet to be ratified.

On 4 March 2019, an Extradition Treaty was signed between Ruritania and Peru in Strelsau.

Ruritania has signed bilateral agreements on drug trafficking with Austria, Chile, Ghana, Kenya and the UAE.

Memoranda of Understanding on Drug trafficking have also been signed by Ruritania with Estonia, Iceland and Oman.

Ruritania and the United Arab Emirates signed an Extradition Treaty in Abu Dhabi on 2 May 2017.

An Extradition Treaty has already been signed by Ruritania with Oman in 2018 which is yet to be ratified by Oman.
"""


_pipeline = run_pipeline


def _essays(items: list[Item], generated: bool = False) -> list[Item]:
    return [it for it in items if it.type == "essay" and ("generated-prompt" in it.tags) == generated]


@pytest.fixture()
def reset(tmp_path: Path) -> Item:
    (essay,) = _essays(_pipeline(tmp_path, ("reset", "2024-06-01", RESET)))
    return essay


def test_the_shipped_essays_faults_are_gone_and_it_is_served(reset: Item) -> None:
    texts = [kp.text for kp in reset.key_points]
    assert reset.status == "generated" and reset.hold_reasons == ()
    assert 4 <= len(texts) <= 8
    # no page headings or lead labels, no enumerators, no summing-up sentence with its garbled ending
    assert not [t for t in texts if re.match(r"(?:Hanoi summit|Why the pact matters|Firstly|Secondly|Thirdly|"
                                              r"Finally|In sum)\b", t)]
    assert not [t for t in texts if "booster" in t or t.rstrip(".").endswith("between Vietnam")]
    # "March this year" resolved against the document date, as plain text
    assert any("in March 2024" in t for t in texts) and not [t for t in texts if "this year" in t]
    # the aside on 12 fishery pacts repeats the first-ever point and is no point of its own
    assert not [t for t in texts if "fishery pacts" in t]


def test_every_point_is_a_whole_sentence_linked_to_its_fact(reset: Item) -> None:
    for kp in reset.key_points:
        assert kp.text[:1].isupper() and kp.text.endswith("."), kp.text
        assert kp.source.quote.strip() and RESET[kp.source.start:kp.source.end] == kp.source.quote
        assert kp.items, kp.text  # a card teaches every point
    dated = next(kp for kp in reset.key_points if "1992" in kp.text and "complex" in kp.text)
    assert dated.facts and "2024" in dated.keywords and "1992" in dated.keywords


def test_keywords_are_the_facts_terms_not_padding(reset: Item) -> None:
    padding = {"making", "marking", "beginning", "unlike", "significantly", "dramatically", "signed", "vietnam",
               "korea", "countries", "relations", "ties"}
    for kp in reset.key_points:
        assert not {k.casefold() for k in kp.keywords} & padding, (kp.text, kp.keywords)
    kws = keywords("Secondly, the naval balance has shifted dramatically since 1992, making negotiations harder.")
    assert kws[:2] == ("1992", "naval balance") and not {"secondly", "shifted", "dramatically", "making"} & set(kws)
    assert "smuggling" in keywords("Both sides agreed to curb the smuggling of arms and human trafficking, they said.")


def test_a_two_part_question_gets_points_on_each_half(reset: Item) -> None:
    sides = [side_of(kp.text) for kp in reset.key_points]
    assert sides.count(GAIN) >= 2 and sides.count(STRAIN) >= 2, list(zip(sides, [k.text for k in reset.key_points],
                                                                      strict=True))


def test_a_page_with_one_half_only_holds_its_question(tmp_path: Path) -> None:
    (essay,) = _essays(_pipeline(tmp_path, ("strained", "2024-06-01", STRAIN_ONLY)))
    assert essay.status == "held" and "essay_half_uncovered" in essay.hold_reasons


def test_a_page_question_its_points_do_not_answer_is_held(tmp_path: Path) -> None:
    text = RESET.split("Practice Question:")[0] + (
        "Practice Question:\n\nDiscuss the role of the Mekong River Commission in regional water sharing.\n")
    (essay,) = _essays(_pipeline(tmp_path, ("offdemand", "2024-06-01", text)))
    assert essay.status == "held" and "essay_off_demand" in essay.hold_reasons


def test_a_page_without_a_question_gets_a_served_generated_prompt(tmp_path: Path) -> None:
    items = _pipeline(tmp_path, ("ministry", "2019-06-01", MINISTRY))
    (prompt,) = _essays(items, generated=True)
    assert prompt.status == "generated" and prompt.hold_reasons == ()  # served, and still marked generated
    assert "generated-prompt" in prompt.tags and (prompt.marks, prompt.word_limit) == (15, 250)
    assert prompt.stem.startswith("Examine how Ruritania cooperates") is False  # no document-keyed wording
    assert "with reference to the Extradition Treaties" in prompt.stem
    assert 4 <= len(prompt.key_points) <= 8
    by_id = {it.id: it for it in items}
    for kp in prompt.key_points:
        assert kp.facts and kp.text[:1].isupper() and not kp.text.startswith(("In addition", "Treaties with"))
        assert all(by_id[i].type != "essay" for i in kp.items)
    # "… with the following 12 countries:-" is a point about the count, not a dangling list intro
    # (dated, as a count that holds "so far" is, since round 6)
    assert any(re.search(r"with 12 countries(?: \(as of [^)]+\))?\.$", kp.text) for kp in prompt.key_points)
    # an abbreviation is spelt out only in the page's own words: no "UAE [United Arab Emirate]"
    assert any("Kenya and the UAE." in kp.text for kp in prompt.key_points)
    # Oman's treaty "signed … yet to be ratified" is the point the three-country sentence already makes;
    # since s25 counts and lists make at most two points, so the three-country count of the same
    # Treaties waits behind counts of other instruments and this page's rubric has no room for it
    from quizapp.banks.generate.essay import MAX_COUNT_POINTS, is_count_point

    assert sum(is_count_point(kp.text) for kp in prompt.key_points) <= MAX_COUNT_POINTS
    assert not [kp for kp in prompt.key_points if "with Oman in 2018" in kp.text]


def test_a_page_with_its_own_question_gets_no_generated_one(tmp_path: Path) -> None:
    items = _pipeline(tmp_path, ("reset", "2024-06-01", RESET))
    assert len(_essays(items)) == 1 and _essays(items, generated=True) == []


def test_an_essay_takes_no_fact_slot_from_the_cards(tmp_path: Path) -> None:
    path = tmp_path / "ministry.txt"
    path.write_text(MINISTRY, encoding="utf-8")
    doc = segment(load_source(path))
    facts = list(extract_facts(doc))
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    items = generate_items(doc, facts, facts)
    assert _essays(items, generated=True)

    def served(its: list[Item]) -> set[str]:
        return {it.id for it in gate.apply_gate(its, ctx) if it.status == "generated" and it.type != "essay"}

    # the essay cites its points' facts but asks none of them: with or without it, the same cards serve
    assert served(items) == served([it for it in items if it.type != "essay"]) != set()


def test_writing_coverage_finds_the_points_an_answer_makes(reset: Item) -> None:
    specs = [KeyPointSpec(kp.id, kp.text, kp.keywords) for kp in reset.key_points]
    answer = ("Both navies can handle differences through dialogue and joint patrols, as the Hanoi summit showed. "
              "Yet the fishing dispute over the Paracel shoals is more complex now, and the naval balance "
              "has shifted, so negotiations are harder.")
    result = coverage(answer, specs, reset.stem)
    covered = {p.text for p in result.points if p.covered}
    assert any("fishing dispute" in t for t in covered) and any("naval balance" in t for t in covered)
    assert any("dialogue" in t for t in covered)
    assert result.missed_ids  # an answer that skips points is told so
