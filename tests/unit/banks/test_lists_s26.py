"""s26: a list that states a condition of entry into force is complete, its recall card spells its members
right, and "the Convention on …" is named whose it is. Synthetic documents through the real pipeline, each
rule beside a near miss that must give nothing, and the shipped sources built fresh."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.check import _answer_in_quote, check_banks
from quizapp.banks.extract import extract_facts
from quizapp.banks.extract.lists import completeness
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item
from tests import fastyaml

SEEDS = Path(__file__).resolve().parents[3] / "questions" / "sources"

CONVENTION = (
    "International cooperation\n\n"
    "  • Further India along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal "
    "Matters in 2008. India has since ratified the Convention. The Convention will come into force after "
    "ratification of the Convention by Nepal, Pakistan and Afganistan. The Convention aims to strengthen regional "
    "cooperation in investigation and prosecution of crime.\n"
    "  • SAARC was set up in 1985 as an association of States. The SAARC Secretariat is based in Kathmandu.\n"
    "  • India signed a Treaty on Extradition with Kenya in 2010.\n")


def _doc(text: str) -> Document:
    day = dt.date(2014, 3, 1)
    meta = DocumentMeta(id="t_s26", file="t_s26.txt", title="Annual report: international cooperation",
                        publisher="Ministry of Home Affairs", published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _run(text: str) -> tuple[list[Fact], list[Item]]:
    doc = _doc(text)
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    return facts, gate.apply_gate(generate_items(doc, facts, facts), ctx)


def _awaited(facts: list[Fact]) -> Fact:
    (fact,) = [f for f in facts if f.kind == "list" and "ratification" in (f.label or "")]
    return fact


def _served(items: list[Item], fact: Fact) -> list[Item]:
    return [it for it in items if fact.id in it.facts and it.status == "generated"]


def test_a_condition_of_entry_into_force_declares_the_awaited_ratifications_complete() -> None:
    closed, reason = completeness("The Convention will come into force after ratification of the Convention by ",
                                  ".", None, 3)
    assert closed and reason.startswith("declared:")
    # an open word still opens it, and a ratification that is only mentioned declares nothing
    assert completeness("will come into force after ratification by countries such as ", ".", None, 2)[0] is False
    assert completeness("The Convention has been ratified by ", ".", None, 3)[0] is False


def test_the_awaited_ratifications_give_a_recall_card_spelt_right_and_a_single_answer_mcq() -> None:
    facts, items = _run(CONVENTION)
    fact = _awaited(facts)
    assert fact.extra["closed"] is True and fact.members == ("Nepal", "Pakistan", "Afghanistan")
    served = _served(items, fact)
    (card,) = [it for it in served if it.type == "fact"]
    # "the Convention on …" is SAARC's, by the sentence that signed it; the source's "Afganistan" is corrected
    assert card.stem == ("Name the three countries whose ratification of the SAARC Convention on Mutual Assistance in "
                         "Criminal Matters is awaited, as stated by the Ministry of Home Affairs (1 March 2014).")
    assert card.answer == "Nepal, Pakistan, Afghanistan"
    assert "Afganistan" in card.source.quote  # the quotation keeps the source's form
    (mcq,) = [it for it in served if it.type == "mcq"]
    key = mcq.options[int(mcq.answer or 0)]
    assert key in fact.members
    for n, option in enumerate(mcq.options):
        if n != mcq.answer:
            assert option not in fact.members and option != "India", option  # proven false by the closed list


def test_without_the_condition_the_same_names_stay_an_open_list_with_no_exclusion_item() -> None:
    text = CONVENTION.replace("The Convention will come into force after ratification of the Convention by",
                              "Officials from the Ministry later discussed the Convention with")
    facts, items = _run(text)
    lists = [f for f in facts if f.kind == "list" and "Nepal" in f.members]
    assert all(f.extra.get("closed") is not True for f in lists)
    assert not [it for it in items for f in lists if f.id in it.facts and it.status == "generated"
                and (it.type == "mcq" or it.stem.startswith("Name the"))]


def test_shipped_banks_ask_the_awaited_ratifications(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "sources")
    build_banks(tmp_path / "sources", tmp_path / "banks")
    # `banks check` accepts the spelling corrected from the quote (the build once wrote a bank it refused)
    assert check_banks(tmp_path / "banks", tmp_path / "sources") == []
    (path,) = [p for p in (tmp_path / "banks").glob("004_*.yaml")]
    bank = fastyaml.load(path.read_text(encoding="utf-8"))
    stems = [it["stem"] for it in bank["items"] if it["status"] == "generated"]
    assert ("Name the three countries whose ratification of the SAARC Convention on Mutual Assistance in Criminal "
            "Matters is awaited, as stated by the Ministry of Home Affairs (2013–14).") in stems


def test_check_takes_a_corrected_spelling_only_for_a_member_of_the_cited_list() -> None:
    quote = "ratification of the Convention by Nepal, Pakistan and Afganistan."
    spelt = {"Nepal": "Nepal", "Pakistan": "Pakistan", "Afghanistan": "Afganistan"}
    assert _answer_in_quote("Nepal, Pakistan, Afghanistan", quote, spelt)
    assert not _answer_in_quote("Nepal, Pakistan, Afghanistan", quote)  # no list cited: the quote must hold it
    assert not _answer_in_quote("Nepal, Pakistan, Bhutan", quote, spelt)
