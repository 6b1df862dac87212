"""s26: what session 26's holdout pages showed the gate letting through: a timeline's entry pasted as a
statement, and "on the same day" with no day shown. Each rule holds a constructed item; a clean one passes."""

from __future__ import annotations

from quizapp.banks import gate
from quizapp.banks.generate.compound import STATEMENT_OPTIONS
from quizapp.banks.types import Item
from tests.unit.banks.test_gate_audit_rules import SRC, ctx


def statements(first: str, second: str) -> Item:
    stem = (f"Consider the following statements:\n1. {first}\n2. {second}\n"
            "Which of the statements given above is/are correct, as reported in 2021–22?")
    return Item(id="q1", type="mcq", style="statements", stem=stem, source=SRC, facts=(), topic="IR", answer=1,
                options=STATEMENT_OPTIONS)


CLEAN = "The first India-Central Asia Summit was held in virtual format in January 2022."


def test_a_timeline_entry_pasted_as_a_statement_is_held() -> None:
    item = statements("4 May 2020 - India-UK Virtual Summit.", CLEAN)
    assert gate.table_template(item, ctx())
    assert not gate.table_template(statements("The India-UK Virtual Summit was held on 4 May 2021.", CLEAN), ctx())


def test_the_same_day_with_no_day_shown_is_a_dangling_reference() -> None:
    item = statements("The first India-Russia 2+2 Dialogue was held on the same day.", CLEAN)
    assert gate.dangling_reference(item, ctx())
    assert not gate.dangling_reference(statements("The first India-Russia 2+2 Dialogue was held on 6 December 2021.",
                                                  CLEAN), ctx())


def test_a_blank_on_a_bodys_kind_or_on_a_clause_is_trivial() -> None:
    """Session 27's holdout: "the _____ of the Plenary" (Chairmanship), "the 26th annual _____ of the WA"
    (Plenary) and "_____ in 2023 gives India a role" (Chairing the WA Plenary) teach nothing."""
    from quizapp.banks import gate
    from quizapp.banks.types import Item, Source

    def cloze(answer: str, stem: str) -> Item:
        return Item(id="q_t", type="cloze", stem=f"Fill in the blank:\n“{stem}”", answer=answer,
                    source=Source("d", 0, 10, stem.replace("_____", answer)), facts=(), topic="t", explanation="")

    ctx = gate.Context(facts={}, base=None, documents={})  # type: ignore[arg-type]
    assert gate.trivial_blank(cloze("Chairmanship", "India will assume the _____ of the Plenary from 2023."), ctx)
    assert gate.trivial_blank(cloze("Plenary", "At the 26th annual _____ of the WA, India took over."), ctx)
    assert gate.trivial_blank(cloze("Chairing the WA Plenary", "_____ in 2023 gives India a role."), ctx)
    assert not gate.trivial_blank(cloze("Wassenaar Arrangement", "India chairs the _____ in 2023."), ctx)
    assert not gate.trivial_blank(cloze("Beijing", "The summit was held in _____ in 2019."), ctx)
    assert not gate.trivial_blank(cloze("Kunming Declaration", "The parties adopted the _____ in 2021."), ctx)


def test_the_original_four_names_no_grouping() -> None:
    from quizapp.banks import gate

    assert gate._DANGLING.search("The original four (Brazil, Russia, India and China) first met in 2009.")
    assert not gate._DANGLING.search("The original four members of BRIC first met at Yekaterinburg in 2009.")
