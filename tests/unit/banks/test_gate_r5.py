"""A gate rule from round 5's blind audit: a card whose sentence ends by introducing a list the item does not
hold ("… with the following [how many?] countries:-") dangles."""

from __future__ import annotations

from quizapp.banks import gate
from tests.unit.banks.test_gate import GOOD_STEM, card, ctx


def test_a_card_whose_sentence_introduces_a_list_it_does_not_hold_is_held() -> None:
    dangling = ("How many? Complete the sentence, as stated by the Ministry of Home Affairs (2014):\n"
                "“India has operationalised these Treaties with the following [how many?] countries:-”")
    assert "dangling_intro" in gate.item_reasons(card("q1", (), dangling, "34"), ctx())
    assert "dangling_intro" not in gate.item_reasons(card("q2", (), GOOD_STEM, "1998"), ctx())
