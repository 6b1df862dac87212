"""Year MCQs for one-off dated events (a landmark visit, a signing between named parties), beside their
recall cards. Synthetic documents; each test pairs a text that must give the item with a near miss that
must not."""

from __future__ import annotations

import datetime as dt

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.generate.events import EVENT_YEAR
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item


def _doc(text: str, day: dt.date) -> Document:
    meta = DocumentMeta(id="t_r2", file="t_r2.txt", title="Notes on a neighbourhood", publisher="Daily Review",
                        published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _run(text: str, day: dt.date = dt.date(2018, 10, 29)) -> tuple[list[Fact], list[Item]]:
    doc = _doc(text, day)
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    return facts, gate.apply_gate(generate_items(doc, facts, facts), ctx)


def _year_mcqs(items: list[Item]) -> list[Item]:
    return [it for it in items if it.type == "mcq" and EVENT_YEAR in it.tags]


VISIT = "Then Prime Minister Rajiv Gandhi’s made a groundbreaking visit to Beijing in 1988."


OTHERS = (" India signed a Treaty on Extradition with Kenya in 2010. The SAARC Secretariat is based in Kathmandu."
          " India signed an Agreement on Drug Trafficking with Oman in 2008.")


def test_a_landmark_visit_serves_a_year_mcq_worded_apart_from_its_card() -> None:
    _facts, items = _run(VISIT + OTHERS)  # other facts, or the document balance holds one of the two
    [mcq] = _year_mcqs(items)
    assert mcq.status == "generated", mcq.hold_reasons
    assert mcq.stem == "Prime Minister Rajiv Gandhi made a groundbreaking visit to Beijing in which of the following years?"
    assert mcq.options[int(mcq.answer or 0)] == "1988"
    assert len(set(mcq.options)) == 4 and all(abs(int(o) - 1988) <= 4 for o in mcq.options)
    card = [it for it in items if it.type == "fact" and it.stem.startswith("In which year did Prime Minister")]
    assert card and card[0].status == "generated"  # the card and the MCQ both serve: one of each per fact


def test_a_plain_visit_gives_no_year_mcq_and_a_visit_year_mcq_stays_itinerary() -> None:
    _facts, items = _run("Prime Minister Rajiv Gandhi made a visit to Beijing in 1988.")
    assert _year_mcqs(items) == []
    # the itinerary hold still takes a dated visit with no landmark word or outcome
    plain = Item(id="q_x", type="mcq", style="single", stem="In which year did the Minister visit Beijing?",
                 source=items[0].source if items else None, facts=(), topic="x", answer=0,  # type: ignore[arg-type]
                 options=("1985", "1986", "1987", "1988"), explanation="x")
    ctx = gate.Context(facts={}, base=FactBase.from_facts([]), documents={})
    assert gate.itinerary(plain, ctx)
    landmark = Item(id="q_y", type="mcq", style="single", stem=VISIT.replace("in 1988", "in which year?"),
                    source=plain.source, facts=(), topic="x", answer=0, options=plain.options, explanation="x")
    assert not gate.itinerary(landmark, ctx)


SIGNED = ("On 4 April 2013, a Treaty on Mutual Legal Assistance in Criminal Matters was signed between India and "
          "Azerbaijan in New Delhi.")


def test_a_signing_between_named_parties_asks_its_year_whole_and_drops_the_blank_year_mcq() -> None:
    _facts, items = _run(SIGNED, dt.date(2014, 3, 31))
    [mcq] = _year_mcqs(items)
    assert mcq.stem == ("In which year did India and Azerbaijan sign a Treaty on Mutual Legal Assistance in "
                        "Criminal Matters in New Delhi?")
    assert mcq.options[int(mcq.answer or 0)] == "2013"
    assert all(int(o) <= 2014 for o in mcq.options)  # never a year after the document's date
    # "Which year correctly fills the blank" on the same sentence and year would ask it twice
    assert not [it for it in items if it.type == "mcq" and it.stem.startswith("Which year correctly fills")]


def test_a_signing_in_the_documents_own_year_gives_no_year_mcq() -> None:
    _facts, items = _run(SIGNED, dt.date(2013, 5, 1))
    assert _year_mcqs(items) == []  # no later year may be offered: the key would be the latest option


def test_a_recurring_round_gives_no_year_mcq() -> None:
    text = ("The second Homeland Security Dialogue between India and USA was held on 21 May 2013 in Washington DC.")
    _facts, items = _run(text, dt.date(2014, 3, 31))
    assert _year_mcqs(items) == []


def test_a_first_asked_by_year_is_not_undated() -> None:
    first = Item(id="q_z", type="mcq", style="single",
                 stem="In which year did China and India hold a security dialogue for the first time?",
                 source=None, facts=(), topic="x", answer=3,  # type: ignore[arg-type]
                 options=("2015", "2016", "2017", "2018"), explanation="x")
    ctx = gate.Context(facts={}, base=FactBase.from_facts([]), documents={})
    assert not gate.undated_first(first, ctx)
    card = Item(id="q_w", type="fact", stem="Which two countries held a security dialogue for the first time?",
                source=None, facts=(), topic="x", answer="China and India", explanation="x")  # type: ignore[arg-type]
    assert gate.undated_first(card, ctx)


# -- one card per sentence: whole questions may share a sentence, a quoted card may not ----------------------

QUAD = ("The meeting comes amid the ongoing stand-off between Indian and Chinese troops along their disputed "
        "border. The US and India have stepped up their cooperation since the stand-off began in May, including "
        "a security arrangement with Japan and Australia known as the Quad.")


def test_two_whole_questions_of_different_facts_share_a_sentence() -> None:
    _facts, items = _run(QUAD, dt.date(2020, 10, 26))
    served = [it for it in items if it.type == "fact" and it.status == "generated"]
    assert sorted(str(it.answer) for it in served) == ["May 2020", "the Quad"]


def test_a_quoted_date_card_still_yields_its_sentence_to_a_whole_question() -> None:
    text = "Wuhan reset: Prime Minister Narendra Modi and Chinese President Xi Jinping held an informal summit in Wuhan, China, in April 2018."
    _facts, items = _run(text, dt.date(2018, 10, 29))
    cards = [it for it in items if it.type in ("fact", "cloze") and it.source.quote == text]
    served = [it for it in cards if it.status == "generated"]
    assert [it.answer for it in served] == ["Wuhan"], [(it.stem, it.status, it.hold_reasons) for it in cards]
    # the date card is held: asked again on the same sentence, or (session 25) still in its completion form
    assert any({"same_sentence", "completion_form"} & set(it.hold_reasons) for it in cards)
