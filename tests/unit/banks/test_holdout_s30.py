"""Session 30's holdout: six pages a helper wrote blind (tests/data/holdout_s30), graded by a blind reader
before any rule had seen them (round 19: 1 of 10 served items acceptable, no wrong key). Each test is one
rule those verdicts, or the first build's heads, showed was missing, stated over the shape of text."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.publisher import guess_publisher
from quizapp.banks.sources import guess_title
from tests.unit.banks.holdout import build_with_shipped, fact_item, served

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout_s30"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_with_shipped(HOLDOUT, tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out"))


def _page(name: str) -> str:
    return (HOLDOUT / f"{name}.txt").read_text(encoding="utf-8")


def test_a_breadcrumbs_last_crumb_repeated_on_its_own_line_is_the_title() -> None:
    """"Highlights of the Act" (a section head over the bullets) was the 73rd Amendment page's title."""
    page = ("LegisWatch India\nHome / Acts / Constitutional Amendments / The Constitution (Seventy-third Amendment) "
            "Act, 1992\n\nACT SUMMARY\nThe Constitution (Seventy-third Amendment) Act, 1992\nPublished: April 24, 2023\n"
            "At a glance\nHighlights of the Act\n• Inserts a new Part IX into the Constitution, with Articles 243 to 243-O.\n")
    assert guess_title(page) == "The Constitution (Seventy-third Amendment) Act, 1992"


def test_a_slash_path_is_a_breadcrumb_and_an_explainer_may_ask_its_headline() -> None:
    """"EXPLAINED / Explained Politics" was a page's title; the headline under it asks a question."""
    page = ("The Daily Ledger\nEXPLAINED / Explained Politics\n\nExplained: What is AFSPA, and why has the Centre "
            "reduced 'disturbed areas' in the Northeast?\n\nThe Armed Forces (Special Powers) Act gives sweeping powers "
            "to the armed forces in areas declared disturbed.\n")
    assert guess_title(page) == ("Explained: What is AFSPA, and why has the Centre reduced 'disturbed areas' in the "
                                 "Northeast?")
    # one slash in a headline is no path
    assert guess_title("India/China ties: a thaw in the Himalayas\n\nThe two sides met in Delhi on Monday to talk "
                       "about the border.\n") == "India/China ties: a thaw in the Himalayas"


def test_a_story_pasted_with_its_lead_above_the_masthead_keeps_its_headline() -> None:
    """The cyclone report's title was its dateline, "BHUBANESWAR, May 4 (PTI)", and its publisher the trending
    bar ("Trending: Lok Sabha Elections 2019"), for naming a house of Parliament."""
    page = _page("h30_4_disaster_report")
    assert guess_title(page).startswith("Cyclone Fani: Odisha begins restoration")
    assert guess_publisher(page) == "PTI"


def test_a_mastheads_slogan_and_a_companys_suffix_are_not_its_name() -> None:
    assert guess_publisher(_page("h30_3_lok_sabha_bill")) == "LegisWatch India"
    assert guess_publisher(_page("h30_5_security_explainer")) == "The Daily Ledger"
    assert guess_publisher("Some story\n\n© 2019 The Eastern Chronicle Media Ltd. All rights reserved.") \
        == "The Eastern Chronicle"


def test_every_page_of_the_set_gets_its_headline(built: dict[str, dict]) -> None:
    titles = {k: v["document"]["title"] for k, v in built.items() if k.startswith("h30")}
    assert titles == {
        "h30_1_scheme_faq": "Pradhan Mantri Kisan Samman Nidhi (PM-KISAN)",
        "h30_2_art_culture_notes": "Classical Dances of India",
        "h30_3_lok_sabha_bill": "The Constitution (Seventy-third Amendment) Act, 1992",
        "h30_4_disaster_report": "Cyclone Fani: Odisha begins restoration as toll being verified; evacuation of over "
                                 "a million people credited with saving lives",
        "h30_5_security_explainer": "Explained: What is AFSPA, and why has the Centre reduced 'disturbed areas' in "
                                    "the Northeast?",
        "h30_6_history_encyclopedia": "Champaran Satyagraha",
    }


def test_a_provisions_number_is_no_count() -> None:
    """"Section 4 empowers …" was a count of 4, and its false statement "Section 6 provides …" read "the source
    gives 6 provides" (round 19's reader)."""
    from quizapp.banks.extract.counts import find_counts

    assert find_counts("Section 4 empowers any commissioned officer to arrest.") == []
    assert find_counts("Article 355 casts a duty on the Union.") == []
    assert [c[2:4] for c in find_counts("It lists 29 subjects in the Eleventh Schedule.")] == [(29.0, "subjects")]


def test_a_bullet_without_its_subject_makes_no_statement_card_or_point() -> None:
    from quizapp.banks.generate.common import headless

    for line in ("Inserts a new Part IX into the Constitution.", "Adds the Eleventh Schedule, listing 29 subjects "
                 "that may be devolved to Panchayats.", "Revived in the 20th century by E. Krishna Iyer.",
                 "Named after Sir Gilbert Walker, it is measured by the pressure gap."):
        assert headless(line), line
    for line in ("Elections in India are held every five years.", "Maldives in 2012 hosted the summit.",
                 "Congress in 1937 won eight provinces.", "India signed the pact in 2018."):
        assert not headless(line), line


def test_a_sentence_cut_at_its_colon_makes_no_statement(built: dict[str, dict]) -> None:
    """"Section 4 empowers any … officer …, in a disturbed area, to." was served as a true statement."""
    for bank in built.values():
        for it in served(bank):
            if it.get("style") == "statements":
                lines = [ln for ln in it["stem"].splitlines() if ln[:2] in ("1.", "2.")]
                assert not any(ln.rstrip(".").split()[-1] in ("to", "of", "the", "and") for ln in lines), lines


def test_a_demonstrative_without_its_noun_is_a_dangling_reference() -> None:
    from quizapp.banks.gate import dangling_reference

    held = fact_item("In which year was the Central Government given this power by an amendment?", answer="1972")
    kept = fact_item("In which year was the Central Government given the power to declare an area disturbed?",
                     answer="1972")
    assert dangling_reference(held, None) and not dangling_reference(kept, None)


def test_a_total_row_and_a_dash_cell_are_no_table_rows(built: dict[str, dict]) -> None:
    """"Period 3 — —" was a pair: the dash was the Total row's cell (round 19's reader)."""
    rows = [f for f in built["h30_1_scheme_faq"]["facts"] if f["kind"] == "table_row"]
    assert rows and not any(c.strip() in ("—", "-", "") or c.startswith("Total") for f in rows for c in f["cells"])


def test_topics_follow_the_syllabus_not_the_default() -> None:
    from quizapp.banks.topics import topic_of

    assert topic_of("The poet Vallathol Narayana Menon founded Kerala Kalamandalam in 1930.",
                    tiebreak="Classical Dances of India") == "Art and culture"
    assert topic_of("PM-KISAN gives Rs 6,000 a year to every landholding farmer family.") == "Agriculture"
    assert topic_of("Under Section 3 of AFSPA an area may be declared a disturbed area.") == "Internal security"
    assert topic_of("Gandhi led the Champaran Satyagraha of the indigo cultivators.") == "History"


def test_a_key_point_keeps_its_own_article_and_a_deck_is_no_point() -> None:
    from quizapp.banks.generate import essay

    fixed = essay._BARE_SUPERLATIVE.sub(r"\1 the \2", "must be handed over to the nearest police station")
    assert "the the" not in fixed
    assert essay._BARE_SUPERLATIVE.sub(r"\1 the \2", "to facilitate widest measures") == "to facilitate the widest measures"
    assert essay._SUMMARY.match("A look at its provisions, the court rulings on it and the long demand for its repeal.")


def test_a_blank_defined_only_by_its_class_is_held() -> None:
    from quizapp.banks.gate import class_blank
    from quizapp.banks.types import Item, Source

    def cloze(stem: str) -> Item:
        return Item(id="q", type="cloze", stem=stem, source=Source(document="t", start=0, end=1, quote="x"), facts=(),
                    topic="Polity", explanation="", answer="AFSPA")

    assert class_blank(cloze("Fill in the blank:\n“_____ is a law enacted by Parliament in 1958.”"), None)
    assert not class_blank(cloze("Fill in the blank:\n“The _____ was inserted into the Constitution in 1985.”"), None)


def test_a_founding_in_the_active_voice_is_asked_whole() -> None:
    from quizapp.banks.generate.asking import date_question

    assert date_question("The poet Vallathol Narayana Menon founded Kerala Kalamandalam in [when?], which gave the "
                         "form new life.", "year") == \
        "In which year did the poet Vallathol Narayana Menon found Kerala Kalamandalam"
    assert date_question("India released its first National Disaster Management Plan in [when?].", "year") == \
        "In which year did India release its first National Disaster Management Plan"
    assert date_question("The Government introduced the scheme in [when?].", "year") is None


def test_the_set_serves_only_what_round_19_left_standing(built: dict[str, dict]) -> None:
    stems = [it["stem"] for k, b in built.items() if k.startswith("h30") for it in served(b)]
    assert not any("this power" in s or "Adds the" in s or "Revived in" in s or "_____ is a law" in s for s in stems)
    assert any(s.startswith("In which year did the poet Vallathol Narayana Menon found Kerala Kalamandalam") for s in stems)


def test_table_pairs_show_distinct_values_and_name_what_their_rows_are(built: dict[str, dict]) -> None:
    """Round 19b: "Period 3 — April – July" beside "Period 1 — April – July" (one of two false on sight), under
    nothing but "Period — Months covered" (which scheme's periods?)."""
    for bank in built.values():
        for it in served(bank):
            if it.get("style") == "pairs" and "table_row" in it.get("tags", []):  # a grouping's pairs repeat it
                values = [ln.split(" — ", 1)[1] for ln in it["stem"].splitlines() if ln[:2] in ("1.", "2.", "3.")]
                assert len(set(values)) == len(values), values
                assert "Period 1" not in it["stem"]


def test_a_cell_wrapped_onto_a_second_line_is_one_cell() -> None:
    from quizapp.banks.extract.tables import extract_tables
    from quizapp.banks.segment import segment
    from quizapp.banks.sources import load_source

    doc = segment(load_source(Path(__file__).resolve().parents[2] / "data" / "holdout_s28" / "h28_3_environment.txt"))
    cells = {f.cells[0]: f.cells[1] for f in extract_tables(doc)}
    assert cells["National Mission for Enhanced Energy Efficiency"] == \
        "Energy efficiency (includes the Perform, Achieve and Trade scheme)"
    assert "" not in cells


def test_a_provisions_notes_label_reads_as_prose(built: dict[str, dict]) -> None:
    stems = [it["stem"] for it in served(built["h30_3_lok_sabha_bill"])]
    assert any("1. Under Article 243F, a person who has attained the age of 21 years" in s
               or "2. Under Article 243F, a person who has attained the age of 21 years" in s for s in stems)
    assert not any("Qualification (Article 243F):" in s for s in stems)


def test_table_pairs_whose_names_give_their_values_are_not_made() -> None:
    """Round 19c: "National Solar Mission — Expansion of solar power" answers itself."""
    from quizapp.banks.generate.compound import _echoes

    assert _echoes("National Solar Mission", "Expansion of solar power")
    assert _echoes("National Mission for Enhanced Energy Efficiency", "Energy efficiency")
    assert not _echoes("Wassenaar Arrangement (1996)", "Conventional arms and dual-use goods")
    assert not _echoes("Nepal", "1953")


@pytest.mark.parametrize(("blanked", "granularity", "asked"), [
    # the aside names its instrument: the question would ask the 42nd Amendment's year, 1976 or 1977 (round 20)
    ("Entry 2A of the Union List, inserted by the 42nd Amendment in [when?], allows Parliament to legislate.", "year",
     None),
    ("The Tenth Schedule, added in [when?], deals with disqualification on grounds of defection.", "year",
     "In which year was the Tenth Schedule added"),
    ("The Justice B.P. Jeevan Reddy Committee, set up in [when?] after the death of Thangjam Manorama, recommended "
     "repeal.", "year", "In which year was the Justice B.P. Jeevan Reddy Committee set up"),
    ("In [when?], the government of Bihar and Orissa, then headed by Lieutenant-Governor Sir Edward Gait, appointed "
     "the Champaran Agrarian Enquiry Committee, with Gandhi as a member.", "month",
     "In which month and year did the government of Bihar and Orissa appoint the Champaran Agrarian Enquiry Committee"),
    ("In [when?], India also signed the US-led Artemis Accords on civil space exploration.", "month",
     "In which month and year did India sign the US-led Artemis Accords on civil space exploration"),
    ("In [when?], it appointed a committee.", "year", None),  # whose committee, the sentence before says
    ("In [when?], the two countries signed the agreement.", "year", None),
    ("Gandhi reached Motihari, the district headquarters, on [when?].", "day", None),  # an itinerary
])
def test_asides_and_fronted_dates_are_asked_whole(blanked: str, granularity: str, asked: str | None) -> None:
    """The Champaran page served nothing: its dates come fronted ("In June 1917, the government … appointed …")
    or as a subject's aside ("Entry 2A …, inserted by the 42nd Amendment in 1976, allows …")."""
    from quizapp.banks.generate.asking import date_question

    assert date_question(blanked, granularity) == asked


def test_a_colonial_governor_files_under_history() -> None:
    """Round 20: the Champaran Agrarian Enquiry Committee, appointed by a Lieutenant-Governor, was filed under Polity."""
    from quizapp.banks.topics import topic_of

    assert topic_of("In June 1917, the government of Bihar and Orissa, then headed by Lieutenant-Governor Sir Edward "
                    "Gait, appointed the Champaran Agrarian Enquiry Committee.") == "History"
    assert topic_of("The Governor of a State may reserve a Bill for the President.") == "Polity"
