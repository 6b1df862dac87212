from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.extract import extract_facts, extraction_warnings
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source

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
         "countries with which Mutual Legal Assistance Treaties in Criminal Matters have been signed but are yet to be ratified"),
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
    assert f.label == "members of Quad"


def test_inline_membership_list(tmp_path: Path):
    p = tmp_path / "sco.txt"
    p.write_text(
        "About the bloc\n\nThe founding members of the Shanghai Five were China, Kazakhstan, Kyrgyzstan, Russia and Tajikistan.\n",
        encoding="utf-8",
    )
    f = next(f for f in extract_facts(segment(load_source(p))) if f.kind == "list")
    assert f.members == ("China", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
    assert f.source.quote == "China, Kazakhstan, Kyrgyzstan, Russia and Tajikistan"
