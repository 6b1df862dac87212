"""s26: the head of a page a learner saves, read as a setter reads it (session 26's holdout pages).

Six pages written by a helper that had not seen the generator showed a section label ("Why in news?"),
a summary bullet, a download link and a deck taken as the headline; a date line with a time zone and a
byline's "| Updated:" left undated; an annual report's covered period gave no as_of; and "The SCO
currently comprises ten member states, namely: …" gave a list labelled by its own sentence. Each shape
is written here from scratch beside a near miss.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.banks.extract import extract_facts
from quizapp.banks.segment import segment
from quizapp.banks.sources import find_document_date, guess_title, load_source


def test_the_headline_is_found_past_summaries_section_questions_links_and_decks() -> None:
    wire = ("World | Asia | India\n\nAsean leaders adopt maritime code at Jakarta summit\n\nBy Ana Reyes and Tom Li\n\n"
            "Summary\n- Code adopted on day one\n- Myanmar stays away\n\n"
            "JAKARTA, May 4 (Reuters) - Leaders of the grouping adopted a code of conduct on Tuesday.\n")
    assert guess_title(wire) == "Asean leaders adopt maritime code at Jakarta summit"
    explainer = ("Groupings > Asia\n\nEXPLAINED: The Colombo Security Conclave and its members\n\n"
                 "Last updated: 2 March 2024 | Reading time: 5 min\n\nWhy in news?\n"
                 "Bangladesh joined the Colombo Security Conclave as its fifth member in 2024 at a meeting in Colombo.\n")
    assert guess_title(explainer) == "EXPLAINED: The Colombo Security Conclave and its members"
    report = ("Home > Reports\n\nANNUAL REPORT 2022-23: THE YEAR IN REVIEW\n\n(Covering the period 1 April 2022 to "
              "31 March 2023)\n\n[Download full report (PDF, 9 MB)]   [Hindi version]\n\nIntroduction\n"
              "The year was marked by India's presidency of the G20 and of the Shanghai Cooperation Organisation.\n")
    assert guess_title(report) == "Annual Report 2022-23: The Year in Review"  # an all-capitals head, as cited
    release = ("Press Information Bureau\nGovernment of India\nMinistry of Power\n\nHome | Releases | Photos\n\n"
               "A-   A   A+\n\nIndia and Nepal sign power trade agreement\n\n"
               "Agreement expected to raise exports of electricity to 10,000 MW\n\n"
               "Posted On: 4 JAN 2024 5:10PM by PIB Delhi\n\nIndia and Nepal today signed an agreement in Kathmandu.\n")
    assert guess_title(release) == "India and Nepal sign power trade agreement"  # the deck below is not it
    notes = ("India, Nepal sign long-term power trade agreement\n\n  • Category\n    World Affairs\n  • Published\n"
             "    5th Jan, 2024\n\n  • India and Nepal signed an agreement for the export of 10,000 MW in ten years.\n")
    assert guess_title(notes) == "India, Nepal sign long-term power trade agreement"
    # near miss: a masthead that runs into the headline stays the publisher's line, not the title
    masthead = ("Ministry of External Affairs\nExtradition Treaties\nPosted On: 05 FEB 2019 4:13PM by PIB Delhi\n\n"
                "India has extradition treaties in force with more than 40 countries, among them Nepal.\n")
    assert guess_title(masthead) == "Extradition Treaties"


def test_a_date_line_with_a_time_zone_and_a_bylines_updated_label_date_the_page() -> None:
    found = find_document_date("Headline here\n\nSeptember 9, 2023 7:48 PM GMT+5:30   Updated 2 hours ago\n\n"
                               "Leaders adopted a declaration on the first day of the summit in New Delhi.\n")
    assert found is not None and found.date == dt.date(2023, 9, 9)
    found = find_document_date("NOTES\n\nPosted by Editorial Team | Updated: 05 January 2024 | 2,341 views\n\n"
                               "The Tenth Schedule was inserted by the 52nd Amendment in 1985 to curb defections.\n")
    assert found is not None and found.date == dt.date(2024, 1, 5)
    # near miss: a date inside a story's sentence is not the page's date
    assert find_document_date("Headline here\n\nThe pact was signed on 5 January 2024 by the two sides in Delhi.\n") \
        is None


def test_an_undated_report_holds_its_facts_as_of_the_end_of_its_period(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("ANNUAL REPORT 2022-23: THE YEAR IN REVIEW\n\n(Covering the period 1 April 2022 to 31 March 2023)"
                    "\n\nIndia extended Lines of Credit to more than 60 partner countries during the year.\n",
                    encoding="utf-8")
    doc = load_source(path)
    assert doc.meta.published is None and doc.meta.as_of == dt.date(2023, 3, 31)


def test_a_grouping_that_comprises_its_members_is_a_closed_list_named_by_the_grouping(tmp_path: Path) -> None:
    path = tmp_path / "sco.txt"
    path.write_text("The Shanghai Cooperation Organisation (SCO)\n\nPublished: 20 August 2024\n\n"
                    "The Shanghai Cooperation Organisation (SCO) was founded in Shanghai in 2001. The SCO currently "
                    "comprises ten member states, namely: China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan, "
                    "Uzbekistan, India, Pakistan, Iran and Belarus.\n", encoding="utf-8")
    doc = segment(load_source(path))
    (members,) = [f for f in extract_facts(doc) if f.kind == "list"]
    assert members.extra["closed"] is True
    assert members.label.startswith("members of ") and "in:" not in members.label, members.label
