"""Issue 14 generation rules on constructed facts: answers, stems, topics, salience, distractors, new styles."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

from quizapp.banks import salience
from quizapp.banks.generate import common, compound, generate_items
from quizapp.banks.generate.distractors import closed_list, country_pool, truth_for
from quizapp.banks.generate.essay import keywords, stated_limits
from quizapp.banks.generate.mcq import list_mcqs
from quizapp.banks.generate.regions import region_of
from quizapp.banks.topics import topic_of
from quizapp.banks.types import Document, DocumentMeta, Fact, Source
from tests import fastyaml

SEEDS = Path(__file__).resolve().parents[3] / "questions" / "banks"


def _doc(text: str, **meta: object) -> Document:
    m = DocumentMeta(id="t_doc", file="t_doc.txt", title=str(meta.get("title", "Notes")),
                     publisher=meta.get("publisher", "Ministry of Home Affairs"),  # type: ignore[arg-type]
                     published=meta.get("published", dt.date(2013, 6, 1)),  # type: ignore[arg-type]
                     as_of=meta.get("as_of", dt.date(2013, 6, 1)))  # type: ignore[arg-type]
    return Document(meta=m, text=text)


def _fact(doc: Document, kind: str, needle: str, sentence: str, **kw: object) -> Fact:
    i, j = doc.text.index(sentence), doc.text.index(needle, doc.text.index(sentence))
    fid = "f_" + hashlib.sha1(f"{kind}|{needle}|{sentence}".encode()).hexdigest()[:10]
    return Fact(id=fid, kind=kind, source=Source(doc.meta.id, j, j + len(needle), needle),  # type: ignore[arg-type]
                sentence=Source(doc.meta.id, i, i + len(sentence), sentence), **kw)  # type: ignore[arg-type]


# -- 1. answers are absolute words --------------------------------------------------------------------------


def test_iso_values_read_as_words_at_their_precision() -> None:
    assert common.iso_words("2020-10-26") == "26 October 2020"
    assert common.iso_words("2018-10") == "October 2018"
    assert common.iso_words("1990s") == "the 1990s"
    assert common.iso_words("2017-06/2017-08") == "June–August 2017"
    assert common.iso_words("2018-10-21/2018-10-25") == "21–25 October 2018"
    assert common.iso_words("2013/2014") == "2013–14"


def test_relative_date_recall_answers_the_absolute_date_and_never_iso() -> None:
    text = "Zhao Kezhi held talks with Rajnath Singh yesterday on the first security agreement."
    doc = _doc(text, published=dt.date(2018, 10, 23))
    f = _fact(doc, "date", "yesterday", text, value="2018-10-22", granularity="day", resolved=True)
    shown = _fact(doc, "date", "yesterday", text, value="2018-10-22", granularity="day", resolved=True,
                  extra={"display": "22 October 2018"})
    from quizapp.banks.generate.recall import date_recall

    for fact in (f, shown):
        item = date_recall(doc, fact)
        assert item is not None and item.answer == "22 October 2018"
        assert "2018-10" not in item.answer and "yesterday" not in item.answer


# -- 2. stems ---------------------------------------------------------------------------------------------


def test_the_convention_is_named_by_its_full_name_from_earlier_text() -> None:
    text = ("India along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal "
            "Matters in 2008. The Convention will come into force after ratification by Nepal.")
    doc = _doc(text)
    second = text[text.index("The Convention"):]
    named = common.name_subjects(doc, Source("t_doc", text.index(second), len(text), second), second)
    assert named.startswith("The SAARC Convention on Mutual Assistance in Criminal Matters will come into force")


def test_no_stem_starts_mid_sentence_or_with_an_ellipsis() -> None:
    long_before = "Union Home Minister " + "and many other officials " * 20 + "met in Delhi on 4 May 2013."
    doc = _doc(long_before)
    f = _fact(doc, "date", "4 May 2013", long_before, value="2013-05-04", granularity="day")
    assert common.blank_out(f.sentence, f.source) is None  # would need "…" to fit: no card
    assert not common.starts_whole("…Level Meeting on Security")
    assert not common.starts_whole("level meeting on security")


def test_sources_are_attributed_by_publisher_and_date() -> None:
    doc = _doc("x", publisher="South China Morning Post", published=dt.date(2020, 10, 26))
    assert common.as_stated(doc.meta) == "as stated by South China Morning Post (26 October 2020)"
    anonymous = _doc("x", publisher=None, published=dt.date(2018, 10, 20), title="Opinion: China and India")
    assert common.as_stated(anonymous.meta) == "as reported on 20 October 2018"  # never the headline


def test_doubled_words_are_tidied() -> None:
    assert common.tidy("Name the the three stages") == "Name the three stages"


# -- 3. topics --------------------------------------------------------------------------------------------


def test_topics_are_syllabus_headings_and_never_the_answer() -> None:
    assert topic_of("countries with which India has signed agreements on drug related issues") == "Internal security"
    assert topic_of("members of ASEAN", "ASEAN is a grouping of ten countries") == "International relations"
    assert topic_of("Article 370 of the Constitution was amended by Parliament") == "Polity"
    text = "India and China signed their first ever internal security cooperation agreement."
    doc = _doc(text, title="India, China ink first-ever internal security cooperation agreement")
    f = _fact(doc, "date", "2018", text + " 2018", value="2018") if False else None  # noqa: F841
    assert "China" not in common.topic_for(doc, None, answer="China")


def test_a_fact_is_filed_by_its_own_clause_and_the_title_only_breaks_ties() -> None:
    # round 11: under an "internal security" headline, the page's Belt and Road and social-security items were
    # filed Internal security by their neighbours in the sentence and by the title
    title = "India, China ink first-ever internal security cooperation agreement"
    bri = ("There have been disputes, including Beijing's blocking of efforts to designate the terrorist Masood "
           "Azhar as a global terrorist; and India's open opposition to China's Belt and Road Initiative (BRI).")
    ssa = ("There is no record of India having ever signed an Internal Security Cooperation Agreement with any "
           "country, albeit India has signed Social Security Agreements (SSA) with 18 countries.")
    doc = _doc(f"{bri} {ssa}", title=title)
    assert common.topic_for(doc, _fact(doc, "event", "Belt and Road Initiative (BRI)", bri,
                                       label="opposed_object: Belt and Road Initiative (BRI)")) == "International relations"
    assert common.topic_for(doc, _fact(doc, "count", "18", ssa, label="SSA")) == "International relations"
    # the clause about the terrorist still files under Internal security, and so does a fact the texts leave level
    assert common.topic_for(doc, _fact(doc, "event", "Masood Azhar", bri, label="designated")) == "Internal security"
    level = _doc("The meeting was held in Goa.", title=title)
    assert common.topic_for(level, _fact(level, "event", "Goa", "The meeting was held in Goa.",
                                         label="held_in: meeting")) == "Internal security"


# -- 4. salience ------------------------------------------------------------------------------------------


def test_itineraries_weekdays_asides_and_metadata_are_not_worth_asking() -> None:
    text = ("Pompeo will then travel to Sri Lanka, the Maldives, and Indonesia. "
            "They met on Tuesday to discuss the pact. "
            "Answer in 250 words. "
            "India has operationalised MLATs with the following 34 countries. "
            "SAARC was set up in 1985.")
    doc = _doc(text)
    trip = _fact(doc, "list", "Sri Lanka, the Maldives, and Indonesia",
                 "Pompeo will then travel to Sri Lanka, the Maldives, and Indonesia.",
                 label="countries Pompeo will travel to", members=("Sri Lanka", "Maldives", "Indonesia"))
    weekday = _fact(doc, "date", "on Tuesday", "They met on Tuesday to discuss the pact.", value="2020-10-27",
                    granularity="day", resolved=True)
    words = _fact(doc, "count", "250 words", "Answer in 250 words.", number=250.0, unit="words")
    mlat = _fact(doc, "count", "34 countries", "India has operationalised MLATs with the following 34 countries.",
                 number=34.0, unit="countries")
    founded = _fact(doc, "date", "1985", "SAARC was set up in 1985.", value="1985", granularity="year")
    assert salience.drop_reason(trip) == "travel itinerary"
    assert salience.drop_reason(weekday) is not None
    assert salience.drop_reason(words) == "page metadata"
    assert (salience.score(mlat) or 0) >= 1 and (salience.score(founded) or 0) >= 1
    items = generate_items(doc, [trip, weekday, words, mlat, founded], [trip, weekday, words, mlat, founded])
    assert not [it for it in items if {trip.id, weekday.id, words.id} & set(it.facts)]


def test_no_fact_feeds_more_than_its_cap_in_the_shipped_banks() -> None:
    for path in sorted(SEEDS.glob("*.yaml")):
        data = fastyaml.load(path.read_text())
        facts = {f["id"]: f for f in data["facts"]}
        counts: dict[str, int] = {}
        compound_counts: dict[str, int] = {}
        for it in data["items"]:
            if it["status"] != "retired" and it["type"] != "essay":
                into = compound_counts if compound.is_compound(it) else counts  # statements/pairs: own budget
                for fid in set(it["facts"]):
                    into[fid] = into.get(fid, 0) + 1
        assert max(compound_counts.values(), default=0) <= 1, path.name
        for fid, n in counts.items():
            f = facts[fid]
            size = len(f.get("members") or []) if f["kind"] == "list" else 0
            cap = 6 if size >= 10 else 3 if size >= 5 and f.get("extra", {}).get("closed") else 2
            assert n <= cap, (path.name, f.get("label"), n)


# -- 5. distractors ---------------------------------------------------------------------------------------


def test_an_asian_groupings_distractors_are_asian() -> None:
    members = ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal")
    text = "The Members of BIMSTEC are: " + ", ".join(members) + "."
    doc = _doc(text)
    f = _fact(doc, "list", ", ".join(members), text, label="members of BIMSTEC", members=members)
    pool = country_pool(f, [f], truth_for(f, [f], doc))
    assert len(pool) >= 3
    assert all(region_of(c) is not None and region_of(c)[1] == "Asia" for c in pool.ordered())  # type: ignore[index]
    assert not {"Canada", "Bermuda", "Brazil"} & set(pool.ordered())


def test_open_lists_get_no_exclusion_items_and_no_name_them_all_card() -> None:
    text = "India has such treaties with 12 countries, among them Nepal, Bhutan and Mongolia."
    doc = _doc(text)
    f = _fact(doc, "list", "Nepal, Bhutan and Mongolia", text, label="countries with such treaties",
              members=("Nepal", "Bhutan", "Mongolia"))
    assert not closed_list(f)
    flagged = replace(f, extra={"closed": False})
    for fact in (f, flagged):
        items = generate_items(doc, [fact], [fact])
        assert not [it for it in items if it.type == "mcq" or it.stem.startswith("Name the")]
    assert list_mcqs(doc, f, [f]) == []


# -- 6. statements and pairs: keys re-derived from the facts ----------------------------------------------


def _bank_facts(path: Path) -> tuple[dict, dict]:
    data = fastyaml.load(path.read_text())
    return data, {f["id"]: f for f in data["facts"]}


def test_statement_and_pair_keys_are_rederived_from_the_facts_on_constructed_documents() -> None:
    signed = ("India along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal "
              "Matters in 2008.",
              "A Treaty on Mutual Legal Assistance in Criminal Matters was signed between India and Azerbaijan in 2013.",
              "A Treaty on Extradition was signed between India and Kenya in 2010.")
    text = " ".join(("SAARC was set up in 1985.", *signed,
                     "India has operationalised Mutual Legal Assistance Treaties with 34 countries."))
    doc = _doc(text, published=None, as_of=dt.date(2014, 3, 31))
    facts = [
        _fact(doc, "date", "1985", "SAARC was set up in 1985.", value="1985", granularity="year",
              label="SAARC was set up in 1985."),
        *(_fact(doc, "date", y, s, value=y, granularity="year", label=s)
          for y, s in zip(("2008", "2013", "2010"), signed, strict=True)),
        _fact(doc, "count", "34 countries", "India has operationalised Mutual Legal Assistance Treaties with 34 "
              "countries.", number=34.0, unit="countries",
              label="India has operationalised Mutual Legal Assistance Treaties with 34 countries."),
    ]
    made = compound.statement_items(doc, facts, facts) + compound.pairs_items(doc, facts, facts)
    styles = {it.style for it in made}
    assert styles == {"statements", "pairs"}
    as_dicts = {f.id: {"kind": f.kind, "value": f.value, "extra": f.extra, "cells": list(f.cells),
                       "label": f.label, "source": {"quote": f.source.quote}} for f in facts}
    for it in made:
        assert compound.rederive({"stem": it.stem, "facts": list(it.facts), "style": it.style}, as_dicts) == it.answer
    pairs = next(it for it in made if it.style == "pairs")
    # pairs of one kind: the three signings and their years, never the founding of SAARC beside them
    assert "Agreement — Year of signing" in pairs.stem and "SAARC set up" not in pairs.stem
    assert "Which" not in pairs.stem.split("\n")[0]


def test_statement_and_pair_keys_in_the_shipped_banks_are_rederived() -> None:
    seen = set()
    for path in sorted(SEEDS.glob("*.yaml")):
        data, facts = _bank_facts(path)
        for it in data["items"]:
            if it["status"] == "retired" or not (it.get("style") == "pairs" or compound.is_fact_statements(it)):
                continue
            seen.add(it["style"])
            assert compound.rederive(it, facts) == it["answer"], it["id"]
            # a false line differs from the truth in one value only: it still names the same event
            # (country — grouping pairs cite each grouping's list once; each line names its grouping)
            if compound.MEMBERSHIP_TAG not in it["tags"]:
                assert len(compound.LINE.findall(it["stem"])) == len(it["facts"])
    assert seen == {"pairs", "statements"}


# -- 7. essays --------------------------------------------------------------------------------------------


def test_stated_words_and_marks_win_over_the_convention() -> None:
    text = "Discuss the significance of the pact. (250 words, 15 marks)"
    doc = _doc(text)
    p = _fact(doc, "prompt", text, text, extra={"words": 250, "marks": 15})
    assert stated_limits(p, 10, 150, 7) == (15, 250, 11)
    plain = _fact(doc, "prompt", text, text)
    assert stated_limits(plain, 10, 150, 7) == (10, 150, 7)


def test_key_point_keywords_skip_generic_words() -> None:
    kws = keywords("India and China signed their first internal security cooperation agreement in Wuhan; "
                   "relations between the countries and the government improved.",
                   generic=frozenset({"india", "china"}))
    lowered = {k.casefold() for k in kws}
    assert not lowered & {"india", "china", "countries", "relations", "cooperation", "government"}
    assert "wuhan" in lowered


def test_every_shipped_document_with_enough_facts_has_one_generated_prompt() -> None:
    found = 0
    for path in sorted(SEEDS.glob("*.yaml")):
        data, facts = _bank_facts(path)
        generated = [it for it in data["items"] if it["type"] == "essay" and "generated-prompt" in it["tags"]
                     and it["status"] != "retired"]
        assert len(generated) <= 1
        own = [it for it in data["items"] if it["type"] == "essay" and "generated-prompt" not in it["tags"]
               and it["status"] != "retired"]
        assert not (own and generated), path.name  # a page that sets its own question gets no second one
        for it in generated:
            found += 1
            assert 4 <= len(it["key_points"]) <= 8
            assert all(kp["facts"] and set(kp["facts"]) <= set(facts) for kp in it["key_points"])
            for kp in it["key_points"]:
                assert not {k.casefold() for k in kp["keywords"]} & {"india", "countries", "relations", "cooperation"}
    assert found >= 1


def test_no_shipped_answer_is_relative_or_machine_notation() -> None:
    import re

    bad = re.compile(r"\d{4}-\d{2}|\(\d{4}s?\)|\byesterday\b|\blast (?:summer|year|month)\b|\b(?:on )?(?:Monday|"
                     r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
    for path in sorted(SEEDS.glob("*.yaml")):
        data = fastyaml.load(path.read_text())
        for it in data["items"]:
            if it["status"] == "retired":
                continue
            answer = it["options"][it["answer"]] if it["type"] == "mcq" else str(it.get("answer") or "")
            assert not bad.search(answer), (path.name, it["id"], answer)
            assert not it["stem"].lstrip("“").startswith(("…", "..."))


def _table_doc() -> tuple[Document, list[Fact]]:
    rows = [("Nepal", "1953"), ("Canada", "1987"), ("Spain", "2002"), ("Poland", "2002")]
    text = "Extradition treaties\n\n| Country | Year in force |\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)
    doc = _doc(text)
    facts = []
    for a, b in rows:
        line = f"| {a} | {b} |"
        facts.append(_fact(doc, "table_row", line, line, cells=(a, b), label="extradition treaties",
                           extra={"header": ["Country", "Year in force"], "repeated": [1]}))
    return doc, facts


def test_table_rows_give_pairs_with_a_rederivable_key_and_cards_named_by_the_header() -> None:
    from quizapp.banks.generate.recall import table_recall

    doc, rows = _table_doc()
    card = table_recall(doc, rows[0], rows)
    assert card is not None and card.stem.endswith("what is the Year in force for Nepal?") and card.answer == "1953"
    # the year column repeats (2002 twice): never paired as a value, so pairs use no column here
    assert compound.pairs_items(doc, rows, rows) == []
    unique = [replace(r, extra={"header": ["Country", "Year in force"], "repeated": []}) for r in rows[:3]]
    made = compound.pairs_items(doc, unique, unique)
    assert len(made) == 1 and made[0].style == "pairs" and "Country — Year in force" in made[0].stem
    as_dicts = {f.id: {"kind": f.kind, "cells": list(f.cells), "source": {"quote": f.source.quote}} for f in unique}
    assert compound.rederive({"stem": made[0].stem, "facts": list(made[0].facts), "style": "pairs"}, as_dicts) \
        == made[0].answer


def test_a_first_cell_that_repeats_makes_no_card() -> None:
    from quizapp.banks.generate.recall import table_recall

    doc, rows = _table_doc()
    flipped = [replace(r, cells=(r.cells[1], r.cells[0])) for r in rows]
    assert table_recall(doc, flipped[2], flipped) is None  # "2002" is given against Spain and Poland
    assert table_recall(doc, flipped[0], flipped) is not None


def test_single_answer_options_are_of_similar_length() -> None:
    from quizapp.banks.generate.distractors import Pool, pick

    pool = Pool(named=("Democratic Republic of the Congo", "Central African Republic", "Chad", "Mali", "Niger",
                       "Togo"), extra=("Benin", "Gabon"))
    wrong = pick(pool, 3, 7, avoid=["Peru"], like="Peru")
    assert len(wrong) == 3 and all(abs(len(w) - len("Peru")) <= 6 for w in wrong)


ASEAN = ("Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore",
         "Thailand", "Vietnam")


def test_south_east_asian_lists_get_no_gulf_or_central_asian_options_and_no_timor_leste() -> None:
    text = "The ten members of ASEAN are " + ", ".join(ASEAN) + "."
    doc = _doc(text)
    f = _fact(doc, "list", ", ".join(ASEAN), text, label="members of ASEAN", members=ASEAN)
    pool = set(country_pool(f, [f], truth_for(f, [f], doc)).ordered())
    assert len(pool) >= 3
    assert not {"Tajikistan", "Bahrain", "Kuwait", "Uzbekistan", "Kazakhstan", "Qatar", "Turkey", "Oman", "Iran"} & pool
    assert "Timor-Leste" not in pool  # the lone South-east Asian outsider of the list: a likely later member


def test_a_country_named_as_observer_or_candidate_is_never_a_distractor() -> None:
    members = ("Bangladesh", "India", "Myanmar", "Sri Lanka", "Thailand", "Bhutan", "Nepal")
    text = ("The Members of BIMSTEC are: " + ", ".join(members) + ".\n\n"
            "Maldives has applied for observer status.")
    doc = _doc(text)
    f = _fact(doc, "list", ", ".join(members), text.split("\n")[0], label="members of BIMSTEC", members=members)
    g = _fact(doc, "list", "Maldives", "Maldives has applied for observer status.", label="observers", members=("Maldives",))
    pool = set(country_pool(f, [f, g], truth_for(f, [f, g], doc)).ordered())
    assert "Maldives" not in pool and pool


def test_the_grouping_is_named_and_the_other_three_leans_on_its_sentence() -> None:
    text = ("BRICS brings together Brazil, Russia, India, China and South Africa.\n\n"
            "South Africa joined the grouping in December 2010.")
    doc = _doc(text)
    sentence = Source(doc.meta.id, text.index("South Africa joined"), len(text), text[text.index("South Africa joined"):])
    assert common.name_subjects(doc, sentence, sentence.quote) == "South Africa joined BRICS in December 2010."
    assert common.leans("The other three are GSOMIA, signed in 2002, and LEMOA, signed in 2016.")


def test_a_table_row_card_asks_the_year_from_the_intro_and_header_never_given_against() -> None:
    from quizapp.banks.generate.recall import table_recall

    text = "The summits held so far are listed in the table below:\n\nYear | Host city | Host country\n2017 | Xiamen | China\n"
    doc = _doc(text)
    row = _fact(doc, "table_row", "2017 | Xiamen | China", "2017 | Xiamen | China",
                label="The summits held so far are listed in the table below",
                cells=("2017", "Xiamen", "China"), extra={"header": ("Year", "Host city", "Host country")})
    it = table_recall(doc, row, [row])
    assert it is not None and it.answer == "2017" and ";" not in it.answer
    assert "in which year was the summit held at Xiamen, China?" in it.stem and "given against" not in it.stem
    bare = _fact(doc, "table_row", "2017 | Xiamen | China", "2017 | Xiamen | China", label="summits",
                 cells=("2017", "Xiamen", "China"))
    assert table_recall(doc, bare, [bare]) is None  # no header: no "what is given against 2017?"
