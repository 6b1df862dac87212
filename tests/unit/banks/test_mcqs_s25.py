"""s25: a first's year asked whole even in the document's own year, and a grouping's membership MCQ
when the document counts its members. Synthetic documents, each rule beside a near miss that must give
nothing, and the shipped sources built fresh."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.generate.events import EVENT_YEAR
from quizapp.banks.generate.regions import sub_region
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item
from tests import fastyaml

SEEDS = Path(__file__).resolve().parents[3] / "questions" / "sources"


def _doc(text: str, day: dt.date, doc_id: str = "t_s25") -> Document:
    meta = DocumentMeta(id=doc_id, file=f"{doc_id}.txt", title="Notes on a neighbourhood", publisher="Daily Review",
                        published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _run_many(docs: list[Document]) -> dict[str, list[Item]]:
    """Every document's gated items, with every document's facts as the corpus."""
    facts = {d.meta.id: extract_facts(d) for d in docs}
    corpus = [f for fs in facts.values() for f in fs]
    base = FactBase.from_facts(corpus)
    ctx = gate.Context(facts=base.facts, base=base, documents={d.meta.id: d.meta for d in docs})
    return {d.meta.id: gate.apply_gate(generate_items(d, facts[d.meta.id], corpus), ctx) for d in docs}


def _run(text: str, day: dt.date) -> tuple[list[Fact], list[Item]]:
    doc = _doc(text, day)
    return extract_facts(doc), _run_many([doc])[doc.meta.id]


def _year_mcqs(items: list[Item]) -> list[Item]:
    return [it for it in items if it.type == "mcq" and EVENT_YEAR in it.tags]


def _key(item: Item) -> str:
    return item.options[int(item.answer or 0)]


# other facts, so that the document balance does not hold one of a fact's two items
OTHERS = (" India signed a Treaty on Extradition with Kenya in 2010. The SAARC Secretariat is based in Kathmandu."
          " India signed an Agreement on Drug Trafficking with Oman in 2008.")

# -- 1. a first's year, written in the sentence, in the document's own year -------------------------------------

FIRST = ("Union Home Minister Shri Rajnath Singh co-chaired the first India-China High Level Meeting on Bilateral "
         "Security Cooperation with Mr. Zhao Kezhi, State Councilor of China today (22 October, 2018) in New Delhi.")


def test_a_first_in_the_documents_own_year_asks_its_year_whole_with_later_years() -> None:
    _facts, items = _run(FIRST + OTHERS, dt.date(2018, 10, 23))
    [mcq] = _year_mcqs(items)
    assert mcq.status == "generated", mcq.hold_reasons
    assert mcq.stem == ("In which year was the first India-China High Level Meeting on Bilateral Security "
                        "Cooperation held?")
    assert _key(mcq) == "2018"
    # a first happened once: a later year is false for it, and one is offered, so the key is not the latest
    assert max(int(o) for o in mcq.options) > 2018 and len(set(mcq.options)) == 4
    assert all(abs(int(o) - 2018) <= 3 for o in mcq.options)
    assert not [it for it in items if it.stem.startswith("Which year correctly fills the blank")
                and "High Level Meeting" in it.stem]


def test_a_first_dated_by_this_year_or_by_day_alone_gives_no_year_mcq() -> None:
    resolved = FIRST.replace("today (22 October, 2018)", "in October this year")
    _facts, items = _run(resolved + OTHERS, dt.date(2018, 10, 23))
    assert _year_mcqs(items) == []  # the year is the report's, resolved: never a key
    day_only = "On October 22, China and India held the high-level meeting on law enforcement for the first time."
    facts, items = _run(day_only + OTHERS, dt.date(2018, 10, 23))
    assert any(f.kind == "date" and f.resolved for f in facts)
    assert _year_mcqs(items) == []


def test_a_first_never_offers_a_year_another_document_dates_the_same_first_to() -> None:
    mine = _doc(FIRST + OTHERS, dt.date(2018, 10, 23), "t_a")
    other = _doc("The first India-China High Level Meeting on Bilateral Security Cooperation was held in New Delhi "
                 "in 2019, officials said.", dt.date(2020, 1, 5), "t_b")
    [mcq] = _year_mcqs(_run_many([mine, other])["t_a"])
    assert "2019" not in mcq.options and _key(mcq) == "2018"


def test_a_signing_in_the_documents_own_year_still_gives_none() -> None:
    signed = ("On 4 April 2013, a Treaty on Mutual Legal Assistance in Criminal Matters was signed between India "
              "and Azerbaijan in New Delhi.")
    _facts, items = _run(signed + OTHERS, dt.date(2013, 5, 1))
    assert _year_mcqs(items) == []  # not a first: it may be signed again, so a later year is not proven false


# -- 2. a grouping named by "known as", closed by a count of its members ---------------------------------------

QUAD = ("The US and India have stepped up their cooperation on defence issues since the stand-off began in May, "
        "including a security arangement with Japan and Australia known as the Quad. Last month the Secretary told "
        "a Quad meeting in Tokyo that China had placed 60,000 troops along the border. During his visit he also "
        "told the media that all four countries faced a real risk.")
MEMBERS = {"United States", "India", "Japan", "Australia"}


def _grouping_mcqs(items: list[Item]) -> list[Item]:
    return [it for it in items if it.type == "mcq" and "known as the Quad" in it.stem]


def test_a_counted_grouping_serves_one_membership_mcq_with_nearby_states() -> None:
    facts, items = _run(QUAD + OTHERS, dt.date(2020, 10, 26))
    [fact] = [f for f in facts if f.kind == "event" and f.extra.get("rule") == "known_as"]
    [mcq] = _grouping_mcqs(items)
    assert mcq.status == "generated", mcq.hold_reasons
    assert mcq.facts == (fact.id,)  # the grouping's own fact: its card and this MCQ, the cap of 2
    assert mcq.stem == ("Which one of the following countries is a member of the security grouping known as the "
                        "Quad, as stated by Daily Review (26 October 2020)?")
    assert _key(mcq) == "Japan"  # not the US or Australia: the one non-Asian option would give itself away
    wrong = [o for j, o in enumerate(mcq.options) if j != mcq.answer]
    assert not set(wrong) & MEMBERS and "China" not in wrong  # China is named in a sentence about the Quad
    assert all(sub_region(o) in ("Southern Asia", "Eastern Asia", "South-eastern Asia") for o in wrong)
    assert "all four countries" in mcq.source.quote  # the quote shows why the list is closed
    card = [it for it in items if it.type == "fact" and it.facts == (fact.id,)]
    assert card and card[0].status == "generated" and card[0].answer == "the Quad"


def test_an_uncounted_grouping_is_open_and_gives_no_mcq() -> None:
    open_ = QUAD.replace("all four countries", "the countries")
    _facts, items = _run(open_ + OTHERS, dt.date(2020, 10, 26))
    assert _grouping_mcqs(items) == []
    wrong_count = QUAD.replace("all four countries", "all five countries")
    _facts, items = _run(wrong_count + OTHERS, dt.date(2020, 10, 26))
    assert _grouping_mcqs(items) == []


def test_a_count_past_another_list_of_as_many_countries_does_not_close_the_grouping() -> None:
    text = QUAD.replace("During his visit", "He then went to Sri Lanka, Maldives, Indonesia and Vietnam. There")
    _facts, items = _run(text + OTHERS, dt.date(2020, 10, 26))
    assert _grouping_mcqs(items) == []


def test_another_document_naming_a_fifth_member_makes_no_mcq() -> None:
    mine = _doc(QUAD + OTHERS, dt.date(2020, 10, 26), "t_q")
    other = _doc("India, Japan, Australia and New Zealand are known as the Quad.", dt.date(2021, 1, 5), "t_r")
    assert _grouping_mcqs(_run_many([mine, other])["t_q"]) == []


def test_another_document_naming_the_grouping_with_other_members_makes_no_mcq() -> None:
    mine = _doc(QUAD + OTHERS, dt.date(2020, 10, 26), "t_q")
    other = _doc("The US and India have set up a security arrangement with Japan and New Zealand known as the Quad.",
                 dt.date(2021, 1, 5), "t_r")
    assert _grouping_mcqs(_run_many([mine])["t_q"])  # alone, the grouping gives its MCQ
    assert _grouping_mcqs(_run_many([mine, other])["t_q"]) == []


def test_a_state_another_document_ties_to_the_grouping_is_never_offered() -> None:
    mine = _doc(QUAD + OTHERS, dt.date(2020, 10, 26), "t_q")
    [alone] = _grouping_mcqs(_run_many([mine])["t_q"])
    wrong = [o for j, o in enumerate(alone.options) if j != alone.answer]
    # each of them at a Quad meeting in another document: a guest, a partner, perhaps a member by now
    other = _doc(" ".join(f"In {2021 + n}, {c} hosted a Quad meeting." for n, c in enumerate(wrong)),
                 dt.date(2025, 1, 5), "t_r")
    [mcq] = _grouping_mcqs(_run_many([mine, other])["t_q"])
    assert _key(mcq) == "Japan" and not set(wrong) & set(mcq.options)


def test_another_documents_list_under_the_grouping_name_with_outsiders_makes_no_mcq() -> None:
    mine = _doc(QUAD + OTHERS, dt.date(2020, 10, 26), "t_q")
    other = _doc("Officials of Vietnam, South Korea and New Zealand attended a Quad Plus briefing in 2020.",
                 dt.date(2021, 1, 5), "t_r")
    assert _grouping_mcqs(_run_many([mine, other])["t_q"]) == []  # who belongs is now in doubt: nothing


# -- 3. the shipped sources, built fresh ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    base = tmp_path_factory.mktemp("s25")
    shutil.copytree(SEEDS, base / "sources")
    report = build_banks(base / "sources", base / "banks")
    assert report.errors == []
    return {p.stem: fastyaml.load(p.read_text(encoding="utf-8")) for p in sorted((base / "banks").glob("*.yaml"))}


def _items(data: dict[str, dict]) -> list[dict]:
    return [it for bank in data.values() for it in bank["items"]]


def test_shipped_first_meeting_year_mcq_serves_and_no_resolved_year_is_a_key(shipped: dict[str, dict]) -> None:
    year = [it for it in _items(shipped) if it["type"] == "mcq" and EVENT_YEAR in (it.get("tags") or [])]
    [hlm] = [it for it in year if "High Level Meeting on Bilateral Security Cooperation" in it["stem"]]
    assert hlm["status"] == "generated"
    assert hlm["stem"] == ("In which year was the first India-China High Level Meeting on Bilateral Security "
                           "Cooperation held?")
    assert hlm["options"][hlm["answer"]] == "2018" and max(map(int, hlm["options"])) > 2018
    # "in April this year", "on October 15", "On October 22": resolved years are no year MCQ's key
    assert not [it for it in year if "Wuhan" in it["stem"] or "Afghan" in it["stem"]
                or "law enforcement" in it["stem"]]
    assert not [it for it in _items(shipped) if it["status"] == "generated"
                and it["stem"].startswith("Which year correctly fills the blank") and "High Level" in it["stem"]]


def test_shipped_quad_membership_mcq_is_built_and_proven(shipped: dict[str, dict]) -> None:
    [quad] = [it for it in _items(shipped) if it["type"] == "mcq" and "known as the Quad" in it["stem"]]
    assert quad["options"][quad["answer"]] == "Japan"
    assert not {o for j, o in enumerate(quad["options"]) if j != quad["answer"]} & (MEMBERS | {"China"})
    # served, or held only because the document serves too few other items to carry a second one on this fact
    assert quad["status"] == "generated" or quad["hold_reasons"] == ["document_balance"]
