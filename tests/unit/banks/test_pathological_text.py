"""Text shapes that once made a rule backtrack without end: the pipeline must finish on them.

Session 26's holdout FAQ page opened with "FREQUENTLY ASKED QUESTIONS ON EXTRADITION": `extract.events`'
name pattern let every capital start a new word, so a line of capitals split in exponentially many
ways before the summit rule failed, and the build of that one page ran for minutes (a learner's upload
would have held the task queue's worker as long). No wall clock is asserted: with the old pattern these
tests do not finish, which the suite's run time shows at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.banks.extract import extract_facts
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.banks.types import Document, DocumentMeta

CAPITALS = ("FREQUENTLY ASKED QUESTIONS ON EXTRADITION AND MUTUAL LEGAL ASSISTANCE IN CRIMINAL MATTERS",
            "MINISTRY OF EXTERNAL AFFAIRS CONSULAR PASSPORT AND VISA DIVISION NEW DELHI",
            "ANNUAL REPORT 2021-22 HIGHLIGHTS OF THE YEAR FOR THE MINISTRY OF HOME AFFAIRS")


def _doc(text: str) -> Document:
    day = dt.date(2023, 5, 2)
    return segment(Document(meta=DocumentMeta(id="t_caps", file="t_caps.txt", title="Extradition FAQ",
                                              publisher="Ministry of External Affairs", published=day, as_of=day),
                            text=text))


def test_a_heading_of_capitals_builds_and_a_fact_beside_it_is_still_found(tmp_path: Path) -> None:
    # a page saved without metadata, as a learner uploads it: the line of capitals becomes its title and
    # its first sentence, the shape the holdout FAQ had
    for heading in CAPITALS:
        path = tmp_path / "faq.txt"
        path.write_text(f"Ministry of External Affairs\nGovernment of India\n\nHome > Consular Services > FAQ\n\n"
                        f"{heading}\n\nQ.1 Where is the SAARC Secretariat?\nA. The SAARC Secretariat is based in "
                        "Kathmandu.\n", encoding="utf-8")
        doc = segment(load_source(path))
        assert any(s.text == heading for s in doc.sentences), [s.text for s in doc.sentences]
        facts = extract_facts(doc)
        assert any(f.extra.get("rule") == "based" and f.extra.get("answer") == "Kathmandu" for f in facts)
        generate_items(doc, facts, facts)  # generation reads the same lines


def test_a_summit_sentence_still_gives_its_venue() -> None:
    text = ("In April 2018, Prime Minister Narendra Modi and Chinese President Xi Jinping held an informal summit in "
            "Wuhan, China.\n")
    facts = extract_facts(_doc(text))
    assert [f.extra.get("answer") for f in facts if f.extra.get("rule") == "summit_in"] == ["Wuhan"]
