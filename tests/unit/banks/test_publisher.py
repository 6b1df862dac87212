"""Who published a page, read from the page (session 27): one rule for `banks build` and uploads."""
from __future__ import annotations

from pathlib import Path

from quizapp.banks.publisher import guess_publisher
from quizapp.banks.sources import load_source


def test_an_issuer_line_a_masthead_and_a_wire_dateline_name_the_publisher() -> None:
    assert guess_publisher("Ministry of External Affairs\nFrequently asked questions\n") == "Ministry of External Affairs"
    assert guess_publisher("Ministry of External Affairs | Government of India\nAnnual Report\n") == (
        "Ministry of External Affairs")
    assert guess_publisher("World News\nOctober 28, 2020\nHeadline here\n\nNEW DELHI, Oct 28 (Reuters) - India and "
                           "the United States signed a pact.\n") == "Reuters"
    # a body inside a sentence is what the page is about; an agency outside a dateline is a mention
    assert guess_publisher("Rivers\nThe Central Water Commission said flows fell in June.\n") is None
    assert guess_publisher("Markets\nShares rose, Reuters said on Monday.\n") is None


def test_a_source_without_a_meta_file_is_attributed_as_an_upload_is(tmp_path: Path) -> None:
    page = tmp_path / "faq.txt"
    page.write_text("Ministry of External Affairs\n\nExtradition FAQ\n\nIndia has extradition treaties.\n",
                    encoding="utf-8")
    assert load_source(page).meta.publisher == "Ministry of External Affairs"
    # "publisher: null" in a meta file says the page names none: the guess does not overrule it
    (tmp_path / "faq.meta.yaml").write_text("title: Extradition FAQ\npublisher: null\n", encoding="utf-8")
    assert load_source(page).meta.publisher is None
