"""Reading what a learner uploads: each kind of file, and each refusal with its message."""

from __future__ import annotations

import io

import pytest

from quizapp.uploads import MAX_BYTES, UploadError, guess_meta, read_paste, read_upload
from tests.unit.uploads.builders import (
    ARTICLE_HTML,
    PAGE_ONE,
    PAGE_TWO,
    docx_file,
    image_only_pdf,
    many_page_pdf,
    two_page_pdf,
)


def test_pdf_keeps_page_boundaries_so_a_quote_can_cite_its_page():
    got = read_upload("report.pdf", two_page_pdf())
    assert got.kind == "pdf"
    assert [p.number for p in got.pages] == [1, 2]
    first, second = got.pages
    assert "Ken-Betwa link project" in got.text[first.start:first.end]
    assert "National Water Development Agency" in got.text[second.start:second.end]
    assert first.end <= second.start
    quote = "thirty links had been identified"
    assert got.page_of(got.text.index(quote)) == 2
    assert got.page_of(got.text.index("Union Cabinet")) == 1
    assert got.extra["page_count"] == 2


def test_pdf_metadata_guess_takes_the_headline_not_the_issuer():
    meta = guess_meta(read_upload("report.pdf", two_page_pdf(title="Microsoft Word - draft_v3.docx")))
    assert meta.title == "Monsoon session report on river linking in India"
    assert meta.publisher == "Press Information Bureau"
    assert str(meta.published) == "2024-07-14"
    assert str(meta.as_of) == "2024-03-31"


def test_pdf_without_a_text_layer_asks_for_ocr():
    with pytest.raises(UploadError, match="(?i)this PDF has no text; scanned pages need OCR") as err:
        read_upload("scan.pdf", image_only_pdf())
    assert err.value.message.startswith("This PDF has no text; scanned pages need OCR")


def test_pdf_over_300_pages_is_refused_with_the_count():
    with pytest.raises(UploadError, match=r"301 pages; the limit is 300"):
        read_upload("big.pdf", many_page_pdf(301))


def test_a_file_named_pdf_that_is_not_one():
    with pytest.raises(UploadError, match="not a PDF"):
        read_upload("notes.pdf", b"just some words in a text file pretending")
    with pytest.raises(UploadError, match="could not be read"):
        read_upload("broken.pdf", b"%PDF-1.4\n" + b"garbage " * 100)


def test_docx_keeps_headings_paragraphs_and_table_rows():
    got = read_upload("report.docx", docx_file())
    assert got.kind == "docx"
    lines = got.text.split("\n")
    assert "Annual Report on Rural Electrification" == lines[0]
    assert "Bihar | 32.6 lakh" in lines
    assert "State | Households" in lines
    # Headings sit on their own line, separated from the paragraph they head.
    i = lines.index("Coverage")
    assert lines[i - 1] == "" and lines[i + 1] == ""
    assert got.text.index("Saubhagya") < got.text.index("Bihar") < got.text.index("Coverage")
    assert guess_meta(got).title == "Annual Report on Rural Electrification"


def test_docx_that_is_not_a_word_file():
    with pytest.raises(UploadError, match="could not be read"):
        read_upload("x.docx", b"PK\x03\x04" + b"\x00" * 200)


def test_html_goes_through_trafilatura_and_keeps_the_headline():
    got = read_upload("page.html", ARTICLE_HTML.encode())
    assert got.kind == "html"
    assert got.text.split("\n")[0] == "Parliament passes the Water Amendment Bill"
    assert "Home" not in got.text.split("\n")  # navigation dropped
    meta = guess_meta(got)
    assert meta.title == "Parliament passes the Water Amendment Bill"
    assert meta.publisher == "The Daily Ledger"
    assert str(meta.published) == "2024-02-09"


def test_html_with_no_article_text():
    with pytest.raises(UploadError, match="No readable article text"):
        read_upload("empty.html", b"<html><head><script>var x = 1;</script></head><body></body></html>")


def test_text_and_markdown_normalise_line_endings_and_bom():
    got = read_upload("notes.txt", "\ufeffLine one of the notes\r\nLine two of the notes  \r\n".encode())
    assert got.text == "Line one of the notes\nLine two of the notes"
    md = read_upload("notes.md", b"# Heading for the notes here\n\nBody text of the notes.\n")
    assert md.kind == "text" and md.text.startswith("# Heading")


def test_pasted_text_is_checked_like_a_file():
    assert read_paste("A pasted paragraph about the\r\nFinance Commission.").text == (
        "A pasted paragraph about the\nFinance Commission."
    )
    with pytest.raises(UploadError, match="empty"):
        read_paste("  \n\t ")


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_empty_file(data):
    with pytest.raises(UploadError, match="This file is empty"):
        read_upload("empty.txt", data)


def test_binary_file_does_not_look_like_text():
    with pytest.raises(UploadError, match="This does not look like text"):
        read_upload("photo.txt", bytes(range(256)) * 10)


def test_binary_without_nul_bytes_is_still_not_text():
    import random

    rng = random.Random(7)
    noise = bytes(rng.choice([b for b in range(1, 256) if b != 0x0A]) for _ in range(4096))
    assert b"\x00" not in noise
    with pytest.raises(UploadError, match="This does not look like text"):
        read_upload("blob.txt", noise)


def test_form_feeds_become_paragraph_breaks():
    assert read_upload("p.txt", b"Page one ends here.\fPage two starts here.").text == (
        "Page one ends here.\n\nPage two starts here."
    )


def test_other_encodings_get_a_save_as_utf8_message():
    with pytest.raises(UploadError, match=r"not UTF-8 text \(unexpected byte on line 2\).*Save it as UTF-8"):
        read_upload("latin1.txt", "First line is plain\nCaf\u00e9 au lait on line two".encode("latin-1"))


def test_unsupported_type_names_the_supported_ones():
    with pytest.raises(UploadError, match=r"\.xlsx.*\.txt, \.md, \.html, \.pdf, \.docx"):
        read_upload("sheet.xlsx", b"PK\x03\x04 whatever")
    with pytest.raises(UploadError, match=r"\.doc files are not supported"):
        read_upload("old.doc", b"\xd0\xcf\x11\xe0 whatever")


def test_a_50_mb_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: quick to make, 50 MB to anyone reading it
    with path.open("rb") as fh:
        with pytest.raises(UploadError, match=r"larger than 10 MB, the limit"):
            read_upload("huge.txt", fh)
        assert fh.tell() == MAX_BYTES + 1


def test_exactly_at_the_limit_is_accepted():
    words = b"word " * (MAX_BYTES // 5)
    assert len(words) == MAX_BYTES
    assert read_upload("limit.txt", io.BytesIO(words)).text.startswith("word word")


def test_the_page_text_matches_what_was_written():
    got = read_upload("report.pdf", two_page_pdf())
    for expected, span in zip((PAGE_ONE, PAGE_TWO), got.pages, strict=False):
        assert " ".join(got.text[span.start:span.end].split()) == " ".join(expected.split())


def test_an_html_file_in_its_declared_legacy_encoding_is_read():
    html = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 culture in the hill towns</title></head><body>'
        "<article><p>The caf\u00e9s of the hill towns are counted in the state's tourism survey every year.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    assert "caf\u00e9s of the hill towns" in read_upload("page.html", html).text
