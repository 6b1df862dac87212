"""s26: study notes, as coaching pages write them (session 26's holdout notes on the Tenth Schedule).

Round 13's reader rejected a cloze on half a catchphrase ("____, Gaya Ram") and marked needs-edit clozes cut
from a note's "label (1990): text" and from "… (170th Report, 1999) also examined …"; a Mains prompt's key
points took the page's other practice question and a lettered sub-item as points, and both prompts were filed
under International relations. Constructed items and a synthetic page, each beside a clean one that passes."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks import gate
from quizapp.banks.topics import topic_of
from quizapp.banks.types import Item
from tests.unit.banks.pipeline import run_pipeline
from tests.unit.banks.test_gate_audit_rules import SRC, ctx


def cloze(quote: str, answer: str) -> Item:
    return Item(id="q1", type="cloze", stem=f"Fill in the blank:\n“{quote}”", source=SRC, facts=(), topic="Polity",
                answer=answer)


CLEAN = cloze("The _____ was inserted into the Constitution by the 52nd Constitutional Amendment Act, 1985.",
              "Tenth Schedule")


def test_half_a_catchphrase_is_a_trivial_blank() -> None:
    item = cloze('"_____, Gaya Ram" politics of the 1960s led to demands for a law against defection.', "Aaya Ram")
    assert gate.trivial_blank(item, ctx())
    assert not gate.trivial_blank(CLEAN, ctx())


def test_a_notes_label_and_text_is_a_fragment_but_a_headings_label_before_a_sentence_is_not() -> None:
    item = cloze("_____ on Electoral Reforms (1990): disqualification should be limited to voluntarily giving up "
                 "membership.", "Dinesh Goswami Committee")
    assert gate.note_fragment(item, ctx())
    assert gate.note_fragment(cloze("(b) Independent member: if he joins any _____ after the election.",
                                    "political party"), ctx())
    assert not gate.note_fragment(cloze("Wuhan reset: Prime Minister Modi and President Xi held an informal summit "
                                        "in _____ in April 2018.", "Wuhan"), ctx())
    assert not gate.note_fragment(cloze("The Members of this group are: Bangladesh, India, _____ and Nepal.", "Bhutan"),
                                  ctx())
    assert not gate.note_fragment(CLEAN, ctx())


def test_a_blank_subject_that_also_did_something_leans_on_the_note_before() -> None:
    item = cloze("_____ (170th Report, 1999) also examined reform of the anti-defection provisions.", "Law Commission")
    assert gate.dangling_reference(item, ctx())
    assert not gate.dangling_reference(CLEAN, ctx())


NOTES = """ANTI-DEFECTION LAW (TENTH SCHEDULE): NOTES

1. Background
- The Tenth Schedule was inserted into the Constitution by the 52nd Constitutional Amendment Act, 1985.
- Articles 102(2) and 191(2) provide that a person disqualified under the Tenth Schedule shall be disqualified from being a member of Parliament or of a State Legislature.

2. Grounds for disqualification
- (b) Independent member: if he joins any political party after the election.
- Questions of disqualification are decided by the Chairman or the Speaker of the House.
- In Kihoto Hollohan v. Zachillhu (1992), a Constitution Bench upheld the validity of the Tenth Schedule.
- Delays by presiding officers in deciding disqualification petitions have weakened the law.

Mains practice:
Q. "The anti-defection law has checked individual defections but has failed to prevent defections en masse." Critically examine this statement. (250 words, 15 marks)

Q. Discuss the role of the Speaker under the Tenth Schedule. Should the power to decide disqualification petitions be vested in an independent body? (150 words, 10 marks)
"""


def test_a_prompts_points_are_neither_another_prompt_nor_a_lettered_note_and_it_files_under_polity(
        tmp_path: Path) -> None:
    essays = [it for it in run_pipeline(tmp_path, ("notes", "2024-01-05", NOTES)) if it.type == "essay"]
    assert len(essays) == 2
    for essay in essays:
        texts = [kp.text for kp in essay.key_points]
        assert essay.topic == "Polity", (essay.stem, essay.topic)
        assert not [t for t in texts if "checked individual defections" in t], texts
        assert not [t for t in texts if t.startswith(("(b)", "Independent member"))], texts
    speaker = next(e for e in essays if e.stem.startswith("Discuss the role of the Speaker"))
    assert any(t.startswith("Questions of disqualification are decided by") for t in
               (kp.text for kp in speaker.key_points))
    assert topic_of("Discuss the role of the Speaker under the Tenth Schedule.") == "Polity"
    assert topic_of("Representatives of the two militaries are scheduled to meet in Chengdu.") != "Polity"
