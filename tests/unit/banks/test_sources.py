from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.banks.sources import MAX_BYTES, SourceError, find_self_date, iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"


def test_seeds_are_listed_in_order_and_loaded_with_meta():
    paths = iter_sources(SOURCES)
    assert [p.name for p in paths] == [
        "000_c4edb860b4731120.txt",
        "001_7d0d733cfa8c1856.txt",
        "002_851daea0b7e23b7c.txt",
        "003_7502e44b28077c3a.txt",
        "004_3457cf58089fa324.txt",
    ]
    doc = load_source(paths[4])
    assert doc.meta.id == "004_3457cf58089fa324"
    assert doc.meta.title == "International Cooperation"
    assert doc.meta.publisher == "Ministry of Home Affairs, Government of India"
    assert doc.meta.published is None
    assert doc.meta.as_of == dt.date(2014, 3, 31)
    assert doc.text == paths[4].read_bytes().decode("utf-8")
    assert doc.blocks == () and doc.sentences == ()
    assert len(doc.meta.sha256) == 64


def test_seed_dates():
    dates = {p.name[:3]: (load_source(p).meta.published, load_source(p).meta.as_of) for p in iter_sources(SOURCES)}
    assert dates["000"] == (dt.date(2018, 10, 29), dt.date(2018, 10, 29))
    assert dates["001"][1] == dt.date(2018, 10, 20)
    assert dates["002"] == (dt.date(2018, 10, 23), dt.date(2018, 10, 23))
    assert dates["003"][1] == dt.date(2020, 10, 26)


def test_no_meta_takes_title_from_text_and_self_date(tmp_path: Path):
    p = tmp_path / "release.txt"
    p.write_text(
        "Font decrease\nHome » News\n\nMinistry announces new visa rules\n\nPublished Oct 23, 2018\n\n"
        "The Ministry announced new rules on Monday.\n",
        encoding="utf-8",
    )
    doc = load_source(p)
    assert doc.meta.title == "Ministry announces new visa rules"
    assert doc.meta.published == dt.date(2018, 10, 23)
    assert doc.meta.as_of == dt.date(2018, 10, 23)


def test_no_meta_and_no_self_date_leaves_dates_unknown(tmp_path: Path):
    p = tmp_path / "undated.txt"
    p.write_text("An undated note\n\nSomething happened last year.\n", encoding="utf-8")
    doc = load_source(p)
    assert doc.meta.published is None and doc.meta.as_of is None


def test_find_self_date_variants():
    assert find_self_date("x\n  • Published\n    29th Oct, 2018\n") == dt.date(2018, 10, 29)
    assert find_self_date("Posted on: 2020-01-05\n") == dt.date(2020, 1, 5)
    assert find_self_date("No date here, only 2018 in prose.") is None


def _error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        load_source(path)
    return info.value


def test_empty_file(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    err = _error(p)
    assert (err.line, err.message) == (1, "file is empty")
    assert str(err) == f"{p}:1: file is empty"


def test_binary_file(tmp_path: Path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"line one\nline two\x00\x01\x02")
    err = _error(p)
    assert err.line == 2
    assert "binary" in err.message
    assert str(err).startswith(f"{p}:2: ")


def test_non_utf8_gives_line_of_first_bad_byte(tmp_path: Path):
    p = tmp_path / "latin.txt"
    p.write_bytes("first\nsecond\nthird caf\u00e9\n".encode("latin-1"))
    err = _error(p)
    assert err.line == 3
    assert "UTF-8" in err.message


def test_five_megabyte_file_refused_with_limit(tmp_path: Path):
    p = tmp_path / "huge.txt"
    p.write_bytes(b"a" * (5 * 1024 * 1024))
    err = _error(p)
    assert err.path == p
    assert "2 MB" in err.message and f"{MAX_BYTES:,}" in err.message
    assert str(err).startswith(f"{p}:0: ")


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("title: X\npublished: 2018-13-45\n", 2, "not a real date"),
        ("title: X\npublisher: P\nas_of: 23/10/2018\n", 3, "ISO date"),
        ("title: X\ncolour: red\n", 2, "unknown key"),
        ("title: [unclosed\n", 2, "invalid YAML"),
    ],
)
def test_bad_meta_file(tmp_path: Path, content: str, line: int, fragment: str):
    p = tmp_path / "doc.txt"
    p.write_text("A title line\n\nSome text.\n", encoding="utf-8")
    meta = tmp_path / "doc.meta.yaml"
    meta.write_text(content, encoding="utf-8")
    err = _error(p)
    assert err.path == meta
    assert err.line == line
    assert fragment in err.message


def test_html_goes_through_trafilatura(tmp_path: Path):
    p = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i} says the agreement was signed with many partner countries.</p>" for i in range(5))
    p.write_text(f"<html><head><title>Page</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    doc = load_source(p)
    assert "Paragraph 3 says the agreement was signed" in doc.text
    assert "<p>" not in doc.text
    assert iter_sources(tmp_path) == [p]


@pytest.mark.parametrize(
    ("text", "date", "how"),
    [
        ("Extradition\nPosted On: 05 FEB 2019 4:13PM by PIB Delhi\n\nIndia has treaties.\n", dt.date(2019, 2, 5), "label"),
        ("Pact\n\nMumbai, 12 January 2011 – The pact came into force today.\n", dt.date(2011, 1, 12), "dateline"),
        ("Pact\nJune 3, 2014\n\nLONDON, June 3 (Reuters) - The talks ended.\n", dt.date(2014, 6, 3), "dateline"),
        ("Pact\nTuesday, 3 June 2014 | 10:12 AM IST\n\nThe talks ended.\n", dt.date(2014, 6, 3), "line"),
        ("Pact\nLast updated: 5 Sept 2023\n\nThe talks ended.\n", dt.date(2023, 9, 5), "updated"),
        ("Pact\nUpdated: 24 Jun 2020\nPublished: 23 Oct 2018\n\nThe talks ended.\n", dt.date(2018, 10, 23), "label"),
        ("Pact\n2020-01-05\n\nThe talks ended.\n", dt.date(2020, 1, 5), "line"),
        ("Pact\nOctober 27, 2020 / 6:12 AM / Updated 2 hours ago\n\nThe talks ended.\n", dt.date(2020, 10, 27), "line"),
        ("Pact\n\nNew Delhi, Feb 5 (PTI): The talks ended.\nPublished 5 February 2019\n", dt.date(2019, 2, 5), "label"),
    ],
)
def test_find_document_date(text: str, date: dt.date, how: str):
    from quizapp.banks.sources import find_document_date

    found = find_document_date(text)
    assert (found.date, found.how) == (date, how)


def test_a_yearless_dateline_needs_a_year_from_somewhere():
    from quizapp.banks.sources import find_document_date

    text = "Pact\n\nLONDON, June 3 (Reuters) - The talks ended on Tuesday.\n"
    assert find_document_date(text) is None
    assert find_document_date(text, year_hint=2014).date == dt.date(2014, 6, 3)


def test_meta_gaps_are_filled_from_the_text(tmp_path: Path):
    p = tmp_path / "release.txt"
    p.write_text("Pact signed\n\nNew Delhi, 1 August 2011 – The pact came into force today.\n", encoding="utf-8")
    p.with_name("release.meta.yaml").write_text("publisher: Press Information Bureau\npublished: null\n", encoding="utf-8")
    meta = load_source(p).meta
    assert (meta.publisher, meta.published, meta.as_of) == ("Press Information Bureau", dt.date(2011, 8, 1), dt.date(2011, 8, 1))
    p.with_name("release.meta.yaml").write_text("as_of: 2011-09-30\n", encoding="utf-8")
    meta = load_source(p).meta
    assert (meta.published, meta.as_of) == (dt.date(2011, 8, 1), dt.date(2011, 9, 30))


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Skip to main content\nHome | About Us | News | Contact\nNews\nIndia joins the MTCR as its 35th member\n"
         "Published: 28 June 2016\nBy Special Correspondent\n\nIndia became the 35th member of the regime on Monday.\n",
         "India joins the MTCR as its 35th member"),
        ("Press Information Bureau\nGovernment of India\nMinistry of External Affairs\nExtradition Treaties\n"
         "Posted On: 05 FEB 2019 4:13PM by PIB Delhi\n\nIndia has extradition treaties with more than 40 countries.\n",
         "Extradition Treaties"),
        ("World News\nOctober 28, 2020\nIndia, U.S. sign data-sharing pact | Reuters\n3 Min Read\n\n"
         "NEW DELHI, Oct 28 (Reuters) - India and the United States signed a pact on Tuesday.\n",
         "India, U.S. sign data-sharing pact"),
    ],
)
def test_title_is_the_headline(tmp_path: Path, text: str, title: str):
    p = tmp_path / "page.txt"
    p.write_text(text, encoding="utf-8")
    assert load_source(p).meta.title == title


def test_dates_on_their_own_lines_further_down_are_a_timeline_not_the_page_date():
    from quizapp.banks.sources import find_document_date

    text = (
        "BIMSTEC timeline\n\nThe grouping has grown slowly since it was founded in Bangkok in 1997.\n\n"
        "6 June 1997\nBIMSTEC is founded.\n\n20 May 2024\nThe Charter enters into force.\n"
    )
    assert find_document_date(text) is None
    assert find_document_date("Pact\n12 March 2020\n\n" + text).date == dt.date(2020, 3, 12)
