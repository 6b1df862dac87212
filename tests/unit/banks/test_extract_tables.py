from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"


def test_seeds_have_no_table_rows():
    for p in iter_sources(SOURCES):
        doc = segment(load_source(p))
        assert not [b for b in doc.blocks if b.kind == "table_row"]
        assert not [f for f in extract_facts(doc) if f.kind == "table_row"]


@pytest.mark.parametrize(
    "table",
    [
        "Country\tYear signed\nMongolia\t2001\nUSA\t2005\nBosnia & Herzegovina\t2010\n",
        "| Country | Year signed |\n|---|---|\n| Mongolia | 2001 |\n| USA | 2005 |\n| Bosnia & Herzegovina | 2010 |\n",
        "Country        Year signed\nMongolia       2001\nUSA            2005\nBosnia & Herzegovina   2010\n",
    ],
)
def test_table_of_countries_and_years(tmp_path: Path, table: str):
    p = tmp_path / "treaties.txt"
    p.write_text("Extradition treaties in force\n\nThe treaties and the year each was signed:\n\n" + table, encoding="utf-8")
    doc = segment(load_source(p))
    rows = [f for f in extract_facts(doc) if f.kind == "table_row"]
    assert [f.cells for f in rows] == [
        ("Mongolia", "2001"), ("USA", "2005"), ("Bosnia & Herzegovina", "2010"),
    ]
    for f in rows:
        assert f.extra["header"] == ("Country", "Year signed")
        assert f.source.quote == doc.text[f.source.start : f.source.end]
        assert f.label == "Country | Year signed"
    assert rows[1].extra["normalised"] == ["United States", None]
    assert not [f for f in extract_facts(doc) if f.kind == "date" and f.source.quote in ("2001", "2005")]
