"""Session 25: tri-junction MCQs and leaders of non-state groups, from the shape of the text.

Synthetic documents for each shape, each beside a near miss that must give nothing, and the shipped
sources built fresh."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.check import check_banks
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import common, generate_items, regions
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item
from tests import fastyaml

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "questions" / "sources"
DAY = dt.date(2019, 3, 14)


def _doc(text: str, doc_id: str = "t_s25") -> Document:
    meta = DocumentMeta(id=doc_id, file=f"{doc_id}.txt", title="Notes on the neighbourhood", publisher="Daily Review",
                        published=DAY, as_of=DAY)
    return segment(Document(meta=meta, text=text))


def _run_many(texts: list[str]) -> tuple[list[Fact], list[Item]]:
    docs = [_doc(t, f"t_s25_{n}") for n, t in enumerate(texts)]
    per = {d.meta.id: extract_facts(d) for d in docs}
    corpus = [f for fs in per.values() for f in fs]
    base = FactBase.from_facts(corpus)
    ctx = gate.Context(facts=base.facts, base=base, documents={d.meta.id: d.meta for d in docs})
    items = [it for d in docs for it in generate_items(d, per[d.meta.id], corpus)]
    return corpus, gate.apply_gate(items, ctx)


def _run(text: str) -> tuple[list[Fact], list[Item]]:
    return _run_many([text])


def _rule(facts: list[Fact], rule: str) -> list[Fact]:
    return [f for f in facts if f.kind == "event" and f.extra.get("rule") == rule]


def _served(items: list[Item], fact: Fact) -> list[Item]:
    return [it for it in items if fact.id in it.facts and it.status == "generated"]


# -- tri-junctions --------------------------------------------------------------------------------

STANDOFF = ("India and China signed a border agreement. The pact comes after a two-month-long border stand-off "
            "between the India Army and the China’s People’s Liberation Army at Doklam on the India-Bhutan-China "
            "tri-junction.")


def _triples(item: Item) -> list[list[str]]:
    return [o.replace(" and ", ", ").split(", ") for o in item.options]


def test_a_place_on_a_hyphened_tri_junction_gives_one_single_answer_mcq() -> None:
    facts, items = _run(STANDOFF)
    (fact,) = _rule(facts, "trijunction")
    assert fact.extra["place"] == "Doklam" and fact.extra["countries"] == ["India", "Bhutan", "China"]
    (mcq,) = [it for it in _served(items, fact) if it.type == "mcq"]
    assert mcq.style == "single"
    # the stand-off the sentence reports describes the place; no date, since the text gives none
    assert mcq.stem == ("Doklam, the site of a two-month-long border stand-off between the Indian Army and China’s "
                        "People’s Liberation Army, lies at the tri-junction of which of the following?")
    assert mcq.options[mcq.answer] == "India, Bhutan and China"
    assert mcq.answer == common.stable_int(mcq.id) % 4
    key = _triples(mcq)[mcq.answer]
    for n, triple in enumerate(_triples(mcq)):
        if n == mcq.answer:
            continue
        # the stem names India and China: each wrong triple keeps them and swaps Bhutan for a state that borders
        # both (a real tri-junction a reader weighs: round 10 marked "India, Bangladesh and China" implausible)
        assert triple[0] == "India" and triple[2] == "China" and triple[1] != "Bhutan"
        assert regions.borders(triple[1], "India") and regions.borders(triple[1], "China"), triple
    assert sorted(t[1] for n, t in enumerate(_triples(mcq)) if n != mcq.answer) == ["Myanmar", "Nepal", "Pakistan"]
    assert key == ["India", "Bhutan", "China"]


def test_the_listed_form_without_a_description_is_attributed_and_swaps_any_undescribed_state() -> None:
    text = "Notes on borders. Kalapani lies at the tri-junction of India, Nepal and China, the map shows."
    facts, items = _run(text)
    (fact,) = _rule(facts, "trijunction")
    (mcq,) = [it for it in _served(items, fact) if it.type == "mcq"]
    assert mcq.stem == ("As stated by Daily Review (14 March 2019), Kalapani lies at the tri-junction of which of the "
                        "following?")
    assert mcq.options[mcq.answer] == "India, Nepal and China"
    assert len(set(mcq.options)) == 4
    for n, triple in enumerate(_triples(mcq)):
        if n != mcq.answer:
            # one state swapped, and a South Asian one (India or Nepal) rather than China for North Korea
            assert sum(a != b for a, b in zip(triple, ["India", "Nepal", "China"], strict=True)) == 1
            assert triple[2] == "China"


@pytest.mark.parametrize("text", [
    "Villages near the India-Nepal-China tri-junction were cut off by snow.",
    "Doklam, near the tri-junction of India, Bhutan and China, saw troops gather.",
    "Lipulekh may lie on the India-Nepal-China trijunction, officials said.",
    "The Doklam plateau is on the India-Bhutan-Tibet tri-junction.",  # Tibet is no state: no triple of states
])
def test_near_misses_give_no_tri_junction(text: str) -> None:
    facts, items = _run("Notes on borders. " + text)
    assert _rule(facts, "trijunction") == []
    assert not any("tri-junction of which" in it.stem for it in items)


def test_two_documents_that_put_a_place_on_different_tri_junctions_give_no_mcq() -> None:
    facts, items = _run_many(["Notes. Kalapani lies at the tri-junction of India, Nepal and China.",
                              "Notes. Kalapani lies at the tri-junction of India, Bhutan and China."])
    assert len(_rule(facts, "trijunction")) == 2
    assert not any("tri-junction of which" in it.stem for it in items)


# -- leaders of non-state groups ------------------------------------------------------------------

def _cards(items: list[Item]) -> list[Item]:
    return [it for it in items if it.type == "fact" and " is the leader of which " in it.stem
            or " is the founder of which " in it.stem]


def test_person_then_group_with_a_terror_noun_gives_a_dated_card_deduplicated_over_two_sentences() -> None:
    text = ("India renewed its bid at the UN to designate Pakistan-based Hafiz Saeed, leader of the Lashkar-e-Taiba "
            "terror group, as a global terrorist.\n\nEarlier the Pakistan-based terrorist, Hafiz Saeed, chief of "
            "Lashkar-e-Taiba (LeT), was placed under house arrest.")
    facts, items = _run(text)
    (fact,) = _rule(facts, "group_leader")
    (card,) = _served(items, fact)
    assert card.stem == "As stated by Daily Review (14 March 2019), Hafiz Saeed is the leader of which terror group?"
    assert card.answer == "Lashkar-e-Taiba (LeT)"  # the fullest writing of the name, quoted as the source has it
    assert card.answer in card.source.quote
    assert "Also:" in card.explanation  # both sentences that state it are cited


def test_group_then_person_expands_the_acronym_from_the_document() -> None:
    text = ("Insurgency in the north-east.\n\nThe government urged Myanmar not to shelter hardline NSLF leader "
            "Arun Deka. It emerged that the National Socialist Liberation Front (NSLF) leader Deka had crossed "
            "the border. During the nineties the extremist leaders got training abroad.")
    facts, items = _run(text)
    (fact,) = _rule(facts, "group_leader")
    assert fact.extra["person"] == "Arun Deka"
    (card,) = _served(items, fact)
    assert card.stem == "As stated by Daily Review (14 March 2019), Arun Deka is the leader of which organisation?"
    assert card.answer == "National Socialist Liberation Front (NSLF)"


@pytest.mark.parametrize("text", [
    # offices and parties are not non-state armed groups, whatever the paragraph says about terror
    "Defence Minister Rajnath Singh, leader of the Indian delegation, spoke on terrorism.",
    "Congress leader Rahul Gandhi condemned the terror attack.",
    "The Bharatiya Janata Party (BJP) condemned the terror attack. BJP leader Ravi Kumar spoke.",
    "Xi Jinping, head of the Communist Party of China, spoke on extremism.",
    # an open list of outfits names no leader
    "Outfits such as the Lashkar-e-Taiba and Jaish-e-Mohammed, whose leaders live in Pakistan, were named.",
    # a past leader, and a group the text never calls militant
    "Former Lashkar-e-Taiba chief Hafiz Saeed was named in the terror case.",
    "Hizbul Mujahideen leader Syed Salahuddin met reporters in the city.",
])
def test_near_misses_give_no_leader_card(text: str) -> None:
    facts, items = _run("Notes on security. " + text)
    assert _rule(facts, "group_leader") == []
    assert _cards(items) == []


def test_a_reporters_question_asserts_no_leader() -> None:
    text = ("Press briefing.\n\nQ: Reports say that the Indian side sought support to list Lashkar-e-Taiba (LeT)’s "
            "leader, Hafiz Saeed, as a terrorist. Do you have any comment?\n\nA: We have noted the reports.")
    facts, _ = _run(text)
    assert _rule(facts, "group_leader") == []


def test_a_person_named_with_two_groups_in_the_corpus_gets_no_card() -> None:
    one = "Notes. Hafiz Saeed, leader of the Lashkar-e-Taiba terror group, was named."
    two = "Notes. Hafiz Saeed, leader of the Jamaat-ud-Dawa terror group, was named."
    facts, items = _run_many([one, two])
    assert len(_rule(facts, "group_leader")) == 2
    assert _cards(items) == []


# -- the shipped sources, built fresh -------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, dict]]:
    base = tmp_path_factory.mktemp("seed_s25")
    sources, banks = base / "sources", base / "banks"
    shutil.copytree(SEEDS, sources)
    report = build_banks(sources, banks)
    assert report.errors == []
    data = {p.stem: fastyaml.load(p.read_text(encoding="utf-8")) for p in sorted(banks.glob("*.yaml"))}
    return sources, banks, data


def test_shipped_banks_serve_the_tri_junction_mcq_and_the_leader_cards(built) -> None:
    sources, banks, data = built
    assert [str(p) for p in check_banks(banks, sources)] == []
    served = [it for bank in data.values() for it in bank["items"] if it["status"] == "generated"]
    tri = [it for it in served if "tri-junction of which of the following" in it["stem"]]
    assert len(tri) == 1
    (mcq,) = tri
    assert mcq["type"] == "mcq" and mcq["style"] == "single"
    assert mcq["options"][mcq["answer"]] == "India, Bhutan and China"
    assert all(o.startswith("India, ") and o.endswith(" and China") for o in mcq["options"])
    assert "year after" not in mcq["stem"] and not any(ch.isdigit() for ch in mcq["stem"])  # no guessed date
    leaders = {it["stem"]: it["answer"] for it in served if " is the leader of which " in it["stem"]}
    assert set(leaders.values()) == {"Jaish-e-Mohammed (JeM)", "United Liberation Front of Assam (ULFA)"}
    assert all(stem.startswith("As stated by ") for stem in leaders)
    # one card per person-group fact, however many sentences state it
    assert len(leaders) == 2
