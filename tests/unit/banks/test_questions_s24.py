"""Round 6's reader: "When? Complete the date … [when?]" is machine form; ask "In which year was SAARC set up?".

A blanked passive sentence whose date is its adjunct, or a state's count of
partners, is asked as a whole question; any other shape keeps the completion
card (a rule that guessed a verb's base form would write wrong English).
"""

from __future__ import annotations

import pytest

from quizapp.banks.generate.asking import count_question_text, date_question


@pytest.mark.parametrize("blanked, granularity, asked", [
    ("SAARC was set up in [when?] as an association of States whose aim was to promote the well-being; …", "year",
     "In which year was SAARC set up"),
    ("Mutual Legal Assistance Treaty (MLAT) in criminal matters has already been signed by India with Indonesia in "
     "[when?] which is yet to be ratified by Indonesia.", "year",
     "In which year was the Mutual Legal Assistance Treaty (MLAT) in criminal matters signed by India with Indonesia"),
    ("The MTCR was set up in [when?] by the G7 countries to limit the spread of missiles.", "year",
     "In which year was the MTCR set up by the G7 countries"),
    ("The Bay of Bengal Initiative (BIMSTEC) was set up on [when?] through the Bangkok Declaration.", "day",
     "On what date was the Bay of Bengal Initiative (BIMSTEC) set up through the Bangkok Declaration"),
    ("The first IAFS was held in [when?].", "month", "In which month and year was the first IAFS held"),
    # round 14: a purpose after the date only lengthens the question
    ("SAARC was set up in [when?] to promote regional cooperation.", "year", "In which year was SAARC set up"),
    # round 7: an act of state in the perfect, for the regular verbs of treaty-making
    ("India along with other SAARC countries has signed a Convention on Mutual Assistance in Criminal Matters in "
     "[when?].", "year", "In which year did India along with other SAARC countries sign a Convention on Mutual "
     "Assistance in Criminal Matters"),
    ("India has concluded the deal in [when?] which was hailed.", "year", "In which year did India conclude the deal"),
])
def test_a_dated_passive_sentence_is_asked_as_a_question(blanked: str, granularity: str, asked: str) -> None:
    assert date_question(blanked, granularity) == asked


@pytest.mark.parametrize("blanked, granularity", [
    ("The Treaty was signed in [when?].", "year"),  # which treaty is in another sentence
    ("It was set up in [when?].", "year"),
    ("BRICS invited six countries to become members from [when?].", "day"),  # active: no base form by rule
    ("Parties to the Hague Convention of [when?] accept an Apostille.", "day"),
    ("SAARC was set up in [when?].", "decade"),  # "In which decade" is no question a setter asks
    ("SAARC was set up in [when?] [In 1985].", "year"),
    ("It has signed a pact in [when?].", "year"),
    ("India has acceded to the pact in [when?].", "year"),  # "accede": no base form by the rule ("ratified" has one: ratify)
])
def test_other_shapes_keep_the_completion_card(blanked: str, granularity: str) -> None:
    assert date_question(blanked, granularity) is None


def test_a_states_count_of_partners_is_asked_as_a_question() -> None:
    blanked = ("Significantly, there is no record of India having ever signed an Internal Security Cooperation "
               "Agreement with any country, albeit India has signed Social Security Agreement (SSA) with [how many?] "
               "countries.")
    # (the source's singular "Agreement (SSA)" for one agreement with each partner is written as the plural)
    assert count_question_text(blanked) == "With how many countries has India signed Social Security Agreements (SSAs)"
    assert count_question_text("India has signed Extradition Treaty with [how many?] countries.") == (
        "With how many countries has India signed Extradition Treaties")
    # The counting subject must be a state: "the Ministry has signed … with [how many?] countries" is not asked so.
    assert count_question_text("The Ministry has signed agreements with [how many?] countries.") is None
    assert count_question_text("India manages [how many?] central armed police forces.") is None


def test_a_two_country_first_leaves_out_a_venue_that_names_one_of_them() -> None:
    """Round 6: "… for Afghan diplomats at the New Delhi Foreign Service Institute" gave half the answer away."""
    from tests.unit.banks.test_recall_s24 import _run

    text = ("On 15 October 2018, India and China launched their first joint training program for 10 Afghan "
            "diplomats at the New Delhi Foreign Service Institute.")
    _facts, served = _run(text)
    (card,) = [it for it in served if it.type == "fact" and "which two countries" in it.stem]
    assert card.stem == ("On 15 October 2018, which two countries launched their first joint training program for "
                         "10 Afghan diplomats?")
    assert card.source.quote == text  # the quote is the source's, venue and all


def test_a_key_point_dates_what_is_current_drops_a_roll_of_names_and_writes_abbreviations_inline() -> None:
    """Round 6 on the generated MLAT prompt: "34 countries" and "yet to be ratified" held when the page was
    written (later pages give 39 and 42), a 23-country roll is no point, and "MLATs [Mutual …]" is notation."""
    import datetime as dt

    from quizapp.banks.generate.essay import point_text
    from quizapp.banks.segment import segment
    from quizapp.banks.types import Document, DocumentMeta, Source

    text = ("India has so far operationalised Mutual Legal Assistance Treaties in Criminal Matters with 34 countries. "
            "MLATs [Mutual Legal Assistance Treaties] with Myanmar, Singapore and Thailand are already in force. "
            "India has signed agreements on drugs with Afghanistan, Bangladesh, Bulgaria, Cambodia, Egypt, France and "
            "Zambia. On 4 April 2013, a Treaty was signed between India and Azerbaijan in New Delhi.")
    meta = DocumentMeta(id="kp", file="kp.txt", title="Mutual Legal Assistance Treaties (MLATs)", sha256="0" * 64,
                        publisher="Ministry of Home Affairs", as_of=dt.date(2014, 3, 31))
    doc = segment(Document(meta=meta, text=text))

    def point(start: str) -> str | None:
        at = text.index(start)
        end = text.index(". ", at) + 1 if ". " in text[at:] else len(text)
        return point_text(doc, Source(document="kp", start=at, end=end, quote=text[at:end]))

    assert point("India has so far").endswith("with 34 countries (as of 2013–14).")
    assert point("MLATs") == ("Mutual Legal Assistance Treaties (MLATs) with Myanmar, Singapore and Thailand are "
                              "already in force (as of 2013–14).")
    assert point("India has signed agreements") is None
    assert point("On 4 April 2013") is not None and "(as of" not in str(point("On 4 April 2013"))


def test_a_cloze_that_blanks_an_unnamed_subject_is_held() -> None:
    """Round 6's one reject: "The _____ entered into force on 20 May 2024." names nothing to say which one."""
    from quizapp.banks import gate
    from quizapp.banks.types import Item, Source

    def cloze(sentence: str) -> Item:
        return Item(id="q_x", type="cloze", stem=f"Fill in the blank:\n“{sentence}”", answer="Charter", facts=(), topic="t",
                    source=Source(document="d", start=0, end=10, quote=sentence))

    ctx = gate.Context(facts={}, base=None, documents={})  # type: ignore[arg-type]
    assert gate.unnamed_blank_subject(cloze("The _____ entered into force on 20 May 2024."), ctx)
    assert not gate.unnamed_blank_subject(cloze("The BIMSTEC _____ entered into force on 20 May 2024."), ctx)
    assert not gate.unnamed_blank_subject(cloze("The Charter entered into force in _____ 2024."), ctx)


def test_banks_check_refuses_a_wrong_key_on_an_event_year_mcq(tmp_path) -> None:
    """A year MCQ on a one-off event (the 2013 India–Azerbaijan treaty) is checked like one on a date fact:
    a flipped key, or a distractor that is the event's year, is a wrong key with its file:line."""
    import shutil
    from pathlib import Path

    import yaml

    from quizapp.banks.check import check_banks
    from tests import fastyaml

    root = Path(__file__).resolve().parents[3] / "questions"
    banks, sources = tmp_path / "banks", tmp_path / "sources"
    shutil.copytree(root / "banks", banks)
    shutil.copytree(root / "sources", sources)
    assert check_banks(banks, sources) == []
    for path in sorted(banks.glob("*.yaml")):
        data = fastyaml.load(path.read_text(encoding="utf-8"))
        facts = {f["id"]: f for f in data["facts"]}
        for item in data["items"]:
            if (item["type"] == "mcq" and item["status"] == "generated" and item["facts"]
                    and facts[item["facts"][0]]["kind"] == "event" and all(o.isdigit() for o in item["options"])):
                item["answer"] = (item["answer"] + 1) % 4
                path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
                problems = [str(p) for p in check_banks(banks, sources)]
                assert any("wrong key" in p and "year of the cited event" in p and str(path) in p for p in problems), \
                    problems
                return
    raise AssertionError("the shipped banks serve no event year MCQ")


def test_a_year_mcq_asks_the_whole_question_and_statements_and_pairs_attribute_the_question() -> None:
    """Round 7: "Which year correctly fills the blank?" is no paper's form, and "Consider the following
    statements, as stated by X" made X vouch for the false line; the shipped banks show neither."""
    import glob
    from pathlib import Path

    from tests import fastyaml

    root = Path(__file__).resolve().parents[3] / "questions" / "banks"
    served = [it for p in sorted(glob.glob(str(root / "*.yaml"))) for it in fastyaml.load(Path(p).read_text())["items"]
              if it["status"] in ("generated", "reviewed")]
    # (SAARC's own year MCQ gave its slot to a statements item on its 1985 in s25: the fact is asked once each way)
    assert any(it["type"] == "mcq" and it["stem"].startswith("In which year did India and Azerbaijan sign")
               for it in served)
    for it in served:
        assert not it["stem"].startswith("Which year correctly fills the blank")
        assert not it["stem"].startswith(("Consider the following statements, as", "Consider the following pairs, as"))


def test_an_abbreviation_in_a_question_is_written_out_as_a_paper_would() -> None:
    """Round 7: "for setting up Joint Working Group (JWG) on …" — a bare singular is the source's shorthand."""
    from quizapp.banks.generate import common
    from quizapp.banks.segment import segment
    from quizapp.banks.types import Document, DocumentMeta

    doc = segment(Document(meta=DocumentMeta(id="jwg", file="jwg.txt", title="Counter terrorism", sha256="0" * 64),
                           text="India has set up Joint Working Groups on Counter Terrorism with many countries."))
    assert common.spell_out(doc, "the nodal authority for setting up JWG on Counter Terrorism?", inline=True) == (
        "the nodal authority for setting up Joint Working Groups (JWGs) on Counter Terrorism?")
    assert common.spell_out(doc, "It chairs a JWG on Counter Terrorism.", inline=True) == (
        "It chairs a Joint Working Group (JWG) on Counter Terrorism.")
    assert common.spell_out(doc, "It chairs a JWG on Counter Terrorism.") == (
        "It chairs a JWG [Joint Working Group] on Counter Terrorism.")
