"""Documents unlike the seeds, through ingest: dates, relative dates, tables, prompts, furniture.

Each file under ``tests/data/new_documents`` is a page as it would be pasted from
the web, furniture and all, with no meta file: everything the pipeline knows
about it comes from the text. Expectations are at the fact level; the item
checks at the end hold for whatever the generator makes of the facts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from quizapp.banks.build import build_banks
from quizapp.banks.extract import extract_facts
from quizapp.banks.segment import segment
from quizapp.banks.sources import iter_sources, load_source
from quizapp.banks.types import Document, Fact
from tests import fastyaml

DATA = Path(__file__).resolve().parents[2] / "data" / "new_documents"

# name -> (title, document date)
DOCUMENTS = {
    "a_press_release_cepa": ("India-Japan Comprehensive Economic Partnership Agreement comes into force", dt.date(2011, 8, 1)),
    "b_wire_beca": ("India, U.S. sign satellite data-sharing pact as they deepen defence ties", dt.date(2020, 10, 28)),
    "c_explainer_brics_table": ("BRICS summits: from Yekaterinburg to Johannesburg", dt.date(2023, 9, 5)),
    "d_embassy_faq_apostille": ("Frequently Asked Questions: Apostille", dt.date(2024, 1, 15)),
    "e_release_extradition_open_list": ("Extradition Treaties", dt.date(2019, 2, 5)),
    "f_furniture_heavy_mtcr": ("India joins the Missile Technology Control Regime as its 35th member", dt.date(2016, 6, 28)),
    "g_notes_bimstec_mains": ("BIMSTEC: India's bridge to South-East Asia", dt.date(2024, 5, 21)),
    "h_mha_mlat_39": ("Mutual Legal Assistance in Criminal Matters", dt.date(2017, 3, 14)),
    "i_explainer_mlat_42": ("Explained: How India seeks evidence abroad", dt.date(2019, 12, 2)),
    "j_analysis_sco_relative_dates": (
        "After Qingdao, India weighs its place in the Shanghai Cooperation Organisation", dt.date(2018, 6, 11),
    ),
}

# Lines of each page that are furniture: none of them may reach a block, a fact or an item.
FURNITURE = {
    "a_press_release_cepa": [
        "Skip to main content", "A+ A A-", "Press Information Bureau", "Government of India",
        "Ministry of Commerce & Industry", "New Delhi, 1 August 2011 –", "AKT/SNC/SH", "Release ID", "Visitor Counter",
        "***",
    ],
    "b_wire_beca": [
        "World News", "October 28, 2020", "By Reuters Staff", "3 Min Read", "NEW DELHI, Oct 28 (Reuters) -",
        "Reporting by", "Editing by", "Share: Facebook",
    ],
    "c_explainer_brics_table": ["Explained | International Relations", "Last updated", "Tags: BRICS", "12 Comments"],
    "d_embassy_faq_apostille": [
        "Embassy of India\n", "Home | About Us", "Font Size", "15 January 2024", "Copyright", "All rights reserved",
        "Hits: 48,210", "Last reviewed",
    ],
    "e_release_extradition_open_list": ["Posted On", "PIB Delhi", "*****", "VK/SNC/DA", "Release ID: 1562998"],
    "f_furniture_heavy_mtcr": [
        "Skip to main content", "Screen Reader Access", "A+ A A-", "Home | About Us | News", "English · ",
        "Published: 28 June 2016", "By Special Correspondent", "Share: Facebook", "Tags: MTCR", "3 Comments", "Read next",
        "India, US to step up cooperation on export controls", "Why the Nuclear Suppliers Group matters for India",
        "You may also like", "Wassenaar Arrangement: what it means for India", "Visitor Counter", "© 2016",
        "Hosted and maintained",
    ],
    "g_notes_bimstec_mains": ["Home » International Relations", "Published on May 21, 2024", "Mains practice", "Q2."],
    "h_mha_mlat_39": ["Ministry of Home Affairs\nMutual", "Last Updated"],
    "i_explainer_mlat_42": ["Dated: 2 December 2019", "Model question"],
    "j_analysis_sco_relative_dates": ["Analysis | Opinion", "Monday, 11 June 2018", "By Staff Writer", "Share this article", "Print | Email"],
}


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[Document, list[Fact]]]:
    out = {}
    for path in iter_sources(DATA):
        doc = segment(load_source(path))
        out[path.stem] = (doc, extract_facts(doc))
    return out


def facts_of(docs, name: str, kind: str) -> list[Fact]:
    return [f for f in docs[name][1] if f.kind == kind]


def test_there_are_the_documents_the_issue_asks_for(docs):
    assert set(docs) == set(DOCUMENTS)
    assert not list(DATA.glob("*.meta.yaml"))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_date_as_of_and_headline_title(docs, name: str):
    doc, _ = docs[name]
    title, date = DOCUMENTS[name]
    assert doc.meta.title == title
    assert doc.meta.published == date
    assert doc.meta.as_of == date


@pytest.mark.parametrize(
    ("name", "quote", "iso", "display"),
    [
        ("a_press_release_cepa", "today", "2011-08-01", "1 August 2011"),
        ("b_wire_beca", "Tuesday", "2020-10-27", "27 October 2020"),
        ("b_wire_beca", "Monday", "2020-10-26", "26 October 2020"),
        ("e_release_extradition_open_list", "today", "2019-02-05", "5 February 2019"),
        ("f_furniture_heavy_mtcr", "Monday", "2016-06-27", "27 June 2016"),
        ("j_analysis_sco_relative_dates", "yesterday", "2018-06-10", "10 June 2018"),
    ],
)
def test_relative_dates_resolve_against_the_document_date(docs, name, quote, iso, display):
    (f,) = [f for f in facts_of(docs, name, "date") if f.source.quote == quote]
    assert (f.value, f.granularity, f.resolved) == (iso, "day", True)
    assert f.extra["display"] == display


def test_relative_periods_resolve_at_their_precision(docs):
    got = {f.source.quote: (f.value, f.granularity, f.resolved, f.extra["display"])
           for f in facts_of(docs, "j_analysis_sco_relative_dates", "date")}
    assert got == {
        "yesterday": ("2018-06-10", "day", True, "10 June 2018"),
        "last year": ("2017", "year", True, "2017"),
        "April this year": ("2018-04", "month", True, "April 2018"),
        "last summer": ("2017-06/2017-08", "range", True, "summer 2017"),
        "last month": ("2018-05", "month", True, "May 2018"),
    }


def test_absolute_dates_display_in_words_at_their_precision(docs):
    shown = {f.source.quote: (f.extra["display"], f.resolved) for name in docs for f in facts_of(docs, name, "date")}
    assert shown["16 February 2011"] == ("16 February 2011", False)
    assert shown["October 2010"] == ("October 2010", False)
    assert shown["1987"] == ("1987", False)
    assert shown["December 1997"] == ("December 1997", False)
    for name in docs:
        for f in facts_of(docs, name, "date"):
            assert f.extra["display"] and "-" not in f.extra["display"], f


def test_the_dateline_is_not_part_of_the_story(docs):
    doc, facts = docs["a_press_release_cepa"]
    first = next(b for b in doc.blocks if b.kind == "paragraph")
    assert first.text.startswith("The Comprehensive Economic Partnership Agreement (CEPA) between India and Japan came into force today.")
    assert not [f for f in facts if f.kind == "date" and f.source.quote == "1 August 2011"]
    doc, _ = docs["b_wire_beca"]
    assert next(b for b in doc.blocks if b.kind == "paragraph").text.startswith("India and the United States signed a pact")


def test_serial_numbered_table_rows(docs):
    rows = facts_of(docs, "c_explainer_brics_table", "table_row")
    assert len(rows) == 15
    assert rows[0].cells == ("2009", "Yekaterinburg", "Russia")
    assert rows[3].cells == ("2012", "New Delhi", "India")
    assert rows[-1].cells == ("2023", "Johannesburg", "South Africa")
    for f in rows:
        assert f.extra["header"] == ("Year", "Host city", "Host country")
        assert f.label == "The summits held so far are listed in the table below"
        assert f.extra["open"] is False
        assert f.extra["repeated"] == [1, 2]  # Brasília, Johannesburg, Virtual; every host country twice
    counts = facts_of(docs, "c_explainer_brics_table", "count")
    assert not [f for f in counts if f.number in range(1, 16)], counts


def test_a_table_of_some_examples_is_open(docs):
    rows = facts_of(docs, "d_embassy_faq_apostille", "table_row")
    assert [f.cells for f in rows] == [
        ("France", "1965"), ("United Kingdom", "1965"), ("Germany", "1966"),
        ("Japan", "1970"), ("United States", "1981"), ("China", "2023"),
    ]
    for f in rows:
        assert f.extra["header"] == ("Country", "Convention in force since")
        assert f.extra["open"] is True
        assert f.extra["repeated"] == [1]
        assert f.label == "Country | Convention in force since"  # "Some examples are given below" names nothing


def test_faq_questions_are_not_practice_prompts_and_lose_their_labels(docs):
    doc, _ = docs["d_embassy_faq_apostille"]
    assert not facts_of(docs, "d_embassy_faq_apostille", "prompt")
    assert not [b for b in doc.blocks if b.text.startswith(("Q.", "A."))]
    assert "The Convention entered into force for India on 14 July 2005." in [s.text for s in doc.sentences]


def test_lists_introduced_as_examples_are_taken(docs):
    lists = {f.members for f in facts_of(docs, "e_release_extradition_open_list", "list")}
    assert ("Nepal", "Bhutan", "United Arab Emirates", "Canada") in lists
    assert ("Sweden", "Italy", "Fiji") in lists
    (count,) = facts_of(docs, "e_release_extradition_open_list", "count")
    assert (count.number, count.unit, count.extra["qualifier"]) == (40, "countries", "more than")


def test_mains_practice_prompts_carry_their_limits(docs):
    first, second = facts_of(docs, "g_notes_bimstec_mains", "prompt")
    assert first.extra["question"] == (
        "Critically examine the significance of BIMSTEC for India's 'Neighbourhood First' and 'Act East' policies."
    )
    assert (first.extra["words"], first.extra["marks"], first.extra["directive"]) == (250, 15, "Critically examine")
    assert second.extra["question"] == "Discuss the factors that have slowed the progress of BIMSTEC since 1997."
    assert (second.extra["words"], second.extra["marks"], second.extra["directive"]) == (150, 10, "Discuss")
    (model,) = facts_of(docs, "i_explainer_mlat_42", "prompt")
    assert model.extra["question"] == (
        "Examine how Mutual Legal Assistance Treaties help India to pursue fugitive economic offenders."
    )
    assert model.extra["words"] == 150 and "marks" not in model.extra


def test_limits_and_questions_give_no_facts(docs):
    for name in docs:
        for f in docs[name][1]:
            if f.kind == "count":
                assert f.unit not in ("words", "marks", "word", "mark"), f
    g = docs["g_notes_bimstec_mains"][1]
    assert not [f for f in g if f.kind == "count" and f.number in (250, 15, 150, 10)]
    assert not [f for f in g if f.kind == "date" and "slowed" in f.sentence.quote]


def test_the_two_mlat_counts_are_both_taken(docs):
    (old,) = facts_of(docs, "h_mha_mlat_39", "count")
    (new,) = facts_of(docs, "i_explainer_mlat_42", "count")
    assert (old.number, old.unit, new.number, new.unit) == (39, "countries", 42, "countries")
    for f in (old, new):
        assert "Mutual Legal Assistance Treaties in criminal matters" in f.sentence.quote


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_no_furniture_in_blocks_sentences_or_facts(docs, name: str):
    doc, facts = docs[name]
    texts = [b.text for b in doc.blocks] + [s.text for s in doc.sentences]
    texts += [t for f in facts for t in (f.source.quote, f.sentence.quote, f.label, str(f.extra.get("question", "")))]
    for furniture in FURNITURE[name]:
        assert furniture in doc.text, furniture  # the expectation is about this page
        assert not [t for t in texts if furniture in t], furniture
    assert not [b for b in doc.blocks if b.text.strip() in ("News", "Home", "World News")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("new_documents")
    sources, banks = root / "sources", root / "banks"
    shutil.copytree(DATA, sources)
    report = build_banks(sources, banks)
    assert report.ok, report.errors
    return {p.stem: fastyaml.load(p.read_text(encoding="utf-8")) for p in banks.glob("*.yaml")}


ATTRIBUTION = re.compile(r"\b(?:as reported on|as reported by|as stated by) [^:“?]*")


def _item_text(item: dict) -> str:
    """What a learner reads of an item, less the attribution ("as reported on 15 January 2024"),
    which names the document's own date on purpose."""
    stem = ATTRIBUTION.sub("", item.get("stem", ""))
    parts = [stem, str(item.get("answer", "")), item["source"]["quote"]]
    parts += [str(o) for o in item.get("options") or []]
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_no_furniture_in_any_item_and_as_of_set(built, name: str):
    bank = built[name]
    _, date = DOCUMENTS[name]
    assert bank["document"]["as_of"] == date.isoformat()
    assert bank["items"], name
    for item in bank["items"]:
        text = _item_text(item)
        for furniture in FURNITURE[name]:
            assert furniture not in text, (furniture, item["id"])
        assert "“News”" not in text and "“Home”" not in text


def test_stated_limits_make_no_count_items(built):
    for bank in built.values():
        for item in bank["items"]:
            if item["type"] != "essay":
                assert item.get("answer") not in ("250 words", "15 marks", "150 words", "10 marks"), item["id"]


def test_essays_carry_the_limits_their_text_states(built, docs):
    stated = {
        f.source.quote: f.extra for name in docs for f in facts_of(docs, name, "prompt")
    }
    essays = [it for bank in built.values() for it in bank["items"]
              if it["type"] == "essay" and "generated-prompt" not in it.get("tags", [])]
    assert len(essays) == 3
    for item in essays:
        extra = stated[item["source"]["quote"]]
        if "words" in extra:
            assert item["word_limit"] == extra["words"], item["id"]
        if "marks" in extra:
            assert item["marks"] == extra["marks"], item["id"]
