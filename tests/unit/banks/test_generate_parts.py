"""A list that is part of wider lists: recall and cloze stems say which part, or no card is made."""

from __future__ import annotations

import datetime as dt

from quizapp.banks.generate.parts import WHOLE, part_qualifier
from quizapp.banks.types import Document, DocumentMeta, Fact, Source

TEXT = (
    "Treaties\n\n"
    "India has treaties in force with the following countries: Nepal, Bhutan, France, Egypt and Peru.\n\n"
    "The Himalayan group comprises Nepal, Bhutan, India and China. "
    "Treaties with Nepal and Bhutan are already in force.\n"
)
META = DocumentMeta(id="t_parts", file="t_parts.txt", title="Treaties", publisher="Ministry of Law",
                    published=dt.date(2015, 1, 2), as_of=dt.date(2015, 1, 2))
DOC = Document(meta=META, text=TEXT)


def src(needle: str) -> Source:
    i = TEXT.index(needle)
    return Source(META.id, i, i + len(needle), needle)


IN_FORCE = Fact(id="f_all", kind="list", source=src("Nepal, Bhutan, France, Egypt and Peru"),
                sentence=src("India has treaties in force with the following countries: Nepal, Bhutan, France, Egypt and Peru."),
                label="countries with treaties in force with India", members=("Nepal", "Bhutan", "France", "Egypt", "Peru"))
GROUP = Fact(id="f_group", kind="list", source=src("Nepal, Bhutan, India and China"),
             sentence=src("The Himalayan group comprises Nepal, Bhutan, India and China."),
             label="members of the Himalayan group", members=("Nepal", "Bhutan", "India", "China"))
PART = Fact(id="f_part", kind="list", source=src("Nepal and Bhutan"),
            sentence=src("Treaties with Nepal and Bhutan are already in force."),
            label="countries with which treaties are already in force", members=("Nepal", "Bhutan"))


def cards_on(fact: Fact, facts: list[Fact]) -> list:
    """Every card the rules make (the bank then keeps at most two items per small list)."""
    from quizapp.banks.generate.cloze import generate_cloze
    from quizapp.banks.generate.recall import generate_recall

    return [it for it in generate_recall(DOC, facts) + generate_cloze(DOC, facts) if it.facts == (fact.id,)]


def test_a_whole_list_needs_no_qualifier() -> None:
    assert part_qualifier(IN_FORCE, [IN_FORCE, GROUP, PART]) == WHOLE
    assert part_qualifier(PART, [PART]) == WHOLE
    assert all("among the" not in it.stem for it in cards_on(IN_FORCE, [IN_FORCE, GROUP, PART]))


def test_a_part_where_two_wider_lists_meet_is_named_by_the_group() -> None:
    """The MHA page's five ASEAN countries among the 34 with MLATs in force, in miniature."""
    facts = [IN_FORCE, GROUP, PART]
    assert part_qualifier(PART, facts) == "among the members of the Himalayan group"
    cards = cards_on(PART, facts)
    assert {it.type for it in cards} == {"fact", "cloze"} and len(cards) == 3
    for it in cards:
        assert "among the members of the Himalayan group" in it.stem, it.stem
    recall = next(it for it in cards if it.type == "fact")
    assert recall.stem.startswith("Name the two countries with which treaties are already in force, among the members "
                                  "of the Himalayan group, as stated by")


def test_a_part_that_cannot_be_named_gets_no_recall_or_cloze_card() -> None:
    """Without the group list, 'Name the 2 countries with treaties in force' would have five true answers."""
    facts = [IN_FORCE, PART]
    assert part_qualifier(PART, facts) is None
    assert cards_on(PART, facts) == []
    assert cards_on(IN_FORCE, facts)  # the whole list still gets its cards
