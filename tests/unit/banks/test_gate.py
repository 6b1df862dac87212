"""The quality gate: each checkable rule of the item standard holds an item with its reason code."""

from __future__ import annotations

import zlib

import pytest

from quizapp.banks import gate
from quizapp.banks.factbase import FactBase
from quizapp.banks.types import Fact, Item, KeyPoint, Source

SRC = Source("doc_a", 0, 10, "0123456789")
BIG = ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore", "Thailand",
       "Vietnam")


def lst(fid: str, members: tuple[str, ...], closed: bool, doc: str = "doc_a",
        label: str = "countries with which Ruritania has extradition treaties") -> Fact:
    src = Source(doc, 0, 10, "0123456789")
    return Fact(id=fid, kind="list", source=src, sentence=src, label=label, members=members,
                extra={"closed": closed, "closed_reason": "test"})


def date(fid: str, value: str, doc: str = "doc_a") -> Fact:
    src = Source(doc, 0, 10, "0123456789")
    return Fact(id=fid, kind="date", source=src, sentence=src, label="The treaty was signed in 1998.", value=value,
                granularity="year", extra={"event": "The Ruritania–Japan extradition treaty was signed."})


def mcq(iid: str, facts: tuple[str, ...], options: tuple[str, ...], answer: int = 0, style: str = "single",
        stem: str = "Which one of the following is one of the countries with which Ruritania has extradition "
                    "treaties, as stated by the Ministry of Law (2015)?") -> Item:
    return Item(id=iid, type="mcq", style=style, stem=stem, source=SRC, facts=facts, topic="International relations",
                answer=answer, options=options)


def card(iid: str, facts: tuple[str, ...], stem: str, answer: str, type_: str = "fact") -> Item:
    # each card from a sentence of its own: the gate serves one recall card per source sentence
    at = 10 * (zlib.crc32(iid.encode()) % 100_000)
    return Item(id=iid, type=type_, stem=stem, source=Source("doc_a", at, at + 10, "0123456789"), facts=facts,
                topic="Polity", answer=answer)


def ctx(*facts: Fact) -> gate.Context:
    base = FactBase.from_facts(facts)
    return gate.Context(facts=base.facts, base=base, conflicting=frozenset(base.conflicting_fact_ids()))


CLOSED = lst("f_closed", ("France", "Japan", "Kenya"), closed=True)
OPEN = lst("f_open", ("France", "Japan", "Kenya"), closed=False, label="countries among Ruritania's partners")
GOOD_STEM = "In which year was the Ruritania–Japan extradition treaty signed, as stated by the Ministry of Law (2015)?"


@pytest.mark.parametrize("answer", ["yesterday", "last summer", "on Monday", "this year", "Tuesday", "today"])
def test_relative_answers_are_held(answer: str) -> None:
    assert gate.item_reasons(card("q1", (), GOOD_STEM, answer), ctx()) == ["relative_answer"]


@pytest.mark.parametrize("answer", ["22 October 2018 (2018-10-22)", "the 1990s (1990s)",
                                    "last summer (2017-06/2017-08)", "2018-10"])
def test_machine_notation_is_held(answer: str) -> None:
    assert "machine_notation" in gate.item_reasons(card("q1", (), GOOD_STEM, answer), ctx())


def test_plain_answers_pass() -> None:
    for answer in ("22 October 2018", "1998", "the 1990s", "2013–14", "34 countries"):
        assert gate.item_reasons(card("q1", (), GOOD_STEM, answer), ctx()) == [], answer


@pytest.mark.parametrize("stem, reason", [
    ("Fill in the blank:\n“…Level Meeting on Bilateral Security Cooperation was held in _____.”", "mid_sentence_start"),
    ("Fill in the blank:\n“and then the ministers met in _____.”", "mid_sentence_start"),
    ("which was signed in [when?].", "mid_sentence_start"),
    ("Which one of the following is one of the countries in: It was set up in … by …?", "mid_sentence_start"),
    ("Fill in the blank:\n“He held talks with the Home Minister in _____.”", "unresolved_subject"),
    ("Fill in the blank:\n“The Convention came into force in _____.”", "unresolved_subject"),
    ("Fill in the blank:\n“The grouping was founded in _____.”", "unresolved_subject"),
    ("Fill in the blank:\n“Skip to main content. The treaty was signed in _____.”", "furniture"),
    ("Fill in the blank:\n“Home | News | About us\nThe treaty was signed in _____.”", "furniture"),
    ("How many? Complete the statement:\n“Discuss the treaty ([how many?], 15 marks).”", "furniture"),
])
def test_stems_a_candidate_cannot_read_cold(stem: str, reason: str) -> None:
    assert reason in gate.item_reasons(card("q1", (), stem, "1998", "cloze"), ctx())


def test_a_named_subject_passes() -> None:
    stem = "Fill in the blank:\n“The SAARC Convention on Mutual Assistance in Criminal Matters came into force in _____.”"
    assert gate.item_reasons(card("q1", (), stem, "2008", "cloze"), ctx()) == []
    context = "Fill in the blank:\n“Zhao Kezhi visited New Delhi. He held talks with the Home Minister in _____.”"
    reasons = gate.item_reasons(card("q2", (), context, "October", "cloze"), ctx())
    assert "unresolved_subject" not in reasons and "dangling_reference" not in reasons


def test_a_label_with_a_pronoun_needs_what_it_refers_to_first() -> None:
    stages = lst("f_st", ("familiarization", "basic training", "joint exercises"), True,
                 label="the three stages in which they will interact")
    bare = card("q1", ("f_st",), "Name the three stages in which they will interact.", "familiarization")
    shown = card("q2", ("f_st",), "Troops of India and China will train together. Name the three stages in which "
                                  "they will interact.", "familiarization")
    assert "unresolved_subject" in gate.item_reasons(bare, ctx(stages))
    assert gate.item_reasons(shown, ctx(stages)) == []


@pytest.mark.parametrize("style, options, answer, stem", [
    ("single", ("France", "Chile", "Peru", "Oman"), 0, None),
    ("not", ("France", "Japan", "Chile", "Kenya"), 2, None),
    ("how_many", ("Only one", "Only two", "All three", "None"), 0,
     "Consider the following countries:\n1. France\n2. Chile\n3. Peru\nHow many of the above are among the countries "
     "among Ruritania's partners, as stated by the Ministry of Law (2015)?"),
    ("statements", ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"), 0,
     "Consider the following statements:\n1. France is one of the countries among Ruritania's partners.\n"
     "2. Chile is one of the countries among Ruritania's partners.\nWhich of the statements given above is/are "
     "correct, as stated by the Ministry of Law (2015)?"),
    ("how_many", ("Only one", "Only two", "All three", "None"), 2,
     "Consider the following countries:\n1. France\n2. Japan\n3. Kenya\nHow many of the above are among the "
     "countries among Ruritania's partners, as stated by the Ministry of Law (2015)?"),
])
def test_exclusion_styles_on_an_open_list_are_held(style, options, answer, stem) -> None:
    kw = {"stem": stem} if stem else {}
    open_item = mcq("q1", ("f_open",), options, answer, style, **kw)
    assert gate.item_reasons(open_item, ctx(OPEN)) == ["open_list_exclusion"]
    closed_item = mcq("q2", ("f_closed",), options, answer, style, **kw)
    assert gate.item_reasons(closed_item, ctx(CLOSED)) == []


def test_an_open_list_item_stands_when_another_closed_list_proves_each_distractor_false() -> None:
    sample = lst("f_sample", ("France", "Japan"), closed=False)
    whole = lst("f_whole", ("France", "Japan", "Kenya"), closed=True, doc="doc_b")
    item = mcq("q1", ("f_sample",), ("France", "Chile", "Peru", "Oman"))
    assert gate.item_reasons(item, ctx(sample, whole)) == []


def test_a_distractor_another_document_makes_true_is_held() -> None:
    theirs = lst("f_b", ("France", "Chile"), closed=False, doc="doc_b")
    item = mcq("q1", ("f_closed",), ("France", "Chile", "Peru", "Oman"))
    assert gate.item_reasons(item, ctx(CLOSED, theirs)) == ["distractor_true_elsewhere"]
    year = mcq("q2", ("f_1998",), ("1997", "1998", "1999", "2000"), 1,
               stem="Which year correctly fills the blank?\n“The Ruritania–Japan extradition treaty was signed in _____.”")
    mine, other = date("f_1998", "1998"), date("f_1999", "1999", doc="doc_b")
    assert "distractor_true_elsewhere" in gate.item_reasons(year, ctx(mine, other))
    assert "distractor_true_elsewhere" not in gate.item_reasons(year, ctx(mine))


def test_an_item_on_a_conflicting_fact_must_name_its_source_and_date() -> None:
    mine, other = date("f_1998", "1998"), date("f_1999", "1999", doc="doc_b")
    bare = card("q1", ("f_1998",), "In which year was the Ruritania–Japan extradition treaty signed?", "1998")
    dated = card("q2", ("f_1998",), GOOD_STEM, "1998")
    assert gate.item_reasons(bare, ctx(mine, other)) == ["conflict_unattributed"]
    assert gate.item_reasons(dated, ctx(mine, other)) == []


def test_repeated_cells_and_equal_options_are_duplicate_answers() -> None:
    row = Fact(id="f_row", kind="table_row", source=SRC, sentence=SRC, label="treaties", cells=("Norway", "2004"),
               extra={"repeated": ["2004"]})
    blank = card("q1", ("f_row",), "Fill in the blank:\n“Norway: _____.”", "2004", "cloze")
    assert "duplicate_answer" in gate.item_reasons(blank, ctx(row))
    same = mcq("q2", ("f_closed",), ("USA", "United States", "Peru", "Oman"))
    assert "duplicate_answer" in gate.item_reasons(same, ctx(CLOSED))


def test_essays_keep_their_marks_but_no_furniture() -> None:
    kp = KeyPoint(id="k1", text="The treaty widened cooperation.", keywords=("treaty",), source=SRC)
    essay = Item(id="q_e", type="essay", stem="Discuss the treaty's significance. (250 words, 15 marks)", source=SRC,
                 facts=(), topic="Polity", key_points=(kp,) * 4, word_limit=250, marks=15, time_limit_minutes=11)
    assert gate.item_reasons(essay, ctx()) == []


CLOZE_STEM = "Fill in the blank, as stated by the Ministry of Law (2015):\n“Ruritania signed the treaty in 1998 with _____.”"


def _cards(fact: str, n: int, type_: str = "fact") -> list[Item]:
    stem = GOOD_STEM if type_ == "fact" else CLOZE_STEM
    return [card(f"q_{fact}_{type_}_{k:02d}", (fact,), f"{stem} ({fact} {k})", f"Answer {k}", type_) for k in range(n)]


def _singles(fact: str, n: int) -> list[Item]:
    # four ASEAN-region options: a key alone in its sub-region would be held for that (lone_region_key), not the cap
    return [mcq(f"q_{fact}_mcq_{k:02d}", (fact,), ("Thailand", "Timor-Leste", "Bangladesh", "Sri Lanka"),
                stem=f"Which one of the following is one of the members of ASEAN, as stated by the Ministry of Law "
                     f"(2015)? ({k})") for k in range(n)]


BIG_FACT = lst("f_big", BIG, closed=True, label="members of ASEAN")


def test_one_item_per_fact_and_three_of_different_styles_for_a_big_closed_list() -> None:
    """The rubric's "no fact feeds more than a handful", under strict precision (was 2 and 6)."""
    small = lst("f_small", ("France", "Japan", "Kenya"), closed=True)
    other = [lst(f"f_o{k}", ("Chile",), closed=False, label=f"other list {k}") for k in range(6)]
    items = (_cards("f_big", 4) + _cards("f_big", 4, "cloze") + _singles("f_big", 2) + _cards("f_small", 5)
             + [c for f in other for c in _cards(f.id, 1)])
    out = gate.apply_gate(items, ctx(BIG_FACT, small, *other))
    served = [it for it in out if it.status == "generated"]
    per = {f: sum(f in it.facts for it in served) for f in ("f_big", "f_small")}
    assert per == {"f_big": 3, "f_small": 1}
    assert sorted((it.type, it.style) for it in served if "f_big" in it.facts) == [
        ("cloze", None), ("fact", None), ("mcq", "single")]
    assert {r for it in out if it.status == "held" for r in it.hold_reasons} == {"per_fact_cap"}
    assert [it.id for it in out] == [it.id for it in items]  # order kept; only the status changes


def test_no_document_is_more_than_half_one_fact() -> None:
    lone = lst("f_lone", ("Chile",), closed=False, label="another list")
    out = gate.apply_gate(_cards("f_big", 1) + _cards("f_big", 1, "cloze") + _singles("f_big", 1)
                          + _cards("f_lone", 1), ctx(BIG_FACT, lone))
    served = [it for it in out if it.status == "generated"]
    assert sum("f_big" in it.facts for it in served) == 1 and len(served) == 2
    assert sorted(r for it in out for r in it.hold_reasons) == ["document_balance"] * 2


def test_a_document_with_one_served_item_keeps_it() -> None:
    out = gate.apply_gate(_cards("f_lone", 1), ctx(lst("f_lone", ("Chile",), closed=False, label="x")))
    assert [it.status for it in out] == ["generated"]


def _others(n: int) -> tuple[list[Fact], list[Item]]:
    """Other facts with one card each, so balance does not decide what a test is about."""
    facts = [lst(f"f_x{k}", ("Chile",), False, label=f"x {k}") for k in range(n)]
    return facts, [c for f in facts for c in _cards(f.id, 1)]


def test_which_items_stay_prefers_varied_styles_and_is_deterministic() -> None:
    facts, filler = _others(4)
    items = _cards("f_big", 3, "fact") + _cards("f_big", 3, "cloze")
    first = gate.apply_gate(items + filler, ctx(BIG_FACT, *facts))
    served = [it for it in first if it.status == "generated" and "f_big" in it.facts]
    assert sorted(it.type for it in served) == ["cloze", "fact"]
    again = gate.apply_gate(list(reversed(items)) + filler, ctx(BIG_FACT, *facts))
    assert {it.id for it in again if it.status == "generated"} >= {it.id for it in served}


def test_the_same_stem_twice_is_served_once() -> None:
    facts, filler = _others(3)
    twin = [card(f"q_t{k}", (f"f_t{k}",), CLOZE_STEM, "Japan", "cloze") for k in range(2)]
    tf = [lst(f"f_t{k}", ("Japan",), True, label=f"t {k}") for k in range(2)]  # closed: a blank on an open list is held
    out = {it.id: it for it in gate.apply_gate(twin + filler, ctx(*tf, *facts))}
    assert out["q_t0"].status == "generated" and out["q_t1"].hold_reasons == ("duplicate",)


def test_editors_decide_over_the_gate() -> None:
    facts, filler = _others(4)
    items = _cards("f_small", 3)
    items.append(card("q_rel", ("f_small",), GOOD_STEM, "yesterday"))
    status = {"q_rel": "reviewed", items[0].id: "retired"}
    out = {it.id: it for it in gate.apply_gate(items + filler, ctx(CLOSED, *facts), status)}
    assert out["q_rel"].status == "generated" and out["q_rel"].hold_reasons == ()  # the editor reviewed it
    served = [it for it in out.values() if it.status == "generated" and "f_small" in it.facts and it.id not in status]
    assert served == []  # the reviewed item takes the fact's one place; the retired one takes none


def test_held_by_reason_counts() -> None:
    out = gate.apply_gate([card("q1", (), GOOD_STEM, "yesterday (2018-10-22)")], ctx())
    assert out[0].hold_reasons == ("relative_answer", "machine_notation")
    assert gate.held_by_reason(out) == {"relative_answer": 1, "machine_notation": 1}
