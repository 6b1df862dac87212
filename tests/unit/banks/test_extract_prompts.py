from __future__ import annotations

from pathlib import Path

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
