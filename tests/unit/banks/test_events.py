"""Role and event facts, and the whole-question cards they make, on small constructed texts.

Each rule is shown reading its shape, and refusing the near misses that would
make a wrong or unreadable card (a hedge, an office with no country, an
agreement with no named party, an abbreviation whose initials do not match).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.generate.events import generate_events
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item
from tests import fastyaml

NEW = Path(__file__).resolve().parents[2] / "data" / "new_documents"


def _doc(text: str, publisher: str | None = "Ministry of External Affairs", day: dt.date = dt.date(2019, 3, 4)) -> Document:
    meta = DocumentMeta(id="t_events", file="t_events.txt", title="Notes on cooperation", publisher=publisher,
                        published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _facts(text: str, kind: str, **kw: object) -> tuple[Document, list[Fact]]:
    doc = _doc(text, **kw)  # type: ignore[arg-type]
    return doc, [f for f in extract_facts(doc) if f.kind == kind]


def _cards(text: str, *, held: str | None = None, **kw: object) -> list[Item]:
    doc = _doc(text, **kw)  # type: ignore[arg-type]
    facts = extract_facts(doc)
    items = generate_events(doc, [f for f in facts if f.kind in ("role", "event")])
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    for it in items:
        assert it.answer and str(it.answer) in it.source.quote  # traceable: the answer is in the quoted sentence
        assert it.source.quote == doc.text[it.source.start:it.source.end]
    if held is not None:  # the cards the gate holds for exactly this reason (among others)
        return [it for it in items if held in gate.item_reasons(it, ctx)]
    return [it for it in items if not gate.item_reasons(it, ctx)]


def _by_answer(items: list[Item]) -> dict[str, str]:
    return {str(it.answer): it.stem for it in items}


# -- roles ---------------------------------------------------------------------------------------------------


def test_an_office_with_its_country_is_a_dated_role_card():
    cards = _by_answer(_cards(held="office_holder", text="Ruritanian talks.\n\nThe visiting delegation met Japanese Foreign Minister Taro Kono "
                              "in Tokyo on 2 March 2019 to review trade."))
    assert cards["Taro Kono"] == "As stated by the Ministry of External Affairs (4 March 2019), who was Japan’s Foreign Minister?"


def test_an_appositive_office_ending_in_its_country_is_asked_as_written():
    doc, roles = _facts("Talks were held.\n\nThe minister received Mr. Wang Yi, State Councilor and Foreign Minister "
                        "of the People’s Republic of China, in New Delhi on 2 March 2019.", "role")
    assert [(f.extra["person"], f.extra["office"]) for f in roles] == [
        ("Wang Yi", "State Councilor and Foreign Minister of the People’s Republic of China")]


def test_no_role_without_a_country_or_for_a_former_office():
    _doc_, roles = _facts("Talks were held.\n\nDefence Minister Anil Kumar met the press on 2 March 2019. "
                          "Then Prime Minister Rajiv Gandhi visited Beijing in 1988.", "role")
    assert roles == []


def test_a_person_named_twice_gives_one_role_fact_with_the_fullest_title():
    _doc_, roles = _facts("Talks were held.\n\nIndian Minister Ravi Rao spoke on 2 March 2019. Later, Indian External "
                          "Affairs Minister Ravi Rao signed the note.", "role")
    assert [f.extra["office"] for f in roles] == ["External Affairs Minister"]


# -- events --------------------------------------------------------------------------------------------------


def test_a_co_chaired_meeting_asks_for_the_other_chair_with_place_and_absolute_date():
    cards = _by_answer(_cards("Talks.\n\nUnion Home Minister Shri Amit Rao co-chaired the first India-Japan Dialogue on "
                              "Maritime Security with Mr. Taro Kono, Foreign Minister of Japan today (2 March, 2019) in "
                              "New Delhi."))
    assert cards["Taro Kono"] == ("Who co-chaired the first India-Japan Dialogue on Maritime Security with Union Home "
                                  "Minister Amit Rao in New Delhi on 2 March 2019?")


def test_two_countries_signing_their_first_agreement_is_asked_with_the_source_date():
    # the card is written with the source's date, but a "first" with no date of its own has no single answer
    # read cold (round 5's reader): the gate holds it (undated_first)
    text = "News.\n\nIndia and Japan signed their first ever maritime security agreement marking a new phase."
    assert "India and Japan" not in _by_answer(_cards(text))
    cards = _by_answer(_cards(text, held="undated_first"))
    assert cards["India and Japan"] == ("As stated by the Ministry of External Affairs (4 March 2019), which two countries "
                                        "signed their first-ever maritime security agreement?")


def test_a_plan_to_sign_is_a_reported_plan_and_a_hedged_one_is_nothing():
    text = ("News.\n\nJapan and India are preparing to sign an agreement to share naval data, "
            "officials say.\n\nJapan and France could sign a pact to share satellite data.")
    # a reported intention is made, phrased as such, and held: round 4's reader rejected it as low worth
    cards = _by_answer(_cards(text, held="reported_plan"))
    assert cards["Japan and India"].endswith("which two countries were preparing to sign an agreement to share naval data?")
    assert "Japan and France" not in cards and "Japan and India" not in _by_answer(_cards(text))


def test_a_first_launch_leads_with_its_date_so_their_reads_cold():
    cards = _by_answer(_cards("News.\n\nOn 1 March 2019, Japan and India launched their first joint training programme "
                              "for 12 Afghan diplomats."))
    assert cards["Japan and India"] == ("On 1 March 2019, which two countries launched their first joint training "
                                        "programme for 12 Afghan diplomats?")


def test_headquarters_only_and_law_facts():
    cards = _by_answer(_cards("Notes.\n\nThe Colombo Plan Secretariat is based in Colombo (Sri Lanka). "
                              "ASEAN is the only regional organization for cooperation in Southeast Asia. "
                              "The Passports Act, 1967 governs the issue of passports in India."))
    assert cards["Colombo"].endswith("where is the Colombo Plan Secretariat based?")
    assert cards["ASEAN"].endswith("which is the only regional organization for cooperation in Southeast Asia?")
    assert cards["The Passports Act, 1967"].endswith("which law governs the issue of passports in India?")


def test_the_publisher_that_is_the_answer_is_not_named_in_the_stem():
    # the ministry is a state's: the sentence before names it (an office with no state is held: unresolved_agent)
    doc = _doc("Notes.\n\nIndia runs 93 passport offices. The Ministry of External Affairs is the nodal ministry for "
               "passport services, which are run with the states.")
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    cards = [it for it in generate_items(doc, facts, facts) if it.answer == "The Ministry of External Affairs"]
    assert [it.stem for it in cards] == ["As of 4 March 2019, which ministry is India’s nodal ministry for passport services?"]
    assert not gate.item_reasons(cards[0], ctx)


def test_a_treaty_signed_with_india_asks_for_the_partner():
    cards = _by_answer(_cards("Notes.\n\nOn 5th May, 2013, a Treaty on Extradition was signed between India and Japan "
                              "in Tokyo."))
    assert cards["Japan"] == "With which country did India sign a Treaty on Extradition in Tokyo on 5 May 2013?"


def test_an_agreement_signed_somewhere_needs_a_named_party():
    cards = _by_answer(_cards("Notes.\n\nThe SAARC Charter was signed in Dhaka on 8 December 1985. "
                              "The Free Trade Agreement was signed in Tokyo on 16 February 2011."))
    assert cards["Dhaka"] == "Where was the SAARC Charter signed on 8 December 1985?"
    assert "Tokyo" not in cards  # which Free Trade Agreement? many pairs of countries have one


def test_an_expansion_is_asked_only_when_the_initials_match_and_the_abbreviation_is_a_known_one():
    doc, facts = _facts("Notes.\n\nIndia joined the Shanghai Cooperation Organisation (SCO) in 2017 and the Missile "
                        "Control Club (MTCR) later; the Bay of Bengal Initiative for Multi-Sectoral Technical and "
                        "Economic Cooperation (BIMSTEC) met in 2018.", "event")
    got = {f.extra["abbr"]: f.extra["answer"] for f in facts if f.extra["rule"] == "expansion"}
    assert got == {"SCO": "Shanghai Cooperation Organisation",
                   "BIMSTEC": "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation"}
    assert _by_answer(_cards(doc.text, held="abbreviation_only"))["Shanghai Cooperation Organisation"] == "What does the abbreviation SCO stand for?"


# -- on the new documents ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_banks(tmp_path_factory) -> dict[str, dict[str, str]]:

    out = tmp_path_factory.mktemp("banks")
    build_banks(NEW, out)
    served: dict[str, dict[str, str]] = {}
    for path in sorted(out.glob("*.yaml")):
        data = fastyaml.load(path.read_text(encoding="utf-8"))
        kinds = {f["id"]: f["kind"] for f in data["facts"]}
        served[path.stem] = {str(it["answer"]): it["stem"] for it in data["items"]
                             if it["status"] == "generated" and it["type"] != "essay"
                             and any(kinds.get(f) in ("role", "event") for f in it["facts"])}
    return served


def test_new_documents_serve_event_cards_worth_asking(new_banks):
    assert new_banks["b_wire_beca"]["India and the United States"] == (
        "On 27 October 2020, which two countries signed the Basic Exchange and Cooperation Agreement (BECA), a pact to share sensitive satellite and map data?")
    assert new_banks["g_notes_bimstec_mains"]["Colombo"] == "Where was the BIMSTEC Charter signed on 30 March 2022?"
    assert new_banks["c_explainer_brics_table"]["Shanghai"].endswith("where is the New Development Bank based?")
    # round 10: "became which member …, by order of joining?" read as machine English; the count it makes reads clean
    assert new_banks["f_furniture_heavy_mtcr"]["35"] == (
        "How many members did the Missile Technology Control Regime (MTCR) have once India joined it on 27 June 2016?")
    # "The Agreement was signed in Tokyo …": the card names the CEPA with the parties its first mention gave
    assert new_banks["a_press_release_cepa"]["Tokyo"] == (
        "Where was the Comprehensive Economic Partnership Agreement between India and Japan signed on 16 February 2011?")
    # "last month" is counted from the writing date: the Sochi summit is not asked
    assert "Sochi" not in new_banks["j_analysis_sco_relative_dates"]


def test_a_numbered_named_dialogue_asks_where_it_was_held_on_its_own_date():
    text = ("Notes.\n\nFrom 3rd June to 5th June, 2014, a delegation visited Japan for the third "
            "Maritime Security Dialogue between India and Japan which was held on 4th June, 2014 in "
            "Tokyo between the two delegations.")
    # the venue of one round of a recurring dialogue is itinerary detail: made, then held for an editor
    assert "Tokyo" not in _by_answer(_cards(text))
    cards = _by_answer(_cards(text, held="routine_venue"))
    assert cards["Tokyo"] == ("Where was the third Maritime Security Dialogue between India and Japan held on "
                              "4 June 2014?")
