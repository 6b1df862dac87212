"""Session 30's holdout: six pages a helper wrote blind (tests/data/holdout_s30), graded by a blind reader
before any rule had seen them (round 19: 1 of 10 served items acceptable, no wrong key). Each test is one
rule those verdicts, or the first build's heads, showed was missing, stated over the shape of text."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.publisher import guess_publisher
from quizapp.banks.sources import guess_title
from tests.unit.banks.holdout import build_with_shipped, served  # noqa: F401

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
