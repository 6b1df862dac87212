from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts
from quizapp.banks.extract.dates import find_dates
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"


def _dates(prefix: str) -> dict[str, tuple]:
    doc = segment(load_source(next(p for p in iter_sources(SOURCES) if p.name.startswith(prefix))))
    facts = [f for f in extract_facts(doc) if f.kind == "date"]
    for f in facts:
        assert f.source.quote == doc.text[f.source.start : f.source.end]
        assert f.sentence.quote == doc.text[f.sentence.start : f.sentence.end]
        assert f.source.start >= f.sentence.start and f.source.end <= f.sentence.end
    return {f.source.quote: (f.value, f.granularity, f.resolved) for f in facts}


@pytest.mark.parametrize(
    ("prefix", "quote", "expected"),
    [
        ("002", "22 October, 2018", ("2018-10-22", "day", False)),
        ("002", "from 21 to 25 October, 2018", ("2018-10-21/2018-10-25", "range", False)),
        ("002", "October 22", ("2018-10-22", "day", True)),
        ("002", "April this year", ("2018-04", "month", True)),
        ("001", "October 22", ("2018-10-22", "day", True)),
        ("001", "October 15", ("2018-10-15", "day", True)),
        ("001", "April", ("2018-04", "month", True)),
        ("001", "November 1-3", ("2018-11-01/2018-11-03", "range", True)),
        ("001", "mid-December", ("2018-12", "month", True)),
        ("001", "last year", ("2017", "year", True)),
        ("004", "4th April2013", ("2013-04-04", "day", False)),
        ("004", "10th January, 2013", ("2013-01-10", "day", False)),
        ("004", "From 20th May to 22nd May, 2013", ("2013-05-20/2013-05-22", "range", False)),
        ("004", "April 10-12, 2013", ("2013-04-10/2013-04-12", "range", False)),
        ("004", "June 24, 2013", ("2013-06-24", "day", False)),
        ("004", "April, 2008", ("2008-04", "month", False)),
        ("004", "1985", ("1985", "year", False)),
        ("004", "2008", ("2008", "year", False)),
        ("004", "2013-2014", ("2013/2014", "range", False)),
        ("000", "1988", ("1988", "year", False)),
        ("000", "the 1990s", ("1990s", "decade", False)),
        ("000", "the seventies", ("1970s", "decade", True)),
        ("000", "April this year", ("2018-04", "month", True)),
        ("000", "last summer", ("2017-06/2017-08", "range", True)),
        ("003", "Monday", ("2020-10-26", "day", True)),
        ("003", "Sunday", ("2020-10-25", "day", True)),
        ("003", "Last month", ("2020-09", "month", True)),
        ("003", "May", ("2020-05", "month", True)),
    ],
)
def test_seed_dates(prefix, quote, expected):
    assert _dates(prefix)[quote] == expected


def test_no_false_dates_in_seeds():
    quotes = set(_dates("000"))
    assert "30" not in quotes and "30 years" not in quotes
    assert not any("1988-style" in q for q in quotes)


def test_event_phrase_for_press_release_dates():
    doc = segment(load_source(SOURCES / "004_3457cf58089fa324.txt"))
    fact = next(f for f in extract_facts(doc) if f.kind == "date" and f.source.quote == "10th January, 2013")
    assert fact.extra["event"].startswith("Hon’ble Immigration Minister of Canada met Hon’ble Union Home Minister")
    assert fact.label.startswith("On 10th January, 2013, Hon’ble Immigration Minister")


def test_relative_dates_unresolved_without_document_date():
    anchorless = {(m.value, m.granularity, m.resolved) for m in find_dates("On Monday, last year, in April this year, on October 22.", None)}
    assert anchorless == {(None, "day", False), (None, "year", False), (None, "month", False)}
    absolute = find_dates("Signed on 22 October, 2018 in Delhi.", None)
    assert [(m.value, m.resolved) for m in absolute] == [("2018-10-22", False)]


def test_press_release_with_many_formats(tmp_path: Path):
    p = tmp_path / "release.txt"
    p.write_text(
        "Minister visits Japan for talks\n\nPublished Oct 23, 2018\n\n"
        "The Minister will visit Tokyo from 5 to 7 November, 2018. "
        "An earlier round was held on 3rd March 2017 in Delhi. "
        "The partnership dates back to 1952 and grew in the eighties. "
        "The next review is due in the financial year 2019-20. "
        "Officials met on Monday.\n",
        encoding="utf-8",
    )
    doc = segment(load_source(p))
    got = {f.source.quote: (f.value, f.granularity, f.resolved) for f in extract_facts(doc) if f.kind == "date"}
    assert got == {
        "from 5 to 7 November, 2018": ("2018-11-05/2018-11-07", "range", False),
        "3rd March 2017": ("2017-03-03", "day", False),
        "1952": ("1952", "year", False),
        "the eighties": ("1980s", "decade", True),
        "2019-20": ("2019/2020", "range", False),
        "Monday": ("2018-10-22", "day", True),
    }
    assert doc.meta.as_of == dt.date(2018, 10, 23)


def test_fact_ids_depend_on_content_not_offsets(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    body = "The treaty was signed on 4 May 2001 in Delhi.\n"
    a.write_text("Treaty news today\n\n" + body, encoding="utf-8")
    b.write_text("Treaty news today\n\nAn unrelated first paragraph was added here.\n\n" + body, encoding="utf-8")
    ids_a = {f.id for f in extract_facts(segment(load_source(a))) if f.kind == "date"}
    ids_b = {f.id for f in extract_facts(segment(load_source(b))) if f.kind == "date"}
    assert ids_a and ids_a <= ids_b


@pytest.mark.parametrize(
    ("value", "granularity", "relative", "shown"),
    [
        ("2020-10-26", "day", None, "26 October 2020"),
        ("2018-10", "month", None, "October 2018"),
        ("2018", "year", None, "2018"),
        ("1990s", "decade", None, "the 1990s"),
        ("2018-10-21/2018-10-25", "range", None, "21–25 October 2018"),
        ("2018-10-30/2018-11-02", "range", None, "30 October – 2 November 2018"),
        ("2017-06/2017-08", "range", "last summer", "summer 2017"),
        ("2013/2014", "range", None, "2013–14"),
        (None, "day", "on Tuesday", None),
    ],
)
def test_display_in_words(value, granularity, relative, shown):
    from quizapp.banks.extract.dates import display_date

    assert display_date(value, granularity, relative) == shown


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The agreement came into force today.", [("2011-01-12", "day")]),
        ("The ministers will meet today in New Delhi.", [("2011-01-12", "day")]),
        ("India today faces many threats.", []),
        ("Today, relations between the two countries are stable.", []),
        ("The talks, held on Tuesday, ended without a statement.", [("2011-01-11", "day")]),
        ("The minister arrived on Wednesday.", [("2011-01-12", "day")]),
        ("Exports rose sharply last month.", [("2010-12", "month")]),
        ("The summit was held in Goa this year.", [("2011", "year")]),
        ("The pact was signed last year.", [("2010", "year")]),
        ("The crisis went on last summer.", [("2010-06/2010-08", "range")]),
        ("The deal was signed yesterday.", [("2011-01-11", "day")]),
    ],
)
def test_relative_dates_resolve_against_the_anchor(sentence, expected):
    anchor = dt.date(2011, 1, 12)  # a Wednesday
    found = find_dates(sentence, anchor)
    assert [(d.value, d.granularity) for d in found] == expected
    assert all(d.resolved for d in found)


def test_every_date_fact_has_display_and_resolved_relative_dates_are_marked(tmp_path: Path):
    p = tmp_path / "release.txt"
    p.write_text(
        "Pact in force\n\nMumbai, 12 January 2011 – The pact came into force today. It was signed in March 2010 "
        "and ratified on Monday.\n",
        encoding="utf-8",
    )
    facts = [f for f in extract_facts(segment(load_source(p))) if f.kind == "date"]
    got = {f.source.quote: (f.value, f.resolved, f.extra["display"]) for f in facts}
    assert got == {
        "today": ("2011-01-12", True, "12 January 2011"),
        "March 2010": ("2010-03", False, "March 2010"),
        "Monday": ("2011-01-10", True, "10 January 2011"),
    }
