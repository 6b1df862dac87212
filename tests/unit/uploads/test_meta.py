"""Guessed metadata and the duplicate-text fingerprint."""

from __future__ import annotations

import datetime as dt

from quizapp.uploads import content_hash, guess_meta, read_paste, read_upload
from quizapp.uploads.meta import guess_as_of, guess_publisher


def test_same_text_hashes_alike_across_layout_differences():
    a = "The Finance Commission is constituted\nevery five years.\n"
    b = "\ufeffThe  Finance Commission is constituted\r\n   every five years."
    c = "The Finance Commission is constituted every\u00a0five years."
    assert content_hash(a) == content_hash(b) == content_hash(c)


def test_different_wording_hashes_differently():
    assert content_hash("Article 280 sets up the Finance Commission.") != content_hash(
        "Article 281 sets up the Finance Commission."
    )
    assert content_hash("The Act was passed.") != content_hash("the act was passed.")


def test_a_pasted_copy_and_an_uploaded_file_are_the_same_document():
    text = "Ministry of Jal Shakti\r\n\r\nThe Jal Jeevan Mission aims to supply tap water to every rural home.\r\n"
    assert content_hash(read_paste(text).text) == content_hash(read_upload("jjm.txt", text.encode()).text)


def test_title_skips_section_labels_and_the_issuer():
    text = (
        "Ministry of Statistics and Programme Implementation\n"
        "Contents\n"
        "1. Introduction\n"
        "Chapter 2: Methods\n"
        "Periodic Labour Force Survey annual report 2023\n"
        "The survey covers urban and rural India."
    )
    meta = guess_meta(read_paste(text))
    assert meta.title == "Periodic Labour Force Survey annual report 2023"
    assert meta.publisher == "Ministry of Statistics and Programme Implementation"


def test_title_hint_from_html_drops_the_site_name():
    got = read_upload(
        "p.html",
        b"<html><head><title>Monetary policy statement for February | Reserve Bank</title></head><body><article>"
        b"<p>The repo rate was kept unchanged at 6.5 per cent by the Monetary Policy Committee on Thursday.</p>"
        b"</article></body></html>",
    )
    assert guess_meta(got).title == "Monetary policy statement for February"


def test_publisher_is_not_taken_from_inside_a_sentence():
    assert guess_publisher("A long headline about rivers\nThe Central Water Commission said flows fell.") is None
    assert guess_publisher("Central Water Commission\nRiver flows fell in June.") == "Central Water Commission"


def test_as_of_is_the_latest_cut_off_not_after_publication():
    text = "As on 31 March 2023 there were 10. As on 31st March 2024 there were 12. Target as of 2030: none. As of March 5, 2025 draft."
    assert guess_as_of(text, dt.date(2024, 6, 1)) == dt.date(2024, 3, 31)
    assert guess_as_of(text) == dt.date(2025, 3, 5)
    assert guess_as_of("as on 31.03.2024 the count was 7") == dt.date(2024, 3, 31)
    assert guess_as_of("as on 31 February 2024 nothing") is None


def test_dates_come_from_the_dateline_when_there_is_no_hint():
    meta = guess_meta(read_paste("A headline about the census\nPosted on: 12 January 2025\nBody text follows here."))
    assert meta.published == dt.date(2025, 1, 12)
    assert meta.as_of == dt.date(2025, 1, 12)


def test_nothing_guessed_when_the_text_gives_nothing():
    meta = guess_meta(read_paste("some lower case words without any heading or date at all."))
    assert meta.publisher is None and meta.published is None and meta.as_of is None
