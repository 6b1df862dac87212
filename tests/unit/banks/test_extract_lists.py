from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts, extraction_warnings
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source

SOURCES = Path(__file__).resolve().parents[3] / "questions" / "sources"

MLAT_34 = {
    "Australia", "Bahrain", "Bangladesh", "Belarus", "Bulgaria", "Bosnia and Herzegovina", "Canada", "Egypt",
    "France", "Iran", "Kazakhstan", "Kuwait", "Malaysia", "Mauritius", "Mexico", "Myanmar", "Mongolia", "Russia",
    "Singapore", "Spain", "Sri Lanka", "South Africa", "South Korea", "Switzerland", "Tajikistan", "Thailand",
    "Turkey", "Ukraine", "United Arab Emirates", "United Kingdom", "United States", "Uzbekistan", "Vietnam",
    "Hong Kong",
}


@pytest.fixture(scope="module")
def doc004():
    return segment(load_source(SOURCES / "004_3457cf58089fa324.txt"))


@pytest.fixture(scope="module")
def lists004(doc004):
    facts = [f for f in extract_facts(doc004) if f.kind == "list"]
    for f in facts:
        assert f.source.quote == doc004.text[f.source.start : f.source.end]
    return facts


def _by_first(facts, first):
    return next(f for f in facts if f.members and f.members[0] == first)


def test_mlat_34_countries(lists004, doc004):
    f = _by_first(lists004, "Australia")
    assert set(f.members) == MLAT_34
    assert len(f.members) == 34 == f.extra["stated_count"]
    assert f.extra["warnings"] == []
    assert f.source.quote.startswith("Australia Bahrain Bangladesh")
    assert f.source.quote.endswith("Vietnam Hongkong SAR")
    assert "the following 34 countries" in f.sentence.quote
    assert f.label == "countries with which India has so far operationalised Mutual Legal Assistance Treaties in Criminal Matters"


@pytest.mark.parametrize(
    ("first", "members", "label"),
    [
        ("Kyrgyzstan", ("Kyrgyzstan", "Azerbaijan", "Indonesia"),
         "countries with which Mutual Legal Assistance Treaties in Criminal Matters have been signed by India but are yet to be ratified"),
        ("Nepal", ("Nepal", "Pakistan", "Afghanistan"),
         "countries whose ratification of the Convention on Mutual Assistance in Criminal Matters is awaited"),
        ("Brunei", ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore",
                    "Thailand", "Vietnam"), "members of ASEAN"),
        ("Myanmar", ("Myanmar", "Singapore", "Thailand", "Malaysia", "Vietnam"), "countries with which MLATs are already in force"),
        ("Bangladesh", ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal"), "members of BIMSTEC"),
        ("Bhutan", ("Bhutan", "Indonesia", "Iran", "Oman", "Pakistan", "United States", "Vietnam"),
         "countries with which India has signed Memoranda of Understanding on Drug related issues"),
    ],
)
def test_named_lists(lists004, first, members, label):
    f = _by_first(lists004, first)
    assert f.members == members
    assert f.label == label
    assert f.extra["complete"] is True


def test_drug_agreements_23(lists004):
    f = _by_first(lists004, "Afghanistan")
    assert len(f.members) == 23
    assert {"Laos", "United Arab Emirates", "United States", "Zambia", "Croatia"} <= set(f.members)
    assert f.extra["raw_members"][11] == "Laos PDR"
    assert f.label == "countries with which India has signed bilateral agreements on drug related issues"


def test_courses_list_is_unnormalised(lists004):
    f = next(f for f in lists004 if f.members and f.members[0].startswith("Course on"))
    assert f.members == (
        "Course on Investigation of Economic offences including Cyber Crime",
        "Training of Trainer Programme on Comprehensive Disaster Risk Management",
        "Training on Basic Course on Drug Law Enforcement",
    )
    assert f.extra["named"] is False


def test_stages_list_in_001():
    doc = segment(load_source(SOURCES / "001_7d0d733cfa8c1856.txt"))
    f = next(f for f in extract_facts(doc) if f.kind == "list")
    assert f.members == ("familiarization", "basic training", "joint exercises")
    assert f.extra["stated_count"] == 3


def test_open_lists_are_not_facts(lists004):
    assert not any("SAARC" in f.members and "BIMSTEC" in f.members for f in lists004)


def test_count_mismatch_and_unknown_members_warn(tmp_path: Path):
    p = tmp_path / "treaties.txt"
    p.write_text(
        "Treaty partners of Ruritania\n\n"
        "Ruritania has so far signed these pacts with the following 4 countries:-\n"
        "France Germany Japan\n",
        encoding="utf-8",
    )
    facts = extract_facts(segment(load_source(p)))
    f = next(f for f in facts if f.kind == "list")
    assert f.members == ("France", "Germany", "Japan")
    assert f.extra["warnings"] == ["text says 4 but 3 members were found"]
    assert extraction_warnings(facts) == [f"treaties@{f.source.start}: {f.label}: text says 4 but 3 members were found"]


def test_membership_list_in_new_document(tmp_path: Path):
    p = tmp_path / "quad.md"
    p.write_text(
        "# The Quad\n\nThe Quad is an informal strategic forum. The members of the Quad are:\n\n"
        "- India\n- Japan\n- Australia\n- USA\n\n"
        "It was revived in 2017. Its partners include Vietnam, New Zealand and South Korea, etc.\n",
        encoding="utf-8",
    )
    facts = [f for f in extract_facts(segment(load_source(p))) if f.kind == "list"]
    assert len(facts) == 1
    f = facts[0]
    assert f.members == ("India", "Japan", "Australia", "United States")
    assert f.label == "members of the Quad"  # as the page writes it; an acronym ("members of ASEAN") takes none


def test_inline_membership_list(tmp_path: Path):
    p = tmp_path / "sco.txt"
    p.write_text(
        "About the bloc\n\nThe founding members of the Shanghai Five were China, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.\n",
        encoding="utf-8",
    )
    f = next(f for f in extract_facts(segment(load_source(p))) if f.kind == "list")
    assert f.members == ("China", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
    assert f.source.quote == "China, Kazakhstan, Kyrgyzstan, Russia and Tajikistan"


def _only_list(tmp_path: Path, sentence: str):
    p = tmp_path / "doc.txt"
    p.write_text(f"Treaty notes\n\n{sentence}\n", encoding="utf-8")
    facts = [f for f in extract_facts(segment(load_source(p))) if f.kind == "list"]
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize("sentence, reason", [
    ("Ruritania already has such treaties with 12 countries, among them France, Japan and Kenya.",
     "open_marker:among them"),
    ("Ruritania has treaties with several states including France, Japan and Kenya.", "open_marker:several"),
    ("Ruritania trades with partners such as France, Japan and Kenya.", "open_marker:such as"),
    ("Ruritania has signed pacts with, for example, France, Japan and Kenya.", "open_marker:for example"),
    ("Ruritania has signed pacts with some of its neighbours: France, Japan and Kenya.", "open_marker:some of"),
    ("Ruritania has signed pacts with nations like France, Japan and Kenya.", "open_marker:like"),
    ("Ruritania has signed pacts with France, Japan and Kenya, among others.", "open_marker:among others"),
    ("Ruritania has signed pacts with e.g. France, Japan and Kenya.", "open_marker:e.g."),
    ("Ruritania has signed pacts inter alia with France, Japan and Kenya.", "open_marker:inter alia"),
    ("Ruritania has pacts with 12 countries: France, Japan and Kenya.", "stated_count_larger:12>3"),
    ("Ruritania has signed pacts with France, Japan and Kenya.", "not_declared"),
])
def test_open_lists_are_open(tmp_path: Path, sentence: str, reason: str) -> None:
    f = _only_list(tmp_path, sentence)
    assert f.members == ("France", "Japan", "Kenya")
    assert (f.extra["closed"], f.extra["closed_reason"]) == (False, reason)


@pytest.mark.parametrize("sentence, reason", [
    ("Ruritania has signed pacts with three countries, namely France, Japan and Kenya.", "stated_count:3"),
    ("The grouping, comprising three countries, namely France, Japan and Kenya, met in 2001.", "stated_count:3"),
    ("The members of the Ruritanian League are France, Japan and Kenya.", "declared:members of"),
])
def test_closed_lists_say_why(tmp_path: Path, sentence: str, reason: str) -> None:
    f = _only_list(tmp_path, sentence)
    assert f.members == ("France", "Japan", "Kenya")
    assert (f.extra["closed"], f.extra["closed_reason"]) == (True, reason)


def test_the_following_n_countries_is_closed_only_when_the_count_matches(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("Treaty partners of Ruritania\n\nRuritania has so far signed these treaties with the following 3 countries:-\n"
                 "France Japan Kenya\n\nRuritania has so far signed these other pacts with the following 5 countries:-\n"
                 "Chile Peru Oman\n", encoding="utf-8")
    lists = [f for f in extract_facts(segment(load_source(p))) if f.kind == "list"]
    assert [(f.members[0], f.extra["closed"], f.extra["closed_reason"]) for f in lists] == [
        ("France", True, "stated_count:3"), ("Chile", False, "stated_count_larger:5>3")]


def test_seed_lists_closed_by_their_wording(lists004) -> None:
    closed = {f.members[0]: f.extra["closed"] for f in lists004}
    assert closed["Australia"] is True  # "the following 34 countries" and 34 found
    assert closed["Brunei"] is True  # "comprising of ten countries namely"
    assert closed["Afghanistan"] is False  # "signed bilateral agreements ... with A, B ...": not declared complete
