from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"

PROMPT_000 = (
    "The relationship between India and China is much more complex and difficult to manage today than in the past. "
    "Do you agree? What areas of convergence need to be explored between them for better relations?"
)


def test_practice_question_in_000():
    doc = segment(load_source(SOURCES / "000_c4edb860b4731120.txt"))
    prompts = [f for f in extract_facts(doc) if f.kind == "prompt"]
    assert len(prompts) == 1
    f = prompts[0]
    assert f.source.quote == PROMPT_000 == f.label
    assert f.extra["directive"] == "Do you agree?"
    support = [doc.text[s:e] for s, e in f.extra["support_blocks"]]
    top = support[:5]
    assert any(t.startswith("Wuhan reset:") for t in top)
    assert any(t.startswith("Firstly, the relationship between Beijing and Delhi") for t in top)
    assert any(t.startswith("Significantly, there is no record of India") for t in support)
    assert PROMPT_000 not in support and "Practice Question:" not in support
    groups = [doc.text[s:e] for s, e in f.extra["support_groups"]]
    assert any(g.startswith("Firstly") and g.endswith("tensions and disappointments.") for g in groups)


def test_no_prompts_in_news_and_press_qa():
    for p in iter_sources(SOURCES):
        if p.name.startswith("000"):
            continue
        doc = segment(load_source(p))
        assert not [f for f in extract_facts(doc) if f.kind == "prompt"], p.name


def test_practice_question_in_new_document(tmp_path: Path):
    p = tmp_path / "notes.txt"
    p.write_text(
        "Groundwater depletion in India\n\n"
        "Groundwater supplies most irrigation in north India, and depletion of aquifers threatens farm output.\n\n"
        "The Atal Bhujal Yojana promotes community management of groundwater in seven states.\n\n"
        "Cricket remains the most watched sport in the country.\n\n"
        "Mains Question:\n\n"
        "Critically analyse the causes of groundwater depletion in India and suggest measures for its sustainable management. (250 words)\n",
        encoding="utf-8",
    )
    doc = segment(load_source(p))
    f = next(f for f in extract_facts(doc) if f.kind == "prompt")
    assert f.extra["directive"] == "Critically analyse"
    assert f.extra["word_limit"] == 250
    support = [doc.text[s:e] for s, e in f.extra["support_blocks"]]
    assert support[0].startswith("Groundwater supplies most irrigation")
    assert not any(s.startswith("Cricket") for s in support)


def _prompts(tmp_path: Path, body: str):
    p = tmp_path / "notes.txt"
    p.write_text("BIMSTEC notes\n\nBIMSTEC was set up in 1997 through the Bangkok Declaration.\n\n" + body, encoding="utf-8")
    return [f for f in extract_facts(segment(load_source(p))) if f.kind == "prompt"], p


@pytest.mark.parametrize(
    ("body", "question", "words", "marks"),
    [
        ("Mains practice: Critically examine the role of BIMSTEC in India's Act East policy. (250 words, 15 marks)\n",
         "Critically examine the role of BIMSTEC in India's Act East policy.", 250, 15),
        ("Practice question: Discuss the role of BIMSTEC. (15 marks, 250 words)\n", "Discuss the role of BIMSTEC.", 250, 15),
        ("Q1. Analyse the challenges before BIMSTEC in 150 words.\n", "Analyse the challenges before BIMSTEC.", 150, None),
        ("Model question: Evaluate BIMSTEC as a regional grouping. [10 Marks]\n", "Evaluate BIMSTEC as a regional grouping.", None, 10),
        ("Mains question 2 - Elucidate the aims of BIMSTEC?\n", "Elucidate the aims of BIMSTEC?", None, None),
        ("Comment on the progress of BIMSTEC since 1997. (150 words, 10 marks)\n",
         "Comment on the progress of BIMSTEC since 1997.", 150, 10),
    ],
)
def test_prompt_wordings_and_limits(tmp_path: Path, body: str, question: str, words, marks):
    prompts, _ = _prompts(tmp_path, body)
    (f,) = prompts
    assert f.extra["question"] == question
    assert f.extra.get("words") == words and f.extra.get("marks") == marks
    assert ("words" in f.extra) is (words is not None) and ("marks" in f.extra) is (marks is not None)


def test_limits_and_prompt_sentences_give_no_other_facts(tmp_path: Path):
    prompts, p = _prompts(tmp_path, "Mains practice: Critically examine why BIMSTEC has seven members. (250 words, 15 marks)\n")
    facts = extract_facts(segment(load_source(p)))
    assert [f.kind for f in facts] == ["date", "prompt"]


def test_faq_questions_with_answers_are_not_prompts(tmp_path: Path):
    prompts, _ = _prompts(
        tmp_path,
        "Q. What is BIMSTEC?\n\nA. A regional grouping of seven countries.\n\n"
        "Q2. Examine the role of BIMSTEC.\n\nAns. It links South and South-East Asia.\n",
    )
    assert prompts == []


@pytest.mark.parametrize("heading", ["Mains Practice Question", "UPSC Mains Practice Question:", "Mains practice:", "Answer writing practice"])
def test_prompt_under_a_heading(tmp_path: Path, heading: str):
    prompts, _ = _prompts(tmp_path, f"{heading}\n\nHow far has BIMSTEC met the aims of the Bangkok Declaration? (15 marks, 250 words)\n")
    (f,) = prompts
    assert f.extra["question"] == "How far has BIMSTEC met the aims of the Bangkok Declaration?"
    assert (f.extra["words"], f.extra["marks"]) == (250, 15)
