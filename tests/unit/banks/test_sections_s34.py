""""It" under a headed section of bullets (session 34). Round 23's reader listed Atal Bhujal Yojana's seven States,
a closed list, among the items a setter would have asked; the pipeline held it because its label read "the seven
States in which it will be implemented". The section's heading and its first bullet name the scheme alike, so
"It" can mean only that; anywhere the text leaves two readings, the item stays held."""
from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.banks.generate.sections import section_subject
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.banks.types import Document
from tests.unit.banks.holdout import build_with_shipped, served

HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout_s33"

PAGE = """Year End Review: Ministry of Water
Posted On: 27 DEC 2019 4:12PM by PIB Delhi
The Ministry reviewed its schemes for the year.
3. ATAL BHUJAL YOJANA (ATAL JAL)
- Atal Bhujal Yojana, a Central Sector Scheme for groundwater management, was launched on 25 December 2019.
- Total outlay is Rs 6,000 crore over five years.
- It will be implemented in water-stressed areas of seven States: Gujarat, Haryana, Karnataka, Madhya Pradesh, Maharashtra, Rajasthan and Uttar Pradesh.
4. NAMAMI GANGE
- The National Ganga Council met at Kanpur on 14 December 2019.
- The Prime Minister chaired the meeting of the Council.
- It will meet again next year.
"""


def _doc(text: str, tmp_path: Path) -> Document:
    """The page as a build reads it: cleaned by `load_source` (which keeps a numbered heading as a line)."""
    path = tmp_path / f"page{len(list(tmp_path.iterdir()))}.txt"
    path.write_text(text, encoding="utf-8")
    return segment(load_source(path))


def _subject_of(doc: Document, opening: str) -> str | None:
    return section_subject(doc, next(s for s in doc.sentences if s.text.startswith(opening)))


def test_it_is_the_name_the_heading_and_the_first_bullet_share(tmp_path: Path) -> None:
    assert _subject_of(_doc(PAGE, tmp_path), "It will be implemented") == "Atal Bhujal Yojana"


def test_it_stays_unresolved_where_the_text_leaves_two_readings(tmp_path: Path) -> None:
    doc = _doc(PAGE, tmp_path)
    # "NAMAMI GANGE" over "The National Ganga Council met …": the heading and the opening name differ
    assert _subject_of(doc, "It will meet again") is None
    # a bullet between that opens with another name: "It" may be the Jal Jeevan Mission
    other = PAGE.replace("- Total outlay is", "- Jal Jeevan Mission is a separate scheme. Total outlay is")
    assert _subject_of(_doc(other, tmp_path), "It will be implemented") is None
    # no heading above the section: nothing says which scheme the bullets are about
    flat = PAGE.replace("3. ATAL BHUJAL YOJANA (ATAL JAL)\n", "")
    assert _subject_of(_doc(flat, tmp_path), "It will be implemented") is None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return build_with_shipped(HOLDOUT, tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("out"))


def test_the_review_serves_the_schemes_seven_states(built: dict[str, dict]) -> None:
    items = [it for it in served(built["h33_1_year_end_review"]) if it["stem"].startswith("Name the seven States")]
    assert len(items) == 1
    assert items[0]["stem"].startswith("Name the seven States in which Atal Bhujal Yojana will be implemented")
    assert items[0]["answer"] == "Gujarat, Haryana, Karnataka, Madhya Pradesh, Maharashtra, Rajasthan, Uttar Pradesh"
    assert items[0]["topic"] == "Geography"
    # no served stem keeps a bare "it" for the scheme
    assert not [it for it in served(built["h33_1_year_end_review"]) if " which it " in it["stem"]]
