"""Acceptance: the banks built from the five seed documents (copied to tmp_path)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from quizapp.banks import gate
from quizapp.banks.build import build_banks
from quizapp.banks.check import check_banks
from quizapp.banks.generate.common import display_of
from quizapp.banks.generate.mcq import written_forms
from quizapp.banks.names import kind_of, normalise
from tests import fastyaml

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "questions" / "sources"
MLAT_DOC = "004_3457cf58089fa324"
ESSAY_DOC = "000_c4edb860b4731120"
MLAT_AS_WRITTEN = [
    "Australia", "Bahrain", "Bangladesh", "Belarus", "Bulgaria", "Bosnia & Herzegovina", "Canada", "Egypt", "France",
    "Iran", "Kazakhstan", "Kuwait", "Malaysia", "Mauritius", "Mexico", "Myanmar", "Mongolia", "Russia", "Singapore",
    "Spain", "Sri Lanka", "South Africa", "South Korea", "Switzerland", "Tajikistan", "Thailand", "Turkey", "Ukraine",
    "United Arab Emirates", "United Kingdom", "USA", "Uzbekistan", "Vietnam", "Hongkong SAR",
]
BOILERPLATE = ["Font decrease", "Enquire Now", "Hit Count", "More Articles", "Copyright", "©", "All rights reserved",
               "All Rights Reserved", "Join Us", "Source Article", "Indian and Chinese troops take part"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, dict]]:
    base = tmp_path_factory.mktemp("seed")
    sources, banks = base / "sources", base / "banks"
    shutil.copytree(SEEDS, sources)
    report = build_banks(sources, banks)
    assert report.errors == [] and report.documents == 5
    data = {p.stem: fastyaml.load(p.read_text(encoding="utf-8")) for p in sorted(banks.glob("*.yaml"))}
    return sources, banks, data


def texts(sources: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sources.glob("*.txt")}


def mlat_fact(data: dict[str, dict]) -> dict:
    expected = {normalise(n) for n in MLAT_AS_WRITTEN}
    found = [f for f in data[MLAT_DOC]["facts"] if f["kind"] == "list" and set(f["members"]) == expected]
    assert len(found) == 1
    return found[0]


def test_check_passes(built) -> None:
    sources, banks, _ = built
    assert [str(p) for p in check_banks(banks, sources)] == []


def test_a_mlat_list_fact(built) -> None:
    sources, _, data = built
    fact = mlat_fact(data)
    assert len(fact["members"]) == 34 == len(set(fact["members"]))
    assert None not in {normalise(n) for n in MLAT_AS_WRITTEN}
    quote = fact["source"]["quote"]
    assert quote.startswith("Australia") and quote.rstrip().endswith("Hongkong SAR")
    assert all(n in quote for n in MLAT_AS_WRITTEN)
    assert texts(sources)[MLAT_DOC][fact["source"]["start"]:fact["source"]["end"]] == quote


def test_b_mlat_mcqs(built) -> None:
    _, _, data = built
    fact = mlat_fact(data)
    members = set(fact["members"])
    mcqs = [it for it in data[MLAT_DOC]["items"] if it["type"] == "mcq" and fact["id"] in it["facts"]]
    # issue 14: fewer, varied items per fact (a closed list of 34 feeds at most 6), not one per member
    assert 4 <= len(mcqs) <= 6
    styles = Counter(it["style"] for it in mcqs)
    assert len(styles) >= 3 and styles["single"] >= 1

    def inside(name: str) -> bool:
        assert kind_of(name) == "country", name
        return normalise(name) in members

    for it in mcqs:
        options, key = it["options"], it["answer"]
        assert len(options) == 4 and 0 <= key < 4
        if it["style"] == "single":
            assert inside(options[key])
            assert [inside(o) for j, o in enumerate(options) if j != key] == [False] * 3
            assert "as stated by the Ministry of Home Affairs (2013–14)" in it["stem"]
        elif it["style"] == "not":
            assert not inside(options[key])
            assert [inside(o) for j, o in enumerate(options) if j != key] == [True] * 3
        elif it["style"] == "how_many":
            assert options == ["Only one", "Only two", "All three", "None"]
            names = re.findall(r"^\d\. (.+)$", it["stem"], re.M)
            assert len(names) == 3
            assert key == {1: 0, 2: 1, 3: 2, 0: 3}[sum(inside(n) for n in names)]
        elif it["style"] == "statements":
            assert options == ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
            names = re.findall(r"^\d\. (.+?) is one of the ", it["stem"], re.M)
            truths = tuple(inside(n) for n in names)
            assert key == {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}[truths]
    # key positions are balanced over the bank's single-answer and NOT items
    bank_mcqs = [it for it in data[MLAT_DOC]["items"] if it["type"] == "mcq" and it["style"] in ("single", "not")]
    positions = Counter(it["answer"] for it in bank_mcqs)
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) <= 0.4 * len(bank_mcqs)
    # distractors are countries the documents prove outside the list, never a member or India
    wrong = {normalise(o) for it in mcqs for j, o in enumerate(it["options"])
             if it["style"] == "single" and j != it["answer"]}
    assert wrong and not wrong & {"Bangladesh", "Egypt", "India"}


CARDS = [
    ("002_851daea0b7e23b7c", "2018-10-22", "22 October, 2018"),
    # ("002 ..., 2018-10-21/2018-10-25, Zhao Kezhi"): "on a visit ... during which he will also travel to Mumbai"
    # is an itinerary, not worth asking (issue 14)
    ("000_c4edb860b4731120", "2018-04", "Wuhan"),
    ("000_c4edb860b4731120", "1988", "Rajiv Gandhi"),
    (MLAT_DOC, "1985", "SAARC was set up"),
    (MLAT_DOC, "2008-04", "first IAFS"),
    (MLAT_DOC, "2013-04-04", "Azerbaijan"),
    (MLAT_DOC, "2008", "Convention on Mutual Assistance in Criminal Matters"),
]


@pytest.mark.parametrize(("doc", "value", "words"), CARDS)
def test_c_required_recall_cards(built, doc: str, value: str, words: str) -> None:
    _, _, data = built
    facts = {f["id"]: f for f in data[doc]["facts"]}
    asked = [it for it in data[doc]["items"] if it["status"] != "retired" and it["type"] != "essay"
             and any(facts[f]["kind"] == "date" and facts[f]["value"] == value for f in it["facts"])
             and words in it["source"]["quote"]]
    assert asked  # the date is asked: a year MCQ, a recall card, or a statements / pairs item
    for it in asked:
        fact = next(facts[f] for f in it["facts"] if facts[f].get("value") == value)
        assert fact["source"]["quote"] in it["source"]["quote"]
        if it["type"] == "fact":  # the date in words at the source's precision, never ISO (issue 14)
            assert it["answer"] == display_of(fact["value"], fact.get("extra") or {}, fact["source"]["quote"])


def test_c_enough_cards(built) -> None:
    _, _, data = built
    cards = [it for bank in data.values() for it in bank["items"] if it["type"] in ("fact", "cloze")]
    assert len(cards) >= 25  # fewer, better: two items per fact at most, nothing not worth asking (issue 14)
    # every document but the wire story (its facts are an itinerary, weekdays and a "last month") has cards
    assert {it["source"]["document"] for it in cards} >= set(data) - {"003_7502e44b28077c3a"}


def test_d_essay(built) -> None:
    sources, _, data = built
    bank = data[ESSAY_DOC]
    essays = [it for it in bank["items"] if it["type"] == "essay" and "generated-prompt" not in it["tags"]]
    assert len(essays) == 1
    essay = essays[0]
    assert essay["stem"] == ("The relationship between India and China is much more complex and difficult to manage "
                             "today than in the past. Do you agree? What areas of convergence need to be explored "
                             "between them for better relations?")
    assert (essay["marks"], essay["word_limit"], essay["time_limit_minutes"]) == (15, 250, 11)
    points = essay["key_points"]
    assert 4 <= len(points) <= 8
    # one clean sentence each: no page heading ("Wuhan reset:") or enumerator ("Firstly,"), no "this year"
    assert not [p for p in points if re.match(r"(?:Firstly|Secondly|Thirdly|Finally|In sum)\b|[\w -]+: ", p["text"])]
    assert not [p for p in points if re.search(r"\bthis year\b|\blast summer\b", p["text"])]
    assert any("in April 2018" in p["text"] for p in points)
    text = texts(sources)[ESSAY_DOC]
    fact_ids = {f["id"] for f in bank["facts"]}
    item_ids = {it["id"] for it in bank["items"]}
    for p in points:
        assert text[p["source"]["start"]:p["source"]["end"]] == p["source"]["quote"]
        assert 1 <= len(p["keywords"]) <= 6 and sum(len(k.split()) for k in p["keywords"]) >= 2
        assert not {k.casefold() for k in p["keywords"]} & {"india", "china", "making", "marking", "beginning",
                                                             "unlike", "significantly", "relations"}
        assert set(p["facts"]) <= fact_ids and set(p["items"]) <= item_ids
        assert p["items"], p["text"]
    # both halves of the question: what makes it complex and the areas of convergence
    from quizapp.banks.generate.essay import GAIN, STRAIN, side_of

    assert {GAIN, STRAIN} <= {side_of(p["text"]) for p in points}
    firstly = next(p for p in points if p["text"].startswith("The relationship between Beijing and Delhi"))
    assert "1988" in firstly["keywords"] and "2018" in firstly["keywords"] and len(firstly["facts"]) >= 2


def every_string(data: dict[str, dict]):
    for bank in data.values():
        for f in bank["facts"]:
            yield f["source"]["quote"]
        for it in bank["items"]:
            yield it["stem"]
            yield from it.get("options") or []
            yield it["source"]["quote"]
            for p in it.get("key_points") or []:
                yield p["source"]["quote"]
                yield p["text"]


def test_e_no_boilerplate(built) -> None:
    _, _, data = built
    hits = [(b, s[:80]) for s in every_string(data) for b in BOILERPLATE if b in s]
    assert hits == []


def test_f_quotes_exact_and_contain_what_they_test(built) -> None:
    sources, _, data = built
    text = texts(sources)
    for doc, bank in data.items():
        facts = {f["id"]: f for f in bank["facts"]}
        for it in bank["items"]:
            src = it["source"]
            assert text[doc][src["start"]:src["end"]] == src["quote"], it["id"]
            quote = src["quote"]
            if it["type"] == "cloze":
                assert it["answer"] in quote
            elif it["type"] == "fact":
                dates = [facts[f] for f in it["facts"] if facts[f]["kind"] == "date"]
                if dates:  # the date in words (issue 14), not necessarily as written
                    assert it["answer"] == display_of(dates[0]["value"], dates[0].get("extra") or {},
                                                      dates[0]["source"]["quote"])
                elif any((facts[f].get("extra") or {}).get("display") for f in it["facts"]):
                    # an event whose answer is a date resolved by the date extractor ("began in May")
                    shown = {(facts[f].get("extra") or {}).get("display") for f in it["facts"]}
                    assert it["answer"] in shown
                else:
                    assert it["answer"].split(", ")[0] in quote
            elif it["type"] == "mcq":
                cited = [facts[f] for f in it["facts"]]
                assert all(f["source"]["quote"] in quote for f in cited)
                if it["style"] == "single" and cited[0]["kind"] == "list":
                    written = written_forms(quote, cited[0]["members"])  # the key as the source writes it
                    assert normalise(it["options"][it["answer"]]) in written, it["id"]
                if cited[0]["kind"] == "date" and it["style"] == "single":
                    assert it["options"][it["answer"]] in cited[0]["source"]["quote"]


def test_no_live_card_answers_itself_or_counts_twice(built) -> None:
    """The audit's finds: counts whose sentence lists the counted things, and "Name the 3 the three stages"."""
    _, _, data = built
    live = [it for bank in data.values() for it in bank["items"] if it["status"] != "retired"]
    assert not [it["id"] for it in live if "[how many?], namely" in it["stem"] or "comprising of [how many?]" in it["stem"]]
    assert not [it["id"] for it in live if re.search(r"Name the \d+ the ", it["stem"])]
    asean = [it for it in live if it["type"] in ("fact", "cloze")
             and "MLATs with Myanmar, Singapore, Thailand, Malaysia and Vietnam" in it["source"]["quote"]]
    assert asean and all("among the members of ASEAN" in it["stem"] for it in asean)


def test_committed_pompeo_items_do_not_offer_vietnam_as_a_wrong_answer() -> None:
    """Editor's fix in the committed bank: the source names Sri Lanka, the Maldives and Indonesia, but
    Pompeo added Vietnam to that October 2020 trip, so an aspirant who knew it was marked wrong."""
    bank = fastyaml.load((ROOT / "questions" / "banks" / "003_7502e44b28077c3a.yaml").read_text(encoding="utf-8"))
    pompeo = [it for it in bank["items"] if it["status"] != "retired" and "Pompeo will travel to" in it["stem"]]
    assert pompeo == []  # issue 14: an itinerary is not worth asking, so the list feeds no live item at all
    offered = [it["id"] for it in pompeo if "Vietnam" in (*(it.get("options") or ()), it["stem"])]
    assert offered == []


def test_committed_quad_tokyo_card_that_dated_it_september_is_retired() -> None:
    """"Last month" in an article of 26 October 2020 resolved to 2020-09; the Tokyo Quad meeting was on 6 October."""
    bank = fastyaml.load((ROOT / "questions" / "banks" / "003_7502e44b28077c3a.yaml").read_text(encoding="utf-8"))
    live = [it for it in bank["items"] if it["status"] != "retired" and "Quad meeting in Tokyo" in it["source"]["quote"]
            and it["type"] == "fact" and ("2020-09" in str(it["answer"]) or "September" in str(it["answer"]))]
    assert live == []  # issue 14: a month counted back from the writing date is not asked at all


def test_the_2018_article_blanks_1988_only_where_it_dates_the_visit_and_never_blanks_2018(built) -> None:
    """"Relations are more complex in _____ than in 1988" was keyed 2018 with 2017 as a wrong option, and
    "In _____, China and India had comparable power" keyed 1988 against 1987: the article's frame, not facts."""
    _, _, data = built
    committed = fastyaml.load((ROOT / "questions" / "banks" / f"{ESSAY_DOC}.yaml").read_text(encoding="utf-8"))
    for bank in (data[ESSAY_DOC], committed):
        live = [it for it in bank["items"] if it["status"] != "retired"]
        blanked = {(str(it["answer"]) if it["type"] != "mcq" else it["options"][it["answer"]], it["source"]["quote"])
                   for it in live if it["type"] in ("mcq", "fact", "cloze")}
        years = {(answer[:4], quote) for answer, quote in blanked if answer[:4] in ("1988", "2018")}
        assert {(year, " ".join(quote.split())) for year, quote in years} == {
            ("1988", "Then Prime Minister Rajiv Gandhi’s made a groundbreaking visit to Beijing in 1988.")}


def test_g_served_items_respect_caps_and_balance(built) -> None:
    from collections import Counter

    from quizapp.banks import gate
    from quizapp.banks.generate import compound

    _sources, _banks, data = built
    for doc, bank in data.items():
        facts = {f["id"]: f for f in bank["facts"]}
        # an essay cites its key points' facts but asks none of them: it takes no fact's slot
        served = [it for it in bank["items"] if it["status"] in ("generated", "reviewed") and it["type"] != "essay"]
        per = Counter(f for it in served for f in set(it["facts"]))
        # statements and pairs items have their own budget: one per fact, on top of the single-fact cap
        compound_per = Counter(f for it in served if compound.is_compound(it) for f in set(it["facts"]))
        assert max(compound_per.values(), default=0) <= gate.CAP_COMPOUND, doc
        for fid, n in per.items():
            f = facts[fid]
            closed = f["kind"] == "list" and f.get("extra", {}).get("closed")
            cap = (gate.CAP_BIG_LIST if closed and len(f["members"]) >= gate.BIG_LIST
                   else gate.CAP_LIST if closed and len(f["members"]) >= gate.MID_LIST else gate.CAP_OTHER)
            reviewed = sum(fid in it["facts"] for it in served if it["status"] == "reviewed")
            single = n - compound_per[fid]
            assert single - reviewed <= cap, (doc, fid, n)
            # issue 14's caps on everything a fact feeds: 6 for a closed list of ten or more, 2 for any other
            big = closed and len(f["members"]) >= gate.BIG_LIST
            assert n - reviewed <= (gate.TOTAL_BIG_LIST if big else gate.TOTAL_OTHER) == (6 if big else 2), (doc, fid, n)
            if cap == gate.CAP_OTHER and not reviewed:
                # one card and one MCQ at most: never the same fact asked twice the same way
                kinds = [it["type"] == "mcq" for it in served if fid in it["facts"] and not compound.is_compound(it)]
                assert len(kinds) == len(set(kinds)), (doc, fid, kinds)
            # one item on a fact floods nothing, even when it is the document's only served item
            assert n * 2 <= len(served) or n == reviewed or n == 1, (doc, fid, n, len(served))


def test_h_no_served_exclusion_question_rests_on_an_open_list(built) -> None:
    _sources, _banks, data = built
    for doc, bank in data.items():
        facts = {f["id"]: f for f in bank["facts"]}
        for it in bank["items"]:
            lists = [facts[f] for f in it["facts"] if facts[f]["kind"] == "list"]
            if it["status"] == "generated" and it["type"] == "mcq" and lists:
                assert all(f["extra"]["closed"] for f in lists), (doc, it["id"], it["stem"])


def test_a_big_closed_list_serves_every_style_then_a_second_on_other_members(built) -> None:
    """Session 25: the issue's cap for a closed list of ten or more is 6; one item per style stopped the
    34-country MLAT list at 4. A second "how many" or statements item asks about other countries; no style
    is served three times, and a second single or NOT (the same stem) is never served."""
    _, _, data = built
    fact = mlat_fact(data)
    served = [it for it in data[MLAT_DOC]["items"] if it["status"] == "generated" and fact["id"] in it["facts"]]
    styles = Counter(it.get("style") for it in served)
    assert {"single", "not", "how_many", "statements"} <= set(styles)
    assert styles["how_many"] + styles["statements"] == 3 and max(styles.values()) <= 2
    assert styles["single"] == 1 and styles["not"] == 1
    twice = next(s for s in ("how_many", "statements") if styles[s] == 2)
    shown = [frozenset(re.findall(r"^\d\. (.+?)(?: is one of the .*)?$", it["stem"], re.M)) for it in served
             if it["style"] == twice]
    assert len(set(shown)) == 2
    assert len(served) <= gate.TOTAL_BIG_LIST
