"""Recall on a history page (session 34). Round 23's textbook extract on the revolt of 1857
(tests/data/holdout_s33/h33_5) had 29 facts and made no item at all: every date scored neutral, because the
"worth asking" classes were a foreign-policy page's (treaties, members, summits), and the active sentences it
is written in ("Lord Canning proclaimed peace on 8 July 1858") had no whole question. Each test is one rule."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks import salience
from quizapp.banks.generate.asking import date_question
from quizapp.banks.topics import topic_of
from quizapp.banks.types import Fact, Source
from tests.unit.banks.holdout import build_with_shipped, served

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout_s33"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_with_shipped(HOLDOUT, tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out"))


def _date_fact(sentence: str) -> Fact:
    src = Source(document="t", start=0, end=len(sentence), quote=sentence)
    return Fact(id="f", kind="date", label=sentence, source=src, sentence=src)


def test_a_history_syllabus_event_is_worth_asking() -> None:
    """A revolt, an annexation, a capture, a proclamation: what a history paper asks about. A bare date is not."""
    for sentence in ("Sir Hugh Rose captured Jhansi in April 1858.", "Lord Canning proclaimed peace on 8 July 1858.",
                     "Delhi was recaptured by the British in September 1857.",
                     "Awadh was annexed in 1856 on the ground of misgovernment."):
        worth = salience.worth(_date_fact(sentence))
        assert worth is not None and "history" in worth.classes, sentence
    assert salience.score(_date_fact("By 1857 there was deep discontent among many sections of society.")) == 0


def test_an_act_of_history_in_the_simple_past_is_asked_whole() -> None:
    """The base form is written by rule for regular verbs only; a pronoun subject needs the sentence before it."""
    assert date_question("Lord Canning proclaimed peace on [when?].", "day") == \
        "On what date did Lord Canning proclaim peace"
    assert date_question("Sir Hugh Rose captured Jhansi in [when?].", "month") == \
        "In which month and year did Sir Hugh Rose capture Jhansi"
    assert date_question("Dalhousie annexed Awadh in [when?].", "year") == "In which year did Dalhousie annex Awadh"
    assert date_question("He captured Jhansi in [when?].", "month") is None


def test_an_item_that_names_no_heading_takes_its_pages_subject_when_the_page_has_one() -> None:
    """"Delhi was recaptured by the British" names no syllabus word and was filed under International relations.
    On a page wholly about the revolt it is History; on a security page that also lists summits, the default
    stays (the India-Africa Forum Summit is no security matter)."""
    history = ("The revolt of 1857. Sepoys of the Bengal Army mutinied; the Doctrine of Lapse and the annexation "
               "of Awadh had bred discontent. The Governor-General proclaimed peace and the Mughal empire ended.")
    assert topic_of("Delhi was recaptured by the British in September 1857", page=history) == "History"
    mixed = ("Counter-terrorism and narcotics cooperation; MLAT with 39 countries; police training. "
             "India hosted the India-Africa Forum Summit and a bilateral summit with Japan.")
    assert topic_of("The first IAFS was held in 2008", page=mixed) == "International relations"
    # the page decides only when the item's own words name nothing
    assert topic_of("The Constitution was amended in 1976", page=history) == "Polity"


def test_the_textbook_page_serves_its_dated_events_under_history(built: dict[str, dict]) -> None:
    items = served(built["h33_5_textbook_extract"])
    stems = {it["stem"].split(",")[0].rstrip("?") for it in items}
    assert "On what date did Lord Canning proclaim peace" in stems
    assert "In which month and year did Sir Hugh Rose capture Jhansi" in stems
    assert items and {it["topic"] for it in items} == {"History"}
    keys = {it["stem"]: it.get("answer") for it in items if it["type"] == "fact"}
    assert keys["On what date did Lord Canning proclaim peace?"] == "8 July 1858"


def test_a_history_episodes_year_is_asked_as_a_card_not_among_neighbouring_years(built: dict[str, dict]) -> None:
    """Round 24b's reader rejected "In which year was Delhi recaptured by the British? 1854 / 1855 / 1856 / 1857":
    whoever knows the revolt's year rules the earlier years out. The month-and-year card stands."""
    items = served(built["h33_5_textbook_extract"])
    assert not [it for it in items if it["type"] == "mcq"], [it["stem"] for it in items]
    assert "In which month and year was Delhi recaptured by the British?" in {it["stem"] for it in items}
