"""Session 27: round 14's two needs-edits on the new documents, as rules over the text's shape."""
from __future__ import annotations

import datetime as dt

from quizapp.banks.extract import extract_facts
from quizapp.banks.generate import common
from quizapp.banks.generate.events import generate_events
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta


def _doc(text: str, day: dt.date = dt.date(2020, 10, 28)) -> Document:
    meta = DocumentMeta(id="t_s27q", file="t_s27q.txt", title="Defence ties", publisher="Reuters", published=day,
                        as_of=day)
    return segment(Document(meta=meta, text=text))


def test_a_pact_named_by_the_next_sentence_is_named_in_the_card() -> None:
    doc = _doc("Defence ties\n\nNEW DELHI, Oct 28 (Reuters) - Brazil and Chile signed a pact on Tuesday to share "
               "sensitive map data, as the two countries deepened ties.\n\nThe Basic Exchange and Cooperation "
               "Agreement (BECA) was signed during the annual talks.\n")
    cards = [it for it in generate_events(doc, extract_facts(doc)) if "which two countries signed" in it.stem]
    assert [it.stem for it in cards] == [
        "On 27 October 2020, which two countries signed the Basic Exchange and Cooperation Agreement (BECA), a pact "
        "to share sensitive map data?"]
    assert cards[0].answer == "Brazil and Chile"


def test_a_pact_the_next_passage_names_is_not_taken_for_it() -> None:
    doc = _doc("Defence ties\n\nNEW DELHI, Oct 28 (Reuters) - Brazil and Chile signed a pact on Tuesday to share "
               "sensitive map data.\n\nOther news\n\nMore stories\n\nThe Logistics Exchange Memorandum of "
               "Agreement was signed in 2016.\n")
    cards = [it for it in generate_events(doc, extract_facts(doc)) if "which two countries signed" in it.stem]
    assert cards and all("Logistics" not in it.stem for it in cards)


def test_a_bodys_founding_is_asked_of_its_name_when_the_page_spells_it() -> None:
    doc = _doc("Regimes\n\nIndia became the 35th member of the Missile Technology Control Regime (MTCR) on Monday. "
               "The MTCR was set up in 1987 by the G7 countries.\n")
    assert common.name_founded(doc, "In which year was the MTCR set up by the G7 countries") == (
        "In which year was the Missile Technology Control Regime (MTCR) set up by the G7 countries")
    # a page that never spells it keeps the abbreviation; another question is left alone
    bare = _doc("Regimes\n\nThe MTCR was set up in 1987.\n")
    assert common.name_founded(bare, "In which year was the MTCR set up") == "In which year was the MTCR set up"
    assert common.name_founded(doc, "Where is the MTCR based") == "Where is the MTCR based"


def test_a_tables_pairs_say_what_the_rows_are_when_its_lead_names_it() -> None:
    from quizapp.banks.generate.compound import table_subject

    assert table_subject("Some examples of India's bilateral extradition treaties are given below") == (
        "India's bilateral extradition treaties")
    assert table_subject("Details of the BRICS summits are as follows") == "the BRICS summits"
    # a lead that names nothing a cold reader can place, or that is a sentence, gives no subject
    assert table_subject("The summits held so far are listed in the table below") is None
    assert table_subject("India signed these treaties, as the table shows") is None


def test_the_pairs_item_of_such_a_table_leads_with_its_subject() -> None:
    from quizapp.banks import gate
    from quizapp.banks.factbase import FactBase
    from quizapp.banks.generate import generate_items

    doc = _doc("Extradition FAQ\n\nSome examples of India's bilateral extradition treaties are given below:\n\n"
               "| S.No. | Country | Year of signing |\n|---|---|---|\n| 1 | Nepal | 1953 |\n| 2 | Canada | 1987 |\n"
               "| 3 | United Kingdom | 1992 |\n| 4 | Mongolia | 2001 |\n", day=dt.date(2022, 5, 1))
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    items = gate.apply_gate(generate_items(doc, facts, facts),
                            gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta}))
    pairs = [it for it in items if it.style == "pairs"]
    assert pairs and all(it.stem.startswith("With reference to India's bilateral extradition treaties, consider "
                                            "the following pairs:\nCountry — Year of signing\n1. ") for it in pairs)
