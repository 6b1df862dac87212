"""MCQ generation from hand-built facts: keys by membership, distractors never true."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from quizapp.banks.generate import generate_items
from quizapp.banks.generate.distractors import key_of, near_years
from quizapp.banks.generate.mcq import (
    ALL_STYLES,
    HOW_MANY_KEY,
    HOW_MANY_OPTIONS,
    NUMBERED_RE,
    STATEMENT_KEY,
    STATEMENT_OPTIONS,
    STATEMENT_RE,
    date_mcq,
    list_mcqs,
    written_forms,
)
from quizapp.banks.names import normalise
from quizapp.banks.types import Document, DocumentMeta, Fact, Source

TEXT = (
    "Extradition Treaties\n\n"
    "India has extradition treaties in force with the following 8 countries:\n"
    "Nepal, Bhutan, USA, Hongkong SAR, Sri Lanka, France, Egypt and Mongolia.\n\n"
    "Treaties with Chile, Peru and Kenya have been signed but are not yet in force.\n\n"
    "The agreements on drugs cover Egypt, Zambia, Cambodia and Nepal.\n\n"
    "The treaty with Mongolia was signed in 2001 in Ulaanbaatar.\n"
)
META = DocumentMeta(id="t_extradition", file="t_extradition.txt", title="Extradition Treaties",
                    publisher="Ministry of External Affairs", published=None, as_of=dt.date(2016, 3, 31))
DOC = Document(meta=META, text=TEXT)


def src(needle: str) -> Source:
    i = TEXT.index(needle)
    return Source(META.id, i, i + len(needle), needle)


def fact(kind: str, needle: str, sentence: str, **kw: object) -> Fact:
    fid = "f_" + hashlib.sha1(f"{kind}|{needle}|{sentence}".encode()).hexdigest()[:10]
    return Fact(id=fid, kind=kind, source=src(needle), sentence=src(sentence), **kw)  # type: ignore[arg-type]


IN_FORCE = fact(
    "list", "Nepal, Bhutan, USA, Hongkong SAR, Sri Lanka, France, Egypt and Mongolia",
    "India has extradition treaties in force with the following 8 countries:\n"
    "Nepal, Bhutan, USA, Hongkong SAR, Sri Lanka, France, Egypt and Mongolia.",
    label="countries with extradition treaties in force with India",
    members=("Nepal", "Bhutan", "United States", "Hong Kong", "Sri Lanka", "France", "Egypt", "Mongolia"),
)
SIGNED = fact("list", "Chile, Peru and Kenya",
              "Treaties with Chile, Peru and Kenya have been signed but are not yet in force.",
              label="countries with signed extradition treaties not in force", members=("Chile", "Peru", "Kenya"))
DRUGS = fact("list", "Egypt, Zambia, Cambodia and Nepal", "The agreements on drugs cover Egypt, Zambia, Cambodia and Nepal.",
             label="countries with drug agreements", members=("Egypt", "Zambia", "Cambodia", "Nepal"))
YEAR = fact("date", "2001", "The treaty with Mongolia was signed in 2001 in Ulaanbaatar.", value="2001",
            granularity="year")
FACTS = [IN_FORCE, SIGNED, DRUGS, YEAR]
MEMBERS = {key_of(m) for m in IN_FORCE.members}


def mcqs_on(f: Fact) -> list:
    """Every MCQ the rules can make from the fact (the bank keeps a few of them per fact)."""
    if f.kind == "list":
        return list_mcqs(DOC, f, FACTS, per_style=ALL_STYLES)
    return [it for it in generate_items(DOC, FACTS, FACTS) if it.type == "mcq" and f.id in it.facts]


def test_written_forms_find_aliases_in_the_quote() -> None:
    forms = written_forms(IN_FORCE.source.quote, IN_FORCE.members)
    shown = {m: IN_FORCE.source.quote[s:e] for m, (s, e) in forms.items()}
    assert shown["United States"] == "USA"
    assert shown["Hong Kong"] == "Hongkong SAR"
    assert shown["Sri Lanka"] == "Sri Lanka"
    assert len(shown) == 8


def test_every_member_is_a_single_key_and_distractors_are_outside_the_list() -> None:
    items = [it for it in mcqs_on(IN_FORCE) if it.style == "single"]
    keys = sorted(normalise(it.options[it.answer]) for it in items)
    assert keys == sorted(IN_FORCE.members)
    for it in items:
        assert len(it.options) == 4 and len({key_of(o) for o in it.options}) == 4
        for j, option in enumerate(it.options):
            assert (key_of(option) in MEMBERS) == (j == it.answer), (it.stem, it.options)
            assert normalise(option) != "India"  # named by the label itself
        assert normalise(it.options[it.answer]) in written_forms(it.source.quote, IN_FORCE.members)
        assert it.source.quote == TEXT[it.source.start:it.source.end]


def test_distractors_come_from_the_documents_first() -> None:
    used = Counter(o for it in mcqs_on(IN_FORCE) if it.style == "single"
                   for j, o in enumerate(it.options) if j != it.answer)
    named = {"Cambodia"}
    # few document-named outsiders (< MIN_NAMED): they are mixed with pycountry names of the same and
    # bordering UN sub-regions. Chile, Peru, Kenya and Zambia are named too, but their sub-regions hold no member and
    # borders none of the list's home sub-regions: such an option gives the key away.
    assert named <= set(used)
    assert not {"Chile", "Peru", "Kenya", "Zambia"} & set(used)
    assert all(key_of(c) not in MEMBERS and normalise(c) != "India" for c in used)


def test_not_style_key_is_a_non_member() -> None:
    items = [it for it in mcqs_on(IN_FORCE) if it.style == "not"]
    assert len(items) == 8
    keys = {normalise(it.options[it.answer]) for it in items}
    assert "Cambodia" in keys  # document-named outsiders first (near ones only)
    assert not {"Chile", "Peru", "Kenya", "Zambia"} & keys
    for it in items:
        assert "NOT" in it.stem
        assert key_of(it.options[it.answer]) not in MEMBERS
        assert all(key_of(o) in MEMBERS for j, o in enumerate(it.options) if j != it.answer)


def test_how_many_and_statements_keys_follow_from_truths() -> None:
    items = mcqs_on(IN_FORCE)
    hm = [it for it in items if it.style == "how_many"]
    st = [it for it in items if it.style == "statements"]
    assert len(hm) == 8 and len(st) == 8
    for it in hm:
        assert it.options == HOW_MANY_OPTIONS
        names = [m.group(2) for m in NUMBERED_RE.finditer(it.stem)]
        assert len(names) == 3
        assert it.answer == HOW_MANY_KEY[sum(key_of(n) in MEMBERS for n in names)]
    for it in st:
        assert it.options == STATEMENT_OPTIONS
        found = {int(m.group(1)): m.group(2) for m in STATEMENT_RE.finditer(it.stem)}
        truths = (key_of(found[1]) in MEMBERS, key_of(found[2]) in MEMBERS)
        assert it.answer == STATEMENT_KEY[truths]
    assert sorted(it.answer for it in hm) == [0, 0, 1, 1, 2, 2, 3, 3]
    # one true and one false statement each: "Both" or "Neither" would give nothing to tell apart
    assert sorted(it.answer for it in st) == [0, 0, 0, 0, 1, 1, 1, 1]


def test_same_block_lists_and_label_names_are_never_distractors() -> None:
    """Drug partners Egypt and Nepal are members; Zambia is fine; India is in the label."""
    for it in mcqs_on(IN_FORCE):
        for o in it.options:
            assert normalise(o) != "India"


def test_key_positions_balanced_and_key_not_always_longest() -> None:
    items = mcqs_on(IN_FORCE)
    counts = Counter(it.answer for it in items)
    assert set(counts) == {0, 1, 2, 3}
    assert max(counts.values()) <= 0.4 * len(items)
    singles = [it for it in items if it.style == "single"]
    longest = sum(len(it.options[it.answer]) == max(map(len, it.options)) for it in singles)
    assert longest < len(singles)


def test_stem_says_who_and_when() -> None:
    it = next(it for it in mcqs_on(IN_FORCE) if it.style == "single")
    assert it.stem == ("Which one of the following is one of the countries with extradition treaties in force "
                       "with India, as stated by the Ministry of External Affairs (2015–16)?")


def test_ids_and_options_are_deterministic() -> None:
    a = generate_items(DOC, FACTS, FACTS)
    b = generate_items(DOC, list(FACTS), list(FACTS))
    assert [(i.id, i.options, i.answer) for i in a] == [(i.id, i.options, i.answer) for i in b]
    assert len({i.id for i in a}) == len(a)


def test_date_mcq_years_are_near_and_never_the_key() -> None:
    it = date_mcq(DOC, YEAR, FACTS)
    assert it is not None
    assert it.options[it.answer] == "2001"
    years = [int(o) for o in it.options]
    assert years == sorted(years) and len(set(years)) == 4
    assert all(abs(y - 2001) <= 4 for y in years)
    assert "_____" in it.stem and "2001" not in it.stem



def test_date_mcq_explanation_states_the_year_once_and_quotes_a_fuller_date() -> None:
    it = date_mcq(DOC, YEAR, FACTS)
    assert it is not None
    assert it.explanation.startswith("The year is 2001. Source: ")
    assert "(2001)" not in it.explanation  # it once read "The source gives 2001 (2001)."
    text = "Zhao Kezhi visited Delhi from 21 to 25 October, 2018."  # "The visit ran ..." names no one: no item now
    doc = Document(meta=META, text=text)
    needle = "from 21 to 25 October, 2018"
    i = text.index(needle)
    dated = Fact(id="f_visit", kind="date", source=Source(META.id, i, i + len(needle), needle),
                 sentence=Source(META.id, 0, len(text), text), value="2018-10-21/2018-10-25", granularity="range")
    item = date_mcq(doc, dated, [dated])
    assert item is not None and item.options[item.answer] == "2018"
    assert item.explanation.startswith("The year is 2018: the source gives from 21 to 25 October, 2018. ")

def test_near_years_skips_forbidden_and_future() -> None:
    assert near_years(2013, 1, 2, forbidden={2012, 2014}, latest=2016) == [2011, 2015, 2016]
    assert near_years(2016, 0, 3, forbidden=set(), latest=2016) == [2013, 2014, 2015]


def test_lists_of_non_countries_give_no_mcq() -> None:
    f = Fact(id="f_x", kind="list", source=src("Chile, Peru and Kenya"), sentence=src("Chile, Peru and Kenya"),
             label="ministries", members=("Home", "Defence"))
    assert list_mcqs(DOC, f, FACTS, per_style=ALL_STYLES) == []


def test_two_signed_and_pending_lists_never_offer_each_others_members() -> None:
    """Nepal signed the SAARC convention and has not ratified it: no safe "false" for "MLATs signed, not ratified"."""
    from quizapp.banks.generate.distractors import truth_for

    text = ("Mutual legal assistance\n\n"
            "Treaties are in force with France, Egypt and Mongolia.\n\n"
            "Treaties with Chile, Peru and Kenya have been signed but are yet to be ratified.\n\n"
            "The Convention will come into force after ratification by Nepal, Pakistan and Bhutan.\n")
    doc = Document(meta=META, text=text)

    def lst(needle: str, sentence: str, label: str, members: tuple[str, ...]) -> Fact:
        i, j = text.index(needle), text.index(sentence)
        return Fact(id="f_" + hashlib.sha1(label.encode()).hexdigest()[:10], kind="list", label=label, members=members,
                    source=Source(META.id, i, i + len(needle), needle),
                    sentence=Source(META.id, j, j + len(sentence), sentence))

    in_force = lst("France, Egypt and Mongolia", "Treaties are in force with France, Egypt and Mongolia.",
                   "countries with treaties in force", ("France", "Egypt", "Mongolia"))
    unratified = lst("Chile, Peru and Kenya", "Treaties with Chile, Peru and Kenya have been signed but are yet to be ratified.",
                     "countries with treaties signed but yet to be ratified", ("Chile", "Peru", "Kenya"))
    awaited = lst("Nepal, Pakistan and Bhutan",
                  "The Convention will come into force after ratification by Nepal, Pakistan and Bhutan.",
                  "countries whose ratification of the Convention is awaited", ("Nepal", "Pakistan", "Bhutan"))
    corpus = [in_force, unratified, awaited]
    banned = truth_for(unratified, corpus, doc).banned
    assert {key_of(c) for c in ("Nepal", "Pakistan", "Bhutan")} <= banned
    assert not {key_of(c) for c in ("France", "Egypt", "Mongolia")} & banned  # in force: the opposite state, a fair distractor
    assert {key_of(c) for c in ("Chile", "Peru", "Kenya")} <= truth_for(awaited, corpus, doc).banned
    offered = {o for it in list_mcqs(doc, unratified, corpus, per_style=ALL_STYLES)
               for o in (*it.options, *(m.group(2) for rx in (NUMBERED_RE, STATEMENT_RE) for m in rx.finditer(it.stem)))}
    assert {"Chile", "Peru", "Kenya"} <= offered and not offered & {"Nepal", "Pakistan", "Bhutan"}
