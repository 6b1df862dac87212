"""Recall from commentary: stand-offs, positions of states, landmark visits, agreements between ministries,
named groupings and admissions at summits. Each rule is over the shape of the text, with synthetic
documents; each test could fail, and most pair a sentence that must give an item with a near miss that
must not."""

from __future__ import annotations

import datetime as dt

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Fact, Item


def _doc(text: str, day: dt.date = dt.date(2018, 10, 29), publisher: str | None = "Daily Review") -> Document:
    meta = DocumentMeta(id="t_s24", file="t_s24.txt", title="Notes on a neighbourhood", publisher=publisher,
                        published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _run(text: str, **kw: object) -> tuple[list[Fact], list[Item]]:
    doc = _doc(text, **kw)  # type: ignore[arg-type]
    facts = extract_facts(doc)
    base = FactBase.from_facts(facts)
    ctx = gate.Context(facts=base.facts, base=base, documents={doc.meta.id: doc.meta})
    items = gate.apply_gate(generate_items(doc, facts, facts), ctx)
    return facts, [it for it in items if it.status == "generated"]


def _rules(facts: list[Fact]) -> dict[str, Fact]:
    return {str(f.extra.get("rule")): f for f in facts if f.kind == "event"}


def _card(served: list[Item], answer: str) -> Item:
    found = [it for it in served if it.type == "fact" and it.answer == answer]
    assert len(found) == 1, [(it.stem, it.answer) for it in served]
    return found[0]


def _quote_exact(doc_text: str, item: Item) -> None:
    assert doc_text[item.source.start:item.source.end] == item.source.quote


# -- stand-offs ----------------------------------------------------------------------------------------------


STANDOFF = ("The pact comes a year after a two-month-long border stand-off between the India Army and the "
            "China’s People’s Liberation Army at Doklam on the India-Bhutan-China tri-junction.")


def test_a_stand_off_between_two_armies_asks_where_with_its_duration_and_cleaned_sides() -> None:
    facts, served = _run(STANDOFF)
    fact = _rules(facts)["standoff_at"]
    assert fact.source.quote == "Doklam"
    card = _card(served, "Doklam")
    # "comes a year after", written on 29 October 2018, dates the stand-off to 2017 (round 12: the undated card
    # read clumsily, and its "on the … tri-junction" only hinted at the place)
    assert card.stem == ("In 2017, where was there a two-month-long border stand-off between the Indian Army and "
                         "China’s People’s Liberation Army?")
    _quote_exact(STANDOFF, card)


def test_a_stand_off_is_dated_only_from_a_present_comes_after_and_the_document_date() -> None:
    # a past "came a year after" has no anchor the text gives: the card stays attributed, with its place cue
    text = STANDOFF.replace("comes a year after", "came a year after")
    _facts, served = _run(text)
    assert _card(served, "Doklam").stem == (
        "As stated by Daily Review (29 October 2018), where was there a two-month-long border stand-off between "
        "the Indian Army and China’s People’s Liberation Army on the India-Bhutan-China tri-junction?")
    _facts, served = _run(STANDOFF.replace("comes a year after", "comes three years after"))
    assert _card(served, "Doklam").stem.startswith("In 2015, where was there")


def test_a_stand_off_needs_two_sides_that_name_countries() -> None:
    facts, _served = _run("The talks came after a long stand-off between the Workers Union and the Board "
                          "at Springfield on the east bank.")
    assert "standoff_at" not in _rules(facts)


def test_a_stand_off_with_no_sides_asks_its_year_only_when_a_date_follows() -> None:
    text = ("Relations with China have steadied since the leaders met, after the 73-day stand-off at Doklam "
            "last summer.")
    facts, served = _run(text, day=dt.date(2018, 6, 11))
    assert _card(served, "2017").stem == ("As stated by Daily Review (11 June 2018), in which year did the 73-day "
                                          "stand-off at Doklam take place?")
    facts, _served = _run("Relations have steadied after the 73-day stand-off at Doklam.")
    assert "standoff_year" not in _rules(facts)


def test_when_a_stand_off_began_names_it_by_the_definition_given_earlier() -> None:
    text = ("The meeting comes amid the ongoing stand-off between Indian and Chinese troops along their disputed "
            "border. The two sides have stepped up their cooperation since the stand-off began in May.")
    facts, served = _run(text, day=dt.date(2020, 10, 26))
    card = _card(served, "May 2020")
    # named by the day it was still going on, since the corpus may hold an earlier one (round 7), and that
    # date said once, not again in an attribution (round 8)
    assert card.stem == ("In which month did the military stand-off between Indian and Chinese troops along their "
                         "disputed border, still under way on 26 October 2020, begin?")
    assert card.source.quote.startswith("The two sides have stepped up")
    # without an earlier sentence saying which stand-off, "the stand-off" is left unasked
    facts, _served = _run("The two sides have stepped up their cooperation since the stand-off began in May.",
                          day=dt.date(2020, 10, 26))
    assert "standoff_began" not in _rules(facts)


# -- positions of states -------------------------------------------------------------------------------------


def test_opposition_with_no_description_of_the_opponent_is_no_card() -> None:
    """Round 6: "which country has opposed India's NSG membership?" has as many right answers as the bid had
    opponents. The position is read (it is a fact), but only a description that makes the key the one
    ("a veto-wielding permanent member …", next test) lets it be asked."""
    text = ("There have been a series of disputes between the two countries, including China’s fervent opposition "
            "to India’s potential membership in the Nuclear Suppliers Group (NSG); and other irritants.")
    facts, served = _run(text)
    assert "opposed" in _rules(facts)
    assert not [it for it in served if it.answer == "China"], [it.stem for it in served]


def test_opposition_needs_both_sides_to_be_countries() -> None:
    facts, _served = _run("The union’s fervent opposition to Acme’s membership in the Trade Council (TC) is known.")
    assert "opposed" not in _rules(facts)


def test_has_opposed_a_proposal_keeps_the_apposition_and_names_a_bare_surname_in_full() -> None:
    text = ("India asked for support to designate Masood Azhar as a global terrorist. In the past, China—a "
            "veto-wielding permanent member of the UN Security Council—has opposed India’s proposal to list Azhar "
            "as a global terrorist.")
    _facts, served = _run(text)
    assert _card(served, "China").stem == (
        "As stated by Daily Review (29 October 2018), which veto-wielding permanent member of the UN Security "
        "Council has opposed India’s proposal to list Masood Azhar as a global terrorist?")


def test_a_hedged_position_gives_no_fact() -> None:
    facts, _served = _run("China may have opposed India’s proposal to list the group as a terrorist outfit.")
    assert "opposed" not in _rules(facts)


# -- landmark visits -----------------------------------------------------------------------------------------


def test_a_landmark_visit_asks_its_year_and_drops_the_source_slip() -> None:
    text = "Then Prime Minister Rajiv Gandhi’s made a groundbreaking visit to Beijing in 1988."
    _facts, served = _run(text)
    card = _card(served, "1988")
    assert card.stem == "In which year did Prime Minister Rajiv Gandhi make a groundbreaking visit to Beijing?"
    assert card.source.quote == text


def test_a_plain_visit_is_itinerary_and_gives_no_fact() -> None:
    facts, _served = _run("Prime Minister Rajiv Gandhi made a visit to Beijing in 1988.")
    assert "landmark_visit" not in _rules(facts)


# -- agreements between ministries, named groupings, unique links, admissions ----------------------------------


def test_an_agreement_between_two_ministries_asks_the_other_sides_ministry() -> None:
    text = ("An Agreement on Security Cooperation between the Ministry of Home Affairs of India and the Ministry of "
            "Public Security of China was also signed by the two Ministers.")
    _facts, served = _run(text)
    card = _card(served, "the Ministry of Public Security")
    assert card.stem == ("As stated by Daily Review (29 October 2018), which ministry of China signed an Agreement "
                         "on Security Cooperation with the Ministry of Home Affairs of India?")


def test_a_grouping_named_by_its_four_states_asks_its_name() -> None:
    text = ("The US and India have stepped up their cooperation on defence issues, including a security "
            "arangement with Japan and Australia known as the Quad.")
    _facts, served = _run(text, day=dt.date(2020, 10, 26))
    card = _card(served, "the Quad")
    assert card.stem == ("As stated by Daily Review (26 October 2020), by what name is the security grouping of the "
                         "US, India, Japan and Australia known?")
    facts, _served = _run("The US and India have a security arrangement with Acme and Globex known as the Club.")
    assert "known_as" not in _rules(facts)  # two of the four are no states


def test_a_unique_link_asks_which_organisation() -> None:
    text = ("BIMSTEC provides a unique link between South Asia and Southeast Asia in the field of multilateral "
            "security cooperation.")
    _facts, served = _run(text, publisher="Ministry of Home Affairs")
    assert _card(served, "BIMSTEC").stem == (
        "As stated by the Ministry of Home Affairs (29 October 2018), which organisation provides a unique link "
        "between South Asia and Southeast Asia in the field of multilateral security cooperation?")


def test_admission_at_a_summit_asks_the_city_with_the_resolved_year() -> None:
    text = "It was India's first summit as a full member: India and Pakistan were admitted to the SCO at the Astana summit last year."
    _facts, served = _run(text, day=dt.date(2018, 6, 11))
    assert _card(served, "Astana").stem == "In 2017, India and Pakistan were admitted to the SCO at a summit held in which city?"


def test_a_successful_informal_meeting_after_a_dated_lead_gives_its_venue() -> None:
    text = "In April this year, President Xi Jinping and Prime Minister Modi held a successful informal meeting in Wuhan."
    _facts, served = _run(text)
    assert _card(served, "Wuhan").stem == (
        "Where did President Xi Jinping and Prime Minister Modi hold an informal meeting in April 2018?")


def test_a_long_sentence_still_gives_its_nodal_ministry() -> None:
    tail = ", ".join(["service of summons and other judicial documents"] * 6)
    text = (f"The Ministry of Home Affairs is the nodal Ministry for concluding Mutual Legal Assistance Treaties in "
            f"Criminal Matters which are designed to facilitate {tail}.")
    assert len(text) > 400
    facts, _served = _run(text, publisher="Press Information Bureau")
    assert _rules(facts)["nodal"].source.quote == "The Ministry of Home Affairs"


def test_one_card_per_sentence_holds_for_episode_cards() -> None:
    text = ("The meeting comes amid the ongoing stand-off between Indian and Chinese troops along their disputed "
            "border. The US and India have stepped up their cooperation since the stand-off began in May, including "
            "a security arrangement with Japan and Australia known as the Quad.")
    facts, served = _run(text, day=dt.date(2020, 10, 26))
    assert {"standoff_began", "known_as"} <= set(_rules(facts))
    cards = [it for it in served if it.type == "fact"]
    # two whole questions of different facts share the sentence (s24-recall2): neither quotes it, so
    # neither repeats the other; a quoted card on it would still be held (test_recall2_s24)
    assert sorted(str(it.answer) for it in cards) == ["May 2020", "the Quad"]


def test_banks_check_accepts_a_resolved_date_answer_only_through_the_event_display(tmp_path) -> None:
    from quizapp.banks.build import build_banks
    from quizapp.banks.check import check_banks

    sources, banks = tmp_path / "sources", tmp_path / "banks"
    sources.mkdir()
    (sources / "t_s24.txt").write_text(
        "Border notes\n\nPublished 26 October 2020\n\nThe meeting comes amid the ongoing stand-off between Indian and "
        "Chinese troops along their disputed border. The two sides have stepped up their cooperation since the "
        "stand-off began in May.\n", encoding="utf-8")
    report = build_banks(sources, banks)
    assert report.ok, report.errors
    assert check_banks(banks, sources) == []
    path = banks / "t_s24.yaml"
    text = path.read_text(encoding="utf-8")
    assert "answer: May 2020" in text
    path.write_text(text.replace("display: May 2020", "display: June 2020"), encoding="utf-8")
    assert any("does not appear in the item's quote" in p.message for p in check_banks(banks, sources))


# -- counts that introduce a list, caps that keep a card, support and resistance ----------------------------


MLAT_INTRO = ("India has so far operationalised these Treaties with the following 5 countries:-\n"
              "Australia Bahrain Bangladesh Belarus Bulgaria\n")


def test_a_count_that_introduces_a_closed_list_is_asked_as_a_whole_question() -> None:
    text = ("The Ministry of Home Affairs is the nodal Ministry for concluding Mutual Legal Assistance Treaties in "
            "Criminal Matters.\n\n" + MLAT_INTRO)
    facts, served = _run(text, publisher="Press Information Bureau", day=dt.date(2014, 3, 31))
    lists = [f for f in facts if f.kind == "list" and f.extra.get("stated_count") == 5]
    assert lists and lists[0].extra.get("closed") is True
    card = _card(served, "5")
    assert card.stem == ("With how many countries has India so far operationalised Mutual Legal Assistance Treaties "
                         "in Criminal Matters, as stated by the Press Information Bureau (31 March 2014)?")
    assert card.source.quote.endswith(":-")  # cited, not shown: the gate's dangling_intro lets a whole question pass


def test_dangling_intro_still_holds_a_quoted_sentence_that_ends_on_its_list() -> None:
    from quizapp.banks.types import Source

    src = Source("t_s24", 0, 40, "India has treaties with the following 5 countries:-")
    quoted = Item(id="q_a", type="fact", stem="How many? Complete the statement:\n“India has treaties with the "
                  "following [how many?] countries:-”", source=src, facts=(), topic="Polity", answer="5")
    whole = Item(id="q_b", type="fact", stem="With how many countries does India have treaties?", source=src,
                 facts=(), topic="Polity", answer="5")
    ctx = gate.Context(facts={}, base=FactBase.from_facts([]))
    assert gate.dangling_intro(quoted, ctx) is True
    assert gate.dangling_intro(whole, ctx) is False


def test_a_seven_member_closed_list_keeps_its_name_them_card_beside_its_mcqs() -> None:
    text = ("Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation (BIMSTEC) is an "
            "International Organization. The Members of BIMSTEC are: Bangladesh, India, Myanmar, Sri Lanka, "
            "Thailand, Bhutan and Nepal.")
    doc = _doc(text, publisher="Ministry of Home Affairs")
    facts = extract_facts(doc)
    made = generate_items(doc, facts, facts)  # before the gate: what the per-fact budget kept
    listed = [f.id for f in facts if f.kind == "list"]
    mine = [it for it in made if it.facts == tuple(listed)]
    assert any(it.type == "fact" and it.stem.startswith("Name the seven members of BIMSTEC") for it in mine)
    assert sum(it.type == "mcq" for it in mine) >= 1


def test_support_and_resistance_of_two_states_is_read_but_not_asked_as_which_country() -> None:
    """Round 6: "which country supported the Soviet intervention?" — many did; the text names one of them."""
    text = ("The Cold War was coming to an end, the Soviet military intervention in Afghanistan, which had been "
            "supported by India and resisted by China, was drawing to a close.")
    facts, served = _run(text)
    assert "supported" in _rules(facts)
    assert not [it for it in served if it.answer == "India"], [it.stem for it in served]
    facts, _served = _run("The plan, which had been supported by India and resisted by China, was dropped.")
    assert "supported" not in _rules(facts)


# -- entry into force and joining -----------------------------------------------------------------------------


def test_entry_into_force_between_two_states_resolves_today_against_the_dateline() -> None:
    text = ("New Delhi, 1 August 2011 – The Comprehensive Economic Partnership Agreement (CEPA) between India and "
            "Japan came into force today.")
    _facts, served = _run(text, day=dt.date(2011, 8, 1))
    assert _card(served, "1 August 2011").stem == ("When did the Comprehensive Economic Partnership Agreement (CEPA) "
                                                   "between India and Japan enter into force?")


def test_the_bare_convention_takes_the_nearest_full_name_before_it_or_gives_no_card() -> None:
    text = ("An Apostille is used between parties to the Hague Convention Abolishing the Requirement of Legalisation "
            "for Foreign Public Documents of 5 October 1961.\n\nThe Convention entered into force for India on 14 July "
            "2005.")
    _facts, served = _run(text, day=dt.date(2024, 1, 15))
    assert _card(served, "14 July 2005").stem == (
        "When did the Hague Convention Abolishing the Requirement of Legalisation for Foreign Public Documents enter "
        "into force for India?")
    _facts, served = _run("The Convention entered into force for India on 14 July 2005.", day=dt.date(2024, 1, 15))
    assert not [it for it in served if it.answer == "14 July 2005" and "enter into force" in it.stem]


def test_joining_a_grouping_named_earlier_asks_when() -> None:
    text = ("BRICS began as BRIC in 2009. South Africa joined the grouping in December 2010 and attended its first "
            "summit in 2011 at Sanya, China.")
    _facts, served = _run(text, day=dt.date(2023, 9, 5))
    assert _card(served, "December 2010").stem == "When did South Africa join BRICS?"


def test_a_national_ministrys_page_names_its_country_as_the_nodal_ministrys_and_drops_the_purpose() -> None:
    text = ("Ministry of External Affairs is the nodal authority for setting up of Joint Working Groups on Counter Terrorism to "
            "exchange information and strengthen international cooperation.")
    _facts, served = _run(text, publisher="Ministry of Home Affairs, Government of India")
    stem = _card(served, "Ministry of External Affairs").stem
    assert stem.endswith("which body is India’s nodal authority for setting up Joint Working Groups on Counter Terrorism?"), stem
    # A page that names no state gives the office no owner: the card is held (unresolved_agent), not served bare.
    _facts, served = _run(text, publisher="Daily Review")
    assert not [it for it in served if it.answer == "Ministry of External Affairs"], [it.stem for it in served]


def test_a_passive_signed_list_names_the_signer_on_a_national_governments_page() -> None:
    text = ("In addition, Treaties with 3 countries, namely, Kyrgyz Republic, Azerbaijan and Indonesia have been "
            "signed which are yet to be ratified.")
    facts, _served = _run(text, publisher="Ministry of Home Affairs, Government of India")
    (listed,) = [f for f in facts if f.kind == "list"]
    assert listed.label.endswith("have been signed by India but are yet to be ratified"), listed.label
    # With no signer in the text the fact keeps its label, and its items are held (unresolved_agent), not served.
    facts, served = _run(text, publisher="Daily Review")
    (listed,) = [f for f in facts if f.kind == "list"]
    assert listed.label.endswith("have been signed but are yet to be ratified"), listed.label
    assert not any(it.stem.startswith("Name the three countries") for it in served)


def test_a_central_authority_and_a_provision_of_law_are_asked_as_whole_questions() -> None:
    text = ("The Ministry of Home Affairs is the Central Authority of India for seeking and providing mutual legal "
            "assistance in criminal matters.\n\nLetters rogatory are issued under Section 166A of the Code of Criminal "
            "Procedure, 1973.")
    _facts, served = _run(text, day=dt.date(2017, 3, 14), publisher=None)
    assert _card(served, "The Ministry of Home Affairs").stem == (
        "As reported on 14 March 2017, which ministry is the Central Authority of India for seeking and providing "
        "mutual legal assistance in criminal matters?")
    assert _card(served, "Section 166A").stem == (
        "As reported on 14 March 2017, under which section of the Code of Criminal Procedure, 1973 are letters "
        "rogatory issued?")  # dated since s25: a provision holds as of its source (round 10)
    facts, _served = _run("Letters rogatory may be issued under Section 166A of the Code of Criminal Procedure, 1973.")
    assert "under_section" not in _rules(facts)  # a hedge ("may") states no provision
