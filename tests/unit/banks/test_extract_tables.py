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
        assert f.label == "The treaties and the year each was signed"
        assert f.extra["open"] is False and f.extra["repeated"] == []
    assert rows[1].extra["normalised"] == ["United States", None]
    assert not [f for f in extract_facts(doc) if f.kind == "date" and f.source.quote in ("2001", "2005")]


def _rows(tmp_path: Path, text: str):
    p = tmp_path / "table.txt"
    p.write_text(text, encoding="utf-8")
    return [f for f in extract_facts(segment(load_source(p))) if f.kind == "table_row"]


@pytest.mark.parametrize("serial", ["S.No.", "Sl. No.", "Sr.", "#", "No."])
def test_serial_number_column_is_dropped(tmp_path: Path, serial: str):
    rows = _rows(
        tmp_path,
        "Extradition treaties\n\nIndia has extradition treaties with the countries below:\n\n"
        f"{serial} | Country | Year\n1 | Nepal | 1953\n2 | Canada | 1987\n3 | Bhutan | 1996\n",
    )
    assert [f.cells for f in rows] == [("Nepal", "1953"), ("Canada", "1987"), ("Bhutan", "1996")]
    assert rows[0].extra["header"] == ("Country", "Year")
    assert rows[0].label == "India has extradition treaties with the countries below"


def test_counting_column_without_header_is_dropped(tmp_path: Path):
    rows = _rows(tmp_path, "Treaties\n\nThe treaties in force:\n\n1.\tNepal\t1953\n2.\tCanada\t1987\n3.\tBhutan\t1996\n")
    assert [f.cells for f in rows] == [("Nepal", "1953"), ("Canada", "1987"), ("Bhutan", "1996")]


def test_a_year_column_is_not_a_serial_column(tmp_path: Path):
    rows = _rows(tmp_path, "Counts\n\nThe table:\n\nRound | Members\n1 | 5\n2 | 7\n3 | 9\n")
    assert [f.cells for f in rows] == [("5",), ("7",), ("9",)]
    assert rows[0].extra["header"] == ("Members",)


@pytest.mark.parametrize(
    ("intro", "is_open"),
    [
        ("Some examples of the agreements India has signed:", True),
        ("MLATs in force include the following:", True),
        ("Partners such as the following have signed:", True),
        ("For example:", True),
        ("India has signed the agreements below:", False),
    ],
)
def test_table_openness_from_its_introduction(tmp_path: Path, intro: str, is_open: bool):
    rows = _rows(tmp_path, f"Agreements\n\n{intro}\n\nCountry | Year\nFrance | 2005\nTurkey | 2005\nIran | 2010\n")
    assert rows and all(f.extra["open"] is is_open for f in rows)


def test_repeated_cells_are_recorded(tmp_path: Path):
    rows = _rows(tmp_path, "Agreements\n\nThe agreements:\n\nCountry | Year\nFrance | 2005\nTurkey | 2005\nIran | 2010\n")
    assert all(f.extra["repeated"] == [1] for f in rows)


def test_a_navigation_bar_is_not_a_table(tmp_path: Path):
    p = tmp_path / "page.txt"
    p.write_text(
        "Home | About Us | Media Centre | Press Releases | Contact\nEnglish | Hindi | Urdu | Tamil | Bengali\n\n"
        "Ministry signs pact on customs cooperation\n\nThe Ministry of Finance signed a customs pact with Japan in 2019.\n",
        encoding="utf-8",
    )
    doc = segment(load_source(p))
    assert not [b for b in doc.blocks if b.kind == "table_row"]
    assert not [f for f in extract_facts(doc) if f.kind == "table_row"]
    assert doc.meta.title == "Ministry signs pact on customs cooperation"
    assert all("Media Centre" not in b.text for b in doc.blocks)


def test_a_row_gives_only_its_table_fact(tmp_path: Path):
    p = tmp_path / "t.txt"
    p.write_text(
        "Treaties\n\nIndia has MLATs with the countries below:\n\n"
        "Sl.\tCountry\tSigned on\n1\tNorway\t3 March 1995\n2\tCanada\t7 June 1994\n3\tTurkey\t9 May 1993\n",
        encoding="utf-8",
    )
    facts = extract_facts(segment(load_source(p)))
    assert {f.kind for f in facts} == {"table_row"}
    assert [f.cells for f in facts] == [("Norway", "3 March 1995"), ("Canada", "7 June 1994"), ("Turkey", "9 May 1993")]
