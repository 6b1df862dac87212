"""Named joint exercises (session 27): which state holds one with India, in the shapes news copy uses."""
from __future__ import annotations

import datetime as dt

import pytest

from quizapp.banks.extract.exercises import extract_exercises
from quizapp.banks.generate.events import generate_events
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta


def _doc(text: str) -> Document:
    meta = DocumentMeta(id="t_ex", file="t_ex.txt", title="Defence cooperation", publisher="The Daily",
                        published=dt.date(2023, 9, 25), as_of=dt.date(2023, 9, 25))
    return segment(Document(meta=meta, text="Defence cooperation\n\n" + text + "\n"))


@pytest.mark.parametrize(("text", "name", "answer"), [
    ("The 19th edition of the India-US joint military exercise Yudh Abhyas began at Auli in Uttarakhand.",
     "Yudh Abhyas", "US"),
    ("Troops took part in the joint military exercise “Maitree” between India and Thailand at Umroi.",
     "Maitree", "Thailand"),
    ("Mitra Shakti is a joint military exercise between India and Sri Lanka held every year.",
     "Mitra Shakti", "Sri Lanka"),
    ("India and Japan began the Dharma Guardian military exercise at Belagavi on 17 February 2023.",
     "Dharma Guardian", "Japan"),
    ("India and France concluded their joint exercise Shakti at Umroi.", "Shakti", "France"),
    # session 27's holdout: the states behind their armies, a weekday between, forces as the sides
    ("The armies of India and the United States on Monday began the 20th edition of their annual joint military "
     "exercise, Yudh Abhyas, at the Mahajan ranges.", "Yudh Abhyas", "the United States"),
    ("The ranges hosted the fifth edition of Exercise Dharma Guardian between the Indian Army and the Japan Ground "
     "Self-Defense Force.", "Dharma Guardian", "Japan"),
])
def test_each_shape_names_the_exercise_and_the_state_beside_india(text: str, name: str, answer: str) -> None:
    facts = extract_exercises(_doc(text))
    assert [(f.extra["name"], f.extra["answer"]) for f in facts] == [(name, answer)]
    assert facts[0].source.quote == answer  # the answer is a span of the source


def test_their_is_read_back_to_the_pair_named_just_before_and_the_quote_runs_from_it() -> None:
    doc = _doc("The onus lies with emerging economies like China and India. They must build trust.\n\n"
               "Along with new opportunities, we recently witnessed the revival of their \"hand-in-hand\" "
               "counter-terrorism military exercises. These were suspended last year.")
    facts = extract_exercises(doc)
    assert [(f.extra["name"], f.extra["answer"], f.extra["kind"]) for f in facts] == [
        ("Hand-in-Hand", "China", "counter-terrorism military")]
    assert "China and India" in facts[0].sentence.quote and facts[0].sentence.quote.endswith("exercises.")
    (item,) = generate_events(doc, facts)
    assert item.stem == "Hand-in-Hand is a joint counter-terrorism military exercise between India and which country?"
    assert item.answer == "China" and "China" in item.source.quote


def test_india_holding_several_exercises_with_several_states_gives_each_its_state() -> None:
    doc = _doc("India also holds Exercise Mitra Shakti with Sri Lanka and Exercise Nomadic Elephant with Mongolia, "
               "while the Indian Navy and the US Navy take part together in the Malabar naval exercise along with "
               "Japan and Australia.")
    assert [(f.extra["name"], f.extra["answer"]) for f in extract_exercises(doc)] == [
        ("Mitra Shakti", "Sri Lanka"), ("Nomadic Elephant", "Mongolia")]  # Malabar has four sides: no pair's


@pytest.mark.parametrize("text", [
    # four navies: "between India and the US" is not the whole of it
    "The Malabar exercise between India and the United States, along with Japan and Australia, began on Monday.",
    # a third state between the pair and "their": whose exercise it is, the page does not say
    "China and India met. Pakistan watched closely. They revived their \"hand-in-hand\" exercises.",
    # India is not one of the two
    "The joint military exercise “Cope Thunder” between the US and the Philippines began on Monday.",
    # a hedge
    "India and Japan may hold the Dharma Guardian military exercise next year.",
    # an exercise with no name
    "India and Japan began a joint military exercise at Belagavi.",
])
def test_no_fact_where_the_page_does_not_settle_the_two_sides(text: str) -> None:
    assert extract_exercises(_doc(text)) == []


def test_the_exercise_card_passes_the_gate_and_is_served() -> None:
    from quizapp.banks import gate
    from quizapp.banks.extract import extract_facts
    from quizapp.banks.factbase import FactBase
    from quizapp.banks.generate import generate_items

    doc = _doc("The 19th edition of the India-US joint military exercise Yudh Abhyas began at Auli in Uttarakhand "
               "on 25 September 2023. It will focus on counter-terrorism operations in mountainous terrain.")
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    context = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    items = gate.apply_gate(generate_items(doc, facts, facts), context)
    card = [it for it in items if it.stem.startswith("Yudh Abhyas is a joint military exercise")]
    assert card and card[0].status == "generated" and card[0].answer == "US", [
        (it.stem, it.status, it.hold_reasons) for it in items]
