from __future__ import annotations

from pathlib import Path

from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"


def _doc(prefix: str):
    return segment(load_source(next(p for p in iter_sources(SOURCES) if p.name.startswith(prefix))))


def test_sentences_are_tight_exact_spans_inside_blocks():
    for p in iter_sources(SOURCES):
        doc = segment(load_source(p))
        assert doc.sentences
        for s in doc.sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
            b = doc.blocks[s.block]
            assert b.start <= s.start and s.end <= b.end
        starts = [s.start for s in doc.sentences]
        assert starts == sorted(starts)


def test_block_kinds():
    doc = _doc("004")
    kinds = {b.text[:20]: b.kind for b in doc.blocks}
    assert kinds["International Cooper"] == "heading"
    assert kinds["(i) Course on Invest"] == "bullet"
    assert kinds["(ii)Training of Trai"] == "bullet"
    assert kinds["During the year 2013"] == "paragraph"
    assert doc.blocks[1].kind == "bullet" and doc.blocks[1].text.startswith("The Division deals")


def test_abbreviations_do_not_split_sentences():
    doc = _doc("004")
    texts = [s.text for s in doc.sentences]
    assert any(t.startswith("On 16th April, 2013, a meeting") and "Govt. of Maldives" in t for t in texts)
    doc2 = _doc("002")
    assert any(t.startswith("Mr. Zhao Kezhi is on a bilateral visit") for t in (s.text for s in doc2.sentences))


def test_new_document_segments(tmp_path: Path):
    p = tmp_path / "note.md"
    p.write_text("# Note on trade\n\nFirst sentence here. Second one follows.\n\nPoints to note:\n\n- a bullet point item\n", encoding="utf-8")
    doc = segment(load_source(p))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Note on trade"),
        ("paragraph", "First sentence here. Second one follows."),
        ("heading", "Points to note:"),
        ("bullet", "a bullet point item"),
    ]
    assert [s.text for s in doc.sentences] == [
        "Note on trade", "First sentence here.", "Second one follows.", "Points to note:", "a bullet point item",
    ]
