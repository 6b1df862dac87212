"""s26: a press release's news, dated by its dateline (session 26's holdout PIB release gave no item at all).

"The CEPA … was signed yesterday during the India-UAE Virtual Summit …" was dropped as "the weekday or
relative day of a meeting", and its card could not be asked whole: "yesterday" has no "on", and the occasion
after the date stopped the rule. A release's "came into force today" read "came into force 1 August 2011" in
a statement. Synthetic pages through the real pipeline, beside the near miss that must stay unasked."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks.generate.asking import date_question
from tests.unit.banks.pipeline import run_pipeline

RELEASE = """India and Oman sign Comprehensive Economic Partnership Agreement

Posted On: 19 FEB 2025 4:10PM by PIB Delhi

The Comprehensive Economic Partnership Agreement (CEPA) between the Republic of India and the Sultanate of Oman was signed yesterday during the India-Oman Virtual Summit held between the two leaders.

The two ministers met yesterday to review preparations for the next round of talks.
"""


def test_a_signing_dated_yesterday_is_asked_whole_by_its_date(tmp_path: Path) -> None:
    served = [it for it in run_pipeline(tmp_path, ("oman", "2025-02-19", RELEASE)) if it.status == "generated"]
    cards = [it for it in served if it.type == "fact" and it.answer == "18 February 2025"]
    assert [c.stem for c in cards] == [
        "On what date was the Comprehensive Economic Partnership Agreement (CEPA) between the Republic of India and "
        "the Sultanate of Oman signed, as stated by Example Notes (19 February 2025)?"], [it.stem for it in served]
    # the near miss: a meeting on a relative day, with no outcome, is still not worth asking
    assert not [it for it in served if "review preparations" in it.stem]


def test_the_occasion_after_the_date_is_cut_and_a_bare_day_takes_on() -> None:
    assert date_question("The India-Oman Treaty was signed on [when?] during the summit held in Delhi", "day") == \
        "On what date was the India-Oman Treaty signed"
    assert date_question("The India-Oman Treaty was signed [when?] during the summit", "day") is None  # no "on"


NEW_DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "new_documents"


def test_a_statement_from_came_into_force_today_says_on_the_date(tmp_path: Path) -> None:
    import shutil

    from quizapp.banks.build import build_banks
    from tests import fastyaml

    shutil.copytree(NEW_DOCUMENTS, tmp_path / "sources")
    build_banks(tmp_path / "sources", tmp_path / "banks")
    bank = fastyaml.load((tmp_path / "banks" / "a_press_release_cepa.yaml").read_text(encoding="utf-8"))
    lines = [line for it in bank["items"] if it.get("style") == "statements" and it["status"] == "generated"
             for line in it["stem"].splitlines() if "came into force" in line]
    assert lines and all("came into force on " in line for line in lines), lines
    assert not [line for line in lines if "came into force 1 August" in line]


REPORT = """ANNUAL REPORT 2022-23: THE YEAR IN REVIEW

(Covering the period 1 April 2022 to 31 March 2023)

Chronology of the year
27 January 2023 - The first India-Egypt Strategic Dialogue was held in New Delhi, with the foreign ministers of both countries.
26 February 2023 - The first evacuation flight under Operation Kaveri brought Indian nationals from Port Sudan, Sudan, to Jeddah.
"""


def test_a_chronologys_entry_is_asked_as_the_sentence_it_dates(tmp_path: Path) -> None:
    from quizapp.banks.generate.common import blank_out
    from quizapp.banks.types import Source

    served = [it for it in run_pipeline(tmp_path, ("report", "2023-03-31", REPORT)) if it.status == "generated"]
    assert any(it.stem.startswith("On what date was the first India-Egypt Strategic Dialogue held in New Delhi")
               and it.answer == "27 January 2023" for it in served), [it.stem for it in served]
    line = "26 February 2023 - The first evacuation flight brought Indian nationals from Port Sudan, Sudan, to Jeddah."
    text = blank_out(Source("d", 0, len(line), line), Source("d", 0, 16, line[:16]), "[when?]")
    # the date goes before the clause break, never inside a place name ("Port Sudan, Sudan")
    assert text == ("The first evacuation flight brought Indian nationals from Port Sudan, Sudan on [when?], to Jeddah.")
    # a sentence that opens with its date and a comma is no chronology's entry
    plain = "On 4 April 2013, a Treaty was signed between India and Azerbaijan."
    assert blank_out(Source("d", 0, len(plain), plain), Source("d", 3, 15, plain[3:15]), "[when?]") == \
        "On [when?], a Treaty was signed between India and Azerbaijan."
