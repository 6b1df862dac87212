"""The rules the blind audits asked for: each holds a constructed item with its reason and lets a clean one pass."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.banks import gate
from quizapp.banks.factbase import FactBase
from quizapp.banks.types import DocumentMeta, Fact, Item, KeyPoint, Source

SRC = Source("doc_a", 0, 10, "0123456789")
META = DocumentMeta(id="doc_a", file="doc_a.txt", title="India, China sign a security pact",
                    published=dt.date(2018, 10, 29))


def ctx(*facts: Fact) -> gate.Context:
    base = FactBase.from_facts(facts)
    return gate.Context(facts=base.facts, base=base, documents={"doc_a": META})


def date_fact(fid: str = "f_d") -> Fact:
    return Fact(id=fid, kind="date", source=SRC, sentence=SRC, label="x", value="2011", granularity="year")


def cloze(quote: str, answer: str, prefix: str = "Fill in the blank, as stated by the Ministry of Law (2015)") -> Item:
    return Item(id="q1", type="cloze", stem=f"{prefix}:\n“{quote}”", source=SRC, facts=(), topic="IR", answer=answer)


def fact(quote: str, answer: str, facts: tuple[str, ...] = ()) -> Item:
    return Item(id="q1", type="fact", stem=f"When? Complete the date, as stated by the Ministry of Law (2015):\n“{quote}”",
                source=SRC, facts=facts, topic="IR", answer=answer)


def year_mcq(quote: str, key: str, options: tuple[str, ...]) -> Item:
    return Item(id="q1", type="mcq", style="single", stem=f"Which year correctly fills the blank?\n“{quote}”", source=SRC,
                facts=("f_d",), topic="IR", answer=options.index(key), options=options)


CLEAN = "The SAARC Convention on Mutual Assistance in Criminal Matters was signed by India in 2008 with _____."


@pytest.mark.parametrize("quote", [
    "In sum, the pact was signed in 2008 with _____.", "Further India signed a treaty in 2008 with _____.",
    "Secondly, India signed a treaty in 2008 with _____.", "The other three are the pacts signed in 2008 with _____.",
    "These talks led to a pact signed in 2008 with _____.", "Its secretariat was set up in 2008 in _____.",
    "South Africa joined the grouping in 2010 with _____.", "The Convention was signed in 2008 by _____.",
    "Tensions rose after the stand-off began in 2020 near _____.", "The last such meetings were held in 2012 in _____.",
    "As part of their model, India and China began projects in 2018 in _____.",
    "Myanmar joined in 1997, and Nepal and _____ in 2004.",
    "The first IAFS was held in 2008 in _____.",
])
def test_dangling_reference(quote: str) -> None:
    assert "dangling_reference" in gate.item_reasons(cloze(quote, "Japan"), ctx())


def test_named_subjects_and_known_or_expanded_abbreviations_pass() -> None:
    for quote in (CLEAN, "The India–Africa Forum Summit (IAFS) was first held in 2008 in _____.",
                  "The Convention on Cluster Munitions was signed in 2008 in _____.",
                  "The MTCR was set up in 1987 by _____."):
        assert "dangling_reference" not in gate.item_reasons(cloze(quote, "Japan"), ctx()), quote


@pytest.mark.parametrize("quote", ["Modi met Xi in Wuhan in April this year, after Doklam in _____.",
                                   "The summit, which ended yesterday, was held in 2018 in _____.",
                                   "Last month Pompeo said in 2020 that _____ had troops."])
def test_relative_time_in_the_stem(quote: str) -> None:
    assert "relative_in_stem" in gate.item_reasons(cloze(quote, "Japan"), ctx())


def test_a_mains_prompt_may_say_today() -> None:
    prompt = Item(id="q_e", type="essay", source=SRC, facts=(), topic="IR",
                  stem="India-China relations are more complex today than in the past. Do you agree?")
    assert "relative_in_stem" not in gate.item_reasons(prompt, ctx())


@pytest.mark.parametrize("item", [
    cloze("China opposes India's entry into the _____ (NSG) since 2008.", "Nuclear Suppliers Group"),
    cloze("BRICS brings together Brazil, Russia, India, China and _____ since 2010.", "South Africa"),
    cloze("Japan signed the 2011 pact; _____ and Japan are partners.", "Japan"),
    fact("From 20th May to 22nd May, 2013, the Home Minister toured; the dialogue was adopted on [when?].",
         "21 May 2013"),
    year_mcq("South Africa signed the pact in December _____ and hosted its first summit in 2011.", "2010",
             ("2007", "2008", "2009", "2010")),
    year_mcq("India established its mission in Ruritania in _____.", "2018", ("2015", "2016", "2017", "2018")),
])
def test_gives_away(item: Item) -> None:
    assert "gives_away" in gate.item_reasons(item, ctx(date_fact()))


def test_a_year_far_from_the_key_gives_nothing_away() -> None:
    item = year_mcq("India and Indonesia signed the pact in _____; Japan signed its own in 2002.", "2011",
                    ("2009", "2010", "2011", "2012"))
    assert "gives_away" not in gate.item_reasons(item, ctx(date_fact()))


@pytest.mark.parametrize("quote, answer", [("India and Ruritania _____ a pact in 2018.", "signed"),
                                           ("The power _____ shifted after 1988.", "balance"),
                                           ("Unlike in 1988, _____ and Delhi must talk.", "Beijing")])
def test_trivial_blank(quote: str, answer: str) -> None:
    assert "trivial_blank" in gate.item_reasons(cloze(quote, answer), ctx())
    assert "trivial_blank" not in gate.item_reasons(cloze(quote, "Nepal"), ctx())


def test_swallowed_noun() -> None:
    base = "How many? Complete the statement, as stated by the Ministry of Law (2015):\n“India has [how many?].”"
    long = Item(id="q1", type="fact", stem=base, source=SRC, facts=(), topic="IR", answer="eight armed police forces")
    assert "swallowed_noun" in gate.item_reasons(long, ctx())
    short = Item(id="q2", type="fact", stem=base, source=SRC, facts=(), topic="IR", answer="18 countries")
    assert "swallowed_noun" not in gate.item_reasons(short, ctx())


def test_table_template() -> None:
    stem = "According to the table “Summits” (as reported on 5 September 2023), what is given against 2009?"
    item = Item(id="q1", type="fact", stem=stem, source=SRC, facts=(), topic="IR", answer="Yekaterinburg; Russia")
    assert "table_template" in gate.item_reasons(item, ctx())


def _essay(points: tuple[str, ...], tags: tuple[str, ...] = ()) -> Item:
    kps = tuple(KeyPoint(id=f"k{i}", text=t, keywords=("BIMSTEC", "charter"), source=SRC) for i, t in enumerate(points))
    return Item(id="q_e", type="essay", stem="Discuss the significance of BIMSTEC for India. (250 words, 15 marks)",
                source=SRC, facts=(), topic="IR", key_points=kps, word_limit=250, marks=15, tags=tags)


@pytest.mark.parametrize("item", [
    _essay(("BIMSTEC was set up in 1997.", "Discuss the factors that slowed BIMSTEC.")),
    _essay(("Is BIMSTEC a bridge to South-East Asia?",)),
    _essay(("and the charter was signed in 2022.",)),
    _essay(("Charter: The BIMSTEC Charter was signed in Colombo in 2022.",)),  # a page's lead label
    _essay(("The BIMSTEC Charter entered into force this year.",)),  # a relative time left unresolved
    _essay(("It signifies a booster to relationship between China.",)),  # one party of a relation
])
def test_essay_point_form(item: Item) -> None:
    assert "essay_point_form" in gate.item_reasons(item, ctx())


POINTS = ("BIMSTEC was set up in 1997.", "Its charter was signed in 2022.", "Its secretariat is in Dhaka.",
          "Its members are seven states of the Bay of Bengal.")


def test_a_clean_essay_passes_and_a_thin_one_is_held() -> None:
    assert gate.item_reasons(_essay(POINTS), ctx()) == []
    # generated or not, a prompt is served by the same rules
    assert gate.item_reasons(_essay(POINTS, ("generated-prompt",)), ctx()) == []
    assert gate.item_reasons(_essay(POINTS[:3]), ctx()) == ["thin_essay"]
    assert gate.item_reasons(_essay(POINTS * 3), ctx()) == ["essay_point_form"]  # nine or more: no 250-word answer


def test_a_blank_in_a_practice_question_is_held() -> None:
    item = cloze("Discuss the factors that have slowed the progress of _____ since 1997.", "BIMSTEC")
    assert "practice_prompt" in gate.item_reasons(item, ctx())


@pytest.mark.parametrize("quote", ["It is too early to call the 2018 _____ meeting a reset.",
                                   "The 2018 pact seems to favour _____.", "We think the 2018 pact helps _____."])
def test_opinion(quote: str) -> None:
    assert "opinion" in gate.item_reasons(cloze(quote, "Japan"), ctx())


@pytest.mark.parametrize("quote", [
    "Rajiv Gandhi’s made a visit to Beijing in 1988 with _____.",
    "The 5th Meeting of the Authorities,5th Meeting of Ministers in 2012 chose _____.",
    "SAARC was set up in 1985 to help _____; and, lastly …",
    "The SAARC Convention on Mutual Assistance will come into force after ratification of the SAARC Convention on "
    "Mutual Assistance in 2008 by _____.",
])
def test_typo_or_artifact(quote: str) -> None:
    assert "typo_or_artifact" in gate.item_reasons(cloze(quote, "Japan"), ctx())


def test_itinerary_without_an_outcome_is_held() -> None:
    trip = fact("The Home Minister of India visited Russia and met his Russian counterpart on [when?].", "10 April 2013",
                ("f_d",))
    assert "itinerary" in gate.item_reasons(trip, ctx(date_fact()))
    deal = fact("The Home Minister of India visited Russia and signed an extradition treaty on [when?].",
                "10 April 2013", ("f_d",))
    assert "itinerary" not in gate.item_reasons(deal, ctx(date_fact()))


def test_undated_cloze_and_undated_time_bound_claims() -> None:
    assert "undated_cloze" in gate.item_reasons(cloze("India signed a treaty with _____.", "Japan"), ctx())
    assert gate.item_reasons(cloze(CLEAN, "Japan"), ctx()) == []
    bare = year_mcq("India signed a treaty with Indonesia in _____ which is yet to be ratified.", "2011",
                    ("2009", "2010", "2011", "2012"))
    assert "undated_time_bound" in gate.item_reasons(bare, ctx(date_fact()))


def test_statements_with_one_answer_side_are_held() -> None:
    stem = "Consider the following statements:\n1. A.\n2. B.\nWhich of the statements given above is/are correct?"
    for key in ("Both 1 and 2", "Neither 1 nor 2"):
        opts = ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2")
        item = Item(id="q1", type="mcq", style="statements", stem=stem, source=SRC, facts=(), topic="IR",
                    answer=opts.index(key), options=opts)
        assert "one_sided_statements" in gate.item_reasons(item, ctx())
