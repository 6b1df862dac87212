"""Round 5's needs-edit verdicts as general rules: agents named from the text, plausible regional
distractors, no doubled words, no year given away beside its blank, parties kept when "the Agreement" is
named, and no undated "first". Each test builds small documents of its own through the real pipeline."""

from __future__ import annotations

import datetime as dt
import re

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import common, generate_items
from quizapp.banks.generate.distractors import key_of
from quizapp.banks.generate.regions import sub_region
from quizapp.banks.segment import segment
from quizapp.banks.types import Document, DocumentMeta, Item
from tests.unit.banks.test_gate import card, ctx, lst, mcq


def _doc(text: str, title: str = "Notes on cooperation", publisher: str | None = None, doc_id: str = "t_s24",
         day: dt.date = dt.date(2019, 12, 2)) -> Document:
    meta = DocumentMeta(id=doc_id, file=f"{doc_id}.txt", title=title, publisher=publisher, published=day, as_of=day)
    return segment(Document(meta=meta, text=text))


def _build(*docs: Document) -> list[Item]:
    """Every item of every document, gated against one fact base of all of them (as `build_banks` does)."""
    per = [(d, extract_facts(d)) for d in docs]
    corpus = [f for _d, facts in per for f in facts]
    base = FactBase.from_facts(corpus)
    context = gate.Context(facts=base.facts, base=base, documents={d.meta.id: d.meta for d in docs})
    out: list[Item] = []
    for d, facts in per:
        out += gate.apply_gate(generate_items(d, facts, corpus), context)
    return out


def _served(*docs: Document) -> list[Item]:
    return [it for it in _build(*docs) if it.status == "generated"]


def _texts(item: Item) -> list[str]:
    return [item.stem, *item.options, item.explanation]


# -- 1. the agent of an agentless list clause or office is named from the document, or the item is held ------

MLAT_PAGE = (
    "Mutual legal assistance\n\n"
    "  • The Ministry of Justice is the nodal Ministry for concluding Mutual Legal Assistance Treaties in Criminal "
    "Matters. Brazil has so far operationalised these Treaties with the following 5 countries:-\n"
    "France Spain Canada Mexico Egypt\n"
    "  • In addition, Treaties with 3 countries, namely, Chile, Peru and Bolivia have been signed which are yet to be "
    "ratified.\n"
    "  • Brazil has signed extradition treaties with 20 countries.\n"
    "  • The Ministry of Justice is the nodal ministry and the Central Authority for mutual legal assistance in "
    "criminal matters.\n")


def test_a_passive_list_clause_and_an_unowned_office_name_their_agent_from_the_text() -> None:
    items = _build(_doc(MLAT_PAGE))
    pending = [it for it in items if "yet to be ratified" in it.stem]
    assert pending
    for it in pending:  # "have been signed" by whom? the sentence introducing the earlier list says
        assert "have been signed by Brazil but are yet to be ratified" in it.stem, it.stem
        assert "Brazil" not in it.options  # the stem's agent is never one of its options
    served = [it for it in items if it.status == "generated"]
    assert any(it.answer == "Chile, Peru, Bolivia" for it in served)
    office = [it for it in items if it.answer == "The Ministry of Justice" and "Central Authority" in it.stem]
    assert office and all("Brazil’s nodal ministry" in it.stem for it in office)
    assert all(not common.needs_agent(it.stem) for it in served)


def test_the_title_or_the_publisher_names_the_agent_when_no_earlier_sentence_does() -> None:
    page = "Explained\n\nThe Ministry of Justice is the nodal ministry for mutual legal assistance in criminal matters.\n"
    by_title = _served(_doc(page, title="Explained: how Brazil seeks evidence abroad"))
    assert [it.stem for it in by_title if it.answer == "The Ministry of Justice"] == [
        "As reported on 2 December 2019, which ministry is Brazil’s nodal ministry for mutual legal assistance in "
        "criminal matters?"]
    by_publisher = _served(_doc(page, publisher="Ministry of Justice, Government of Chile"))
    assert any("Chile’s nodal ministry" in it.stem for it in by_publisher)


def test_an_office_on_a_governments_own_page_is_that_governments() -> None:
    page = ("Notes\n\nPeru has signed extradition treaties with 12 countries.\n\n"
            "The Ministry of Justice is the nodal ministry for mutual legal assistance in criminal matters.\n")
    served = _served(_doc(page, publisher="Ministry of Justice, Government of Chile"))
    stems = [it.stem for it in served if it.answer == "The Ministry of Justice"]
    assert stems and all("Chile’s nodal ministry" in s for s in stems)
    # with no publisher, the nearest earlier sentence whose subject is a state speaks for it
    served = _served(_doc(page))
    assert any("Peru’s nodal ministry" in it.stem for it in served if it.answer == "The Ministry of Justice")


def test_an_agent_the_text_does_not_give_holds_the_item() -> None:
    page = ("Mutual legal assistance\n\n"
            "  • The Ministry of Justice is the nodal ministry and the Central Authority for mutual legal assistance in "
            "criminal matters.\n")
    items = _build(_doc(page))
    office = [it for it in items if it.answer == "The Ministry of Justice"]
    assert office and all(it.status == "held" and "unresolved_agent" in it.hold_reasons for it in office)
    # the gate alone, on a stem no generator wrote
    stem = "Name the 3 countries with which extradition treaties have been signed, as stated by the Ministry (2014)."
    assert "unresolved_agent" in gate.item_reasons(card("q_agentless", (), stem, "A, B, C"), ctx())
    named = "Name the 3 countries with which extradition treaties have been signed by Chile, as stated by the Ministry (2014)."
    assert "unresolved_agent" not in gate.item_reasons(card("q_named", (), named, "A, B, C"), ctx())


# -- 2. a regional grouping's distractors: its own and its members' sub-regions, never the key alone ---------

GROUPINGS = (
    "Regional groupings\n\n"
    "  • The Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation (BIMSTEC) is a regional "
    "grouping. The Members of this group are: Bangladesh, India, Myanmar, Sri Lanka, Thailand, Bhutan and Nepal.\n\n"
    "  • Association of South East Asian Nations (ASEAN) is a group of countries comprising of ten countries namely: "
    "Brunei Darussalam, Cambodia, Indonesia, Laos, Malaysia, Myanmar, Philippines, Singapore, Thailand and Vietnam.\n\n"
    "  • Timor-Leste has applied to join ASEAN.\n")


def _list_mcqs(items: list[Item], style: str) -> list[Item]:
    return [it for it in items if it.type == "mcq" and it.style == style and "members of" in it.stem]


def test_single_answer_distractors_for_a_regional_grouping_come_from_the_keys_and_members_sub_regions() -> None:
    items = _build(_doc(GROUPINGS, title="Regional groupings of Asia", day=dt.date(2014, 3, 31)))
    singles = _list_mcqs(items, "single")
    assert singles
    home = {"Southern Asia", "South-eastern Asia"}  # where BIMSTEC's and ASEAN's members are
    for it in singles:
        assert isinstance(it.answer, int)
        key = it.options[it.answer]
        wrong = [o for j, o in enumerate(it.options) if j != it.answer]
        assert any(sub_region(o) == sub_region(key) for o in wrong), it.options  # the key is not alone in its region
        assert all(sub_region(o) in home for o in wrong), it.options  # no Japan, South Korea or China
        assert "lone_region_key" not in it.hold_reasons
    # every South-east Asian state but the applicant is in ASEAN: no single or NOT item can hide its key
    for it in [*_list_mcqs(items, "single"), *_list_mcqs(items, "not")]:
        if "ASEAN" in it.stem:
            assert it.status == "held" and "lone_region_key" in it.hold_reasons
    assert all(key_of("Timor-Leste") not in {key_of(o) for o in it.options} for it in items)


def test_every_style_on_a_regional_grouping_offers_only_neighbours_and_related_members() -> None:
    from quizapp.banks.generate.mcq import NUMBERED_RE, STATEMENT_RE

    # another page names East Asian states: near by the map, but no setter's options for these groupings
    east = ("Extradition\n\n  • Brazil has so far operationalised extradition treaties with the following 5 "
            "countries:-\nJapan South Korea Mongolia China Kazakhstan\n")
    items = _build(_doc(GROUPINGS, title="Regional groupings of Asia", day=dt.date(2014, 3, 31)),
                   _doc(east, title="Extradition", doc_id="t_s24_east", day=dt.date(2014, 3, 31)))
    from quizapp.banks.generate.regions import borders

    home = {"Southern Asia", "South-eastern Asia"}
    members = {"BIMSTEC": ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal"),
               "ASEAN": ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines",
                         "Singapore", "Thailand", "Vietnam")}
    shown = []
    for it in [*_list_mcqs(items, "how_many"), *_list_mcqs(items, "statements")]:
        names = [n for _i, n in NUMBERED_RE.findall(it.stem)] or [m.group(2) for m in STATEMENT_RE.finditer(it.stem)]
        group = "ASEAN" if "ASEAN" in it.stem else "BIMSTEC"
        shown += [(n, group) for n in names if sub_region(n) is not None]
    # a member's region, or a land neighbour of a member (China beside Myanmar); never Japan, South Korea or Mongolia
    assert shown and all(sub_region(n) in home or any(borders(n, m) for m in members[g]) for n, g in shown), shown
    assert not {n for n, _g in shown} & {"Japan", "South Korea", "Mongolia"}


def test_a_key_alone_in_its_sub_region_is_held_by_the_gate() -> None:
    bimstec = lst("f_b", ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal"), closed=True,
                  label="members of BIMSTEC")
    lone = mcq("q_lone", ("f_b",), ("Cambodia", "South Korea", "Nepal", "China"), answer=2)
    fair = mcq("q_fair", ("f_b",), ("Pakistan", "Maldives", "Nepal", "Cambodia"), answer=2)
    assert "lone_region_key" in gate.item_reasons(lone, ctx(bimstec))
    assert "lone_region_key" not in gate.item_reasons(fair, ctx(bimstec))
    # 34 treaty partners on five continents are no regional grouping: a far-off option gives nothing away
    wide = lst("f_w", ("France", "Spain", "United States", "Canada", "Mexico", "Egypt", "Russia", "Iran"), closed=True)
    far = mcq("q_far", ("f_w",), ("France", "Kyrgyzstan", "Spain", "United States"), answer=1, style="not")
    assert "lone_region_key" not in gate.item_reasons(far, ctx(wide))


# -- 3. no doubled word in learner-facing text outside the quote ----------------------------------------------


def test_no_generated_item_doubles_a_word_and_the_gate_holds_one_that_does() -> None:
    page = ("BIMSTEC notes\n\n"
            "The Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation (BIMSTEC) was set up on "
            "6 June 1997 through the Bangkok Declaration.\n\n"
            "It has seven members: Bangladesh, Bhutan, India, Myanmar, Nepal, Sri Lanka and Thailand.\n")
    items = _build(_doc(page, title="BIMSTEC notes", day=dt.date(2024, 5, 21)))
    assert any(it.type == "mcq" and "seven members of BIMSTEC" in it.stem for it in items)
    for it in items:
        assert not any(common.doubled_word(t) for t in _texts(it)), _texts(it)
    doubled = mcq("q_dd", (), ("Japan", "Thailand", "Laos", "Vietnam"), answer=1)
    doubled = Item(**{**doubled.__dict__, "explanation": "Thailand is one of the the seven members. Source: X: “…”"})
    assert "doubled_word" in gate.item_reasons(doubled, ctx())
    quoted = Item(**{**doubled.__dict__, "explanation": "Source: X (2014): “It was was signed.” as it stands."})
    assert "doubled_word" not in gate.item_reasons(quoted, ctx())  # the source's own slip stays quoted


# -- 4. a year blank beside a year one off it -------------------------------------------------------------------


def test_a_year_blank_whose_sentence_shows_the_year_before_is_held() -> None:
    page = ("BRICS notes\n\n"
            "BRICS began as BRIC, and its first summit was held in Yekaterinburg, Russia, in June 2009.\n\n"
            "South Africa joined BRICS in December 2010 and attended its first summit in 2011 at Sanya, China.\n")
    items = _build(_doc(page, title="BRICS notes", day=dt.date(2023, 9, 5)))
    for it in items:
        if it.status == "generated" and it.type in ("fact", "cloze") and it.answer == "2011":
            assert "2010" not in it.stem, it.stem
    stem = ("When? Complete the date, as reported on 5 September 2023:\n"
            "“South Africa joined BRICS in December 2010 and attended its first summit in [when?] at Sanya, China.”")
    assert "near_year_in_view" in gate.item_reasons(card("q_near", (), stem, "2011"), ctx())
    # a full date is not given away by its year's neighbour
    day_stem = ("When? Complete the date, as reported on 5 September 2023:\n"
                "“At the summit in August 2023, BRICS invited six states to become members from [when?].”")
    assert "near_year_in_view" not in gate.item_reasons(card("q_day", (), day_stem, "1 January 2024"), ctx())


# -- 5. "the Agreement" keeps its parties when named ------------------------------------------------------------


def test_a_resolved_agreement_carries_its_parties_or_stays_unresolved() -> None:
    with_parties = ("Chile-Peru trade pact in force\n\n"
                    "Lima, 1 August 2011 – The Comprehensive Economic Partnership Agreement (CEPA) between Chile and Peru "
                    "came into force today. The Agreement was signed in Santiago on 16 February 2011 by the two trade "
                    "ministers.\n")
    served = _served(_doc(with_parties, title="Chile-Peru trade pact in force", day=dt.date(2011, 8, 1)))
    named = [it for it in served if "Comprehensive Economic Partnership Agreement" in it.stem]
    assert named and all("between Chile and Peru" in it.stem for it in named)
    no_parties = ("Trade pact in force\n\n"
                  "A Comprehensive Economic Partnership Agreement came into force on 1 August 2011. The Agreement was "
                  "signed in Santiago on 16 February 2011 by the two trade ministers.\n")
    for it in _served(_doc(no_parties, title="Trade pact in force", day=dt.date(2011, 8, 1))):
        # a kind of agreement many pairs of states sign says nothing read cold
        assert "The Comprehensive Economic Partnership Agreement was signed" not in it.stem, it.stem
        assert "Agreement was signed" not in it.stem or "between" in it.stem, it.stem


# -- 6. a "first" asked with no date -----------------------------------------------------------------------------


def test_an_undated_first_is_held_and_a_dated_one_stands() -> None:
    undated = ("As stated by Basix Education (29 October 2018), which two countries signed their first-ever internal "
               "security cooperation agreement?")
    dated = "On 15 October 2018, which two countries launched their first joint training programme for diplomats?"
    assert "undated_first" in gate.item_reasons(card("q_first", (), undated, "India and China"), ctx())
    assert "undated_first" not in gate.item_reasons(card("q_dated", (), dated, "China and India"), ctx())
    page = ("Security ties\n\n"
            "Chile and Peru signed their first ever internal security cooperation agreement marking a new beginning in "
            "bilateral relations.\n")
    for it in _served(_doc(page, title="Security ties", publisher="Andes Review", day=dt.date(2018, 10, 29))):
        assert not ("first" in it.stem and "signed" in it.stem and "2018" not in it.stem.split(")", 1)[-1]), it.stem


# -- 7. small counts in words, outside the quote -----------------------------------------------------------------


def test_a_name_the_n_card_writes_a_small_count_in_words_and_leaves_the_quote_alone() -> None:
    served = _served(_doc(MLAT_PAGE))
    names = [it for it in served if it.answer == "Chile, Peru, Bolivia"]
    assert names and names[0].stem.startswith("Name the three countries with which ")
    assert "“In addition, Treaties with 3 countries" in names[0].explanation  # the source as it stands


def test_an_option_the_question_itself_names_is_held() -> None:
    pending = lst("f_p", ("Chile", "Peru", "Bolivia"), closed=True,
                  label="countries with which treaties have been signed by Brazil but are yet to be ratified")
    stem = ("Which one of the following is one of the countries with which treaties have been signed by Brazil but are "
            "yet to be ratified, as stated by the Ministry of Justice (2014)?")
    spoilt = mcq("q_spoilt", ("f_p",), ("Ecuador", "Brazil", "Colombia", "Bolivia"), answer=3, stem=stem)
    clean = mcq("q_clean", ("f_p",), ("Ecuador", "Paraguay", "Colombia", "Bolivia"), answer=3, stem=stem)
    assert "option_in_stem" in gate.item_reasons(spoilt, ctx(pending))
    assert "option_in_stem" not in gate.item_reasons(clean, ctx(pending))


def test_a_groupings_non_members_are_its_land_neighbours_when_it_has_enough() -> None:
    """Round 13's reader: Nepal, a related grouping's member far from every ASEAN state, is no setter's
    ASEAN option; Bangladesh, China and Papua New Guinea, on ASEAN's land borders, are."""
    from quizapp.banks.generate.mcq import NUMBERED_RE, STATEMENT_RE
    from quizapp.banks.generate.regions import borders

    asean = ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore",
             "Thailand", "Vietnam")
    items = _build(_doc(GROUPINGS, title="Regional groupings of Asia", day=dt.date(2014, 3, 31)))
    outsiders = []
    for it in [*_list_mcqs(items, "how_many"), *_list_mcqs(items, "statements")]:
        if "ASEAN" not in it.stem:
            continue
        names = [n for _i, n in NUMBERED_RE.findall(it.stem)] or [m.group(2) for m in STATEMENT_RE.finditer(it.stem)]
        names = [re.sub(r" is one of the members of ASEAN\.$", "", n) for n in names]
        outsiders += [n for n in names if sub_region(n) is not None and key_of(n) not in {key_of(m) for m in asean}]
    assert outsiders, "no ASEAN item offers a non-member"
    assert all(any(borders(n, m) for m in asean) for n in outsiders), outsiders
    assert not {"Nepal", "Bhutan", "Sri Lanka"} & set(outsiders)
