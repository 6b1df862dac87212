"""Files the upload tests build themselves, so no fixture can drift from what is asserted."""

from __future__ import annotations

import io

PAGE_ONE = (
    "Press Information Bureau\n"
    "Monsoon session report on river linking in India\n"
    "Published: 14 July 2024\n"
    "The Ken-Betwa link project was approved by the Union Cabinet in December 2021. "
    "It will transfer surplus water from the Ken river to the Betwa basin."
)
PAGE_TWO = (
    "The National Water Development Agency prepares the feasibility reports. "
    "As on 31 March 2024, thirty links had been identified under the National Perspective Plan."
)


def two_page_pdf(page_one: str = PAGE_ONE, page_two: str = PAGE_TWO, title: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for text in (page_one, page_two):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scanned' page: a picture of text, with no text layer at all."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Scanned page: the text is only pixels", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def many_page_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Core title that should lose to the Title style"
    document.add_paragraph("Annual Report on Rural Electrification", style="Title")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The Saubhagya scheme was launched in October 2017 to electrify households.")
    table = document.add_table(rows=3, cols=2)
    for row, (state, share) in zip(table.rows, [("State", "Households"), ("Bihar", "32.6 lakh"), ("Assam", "17.5 lakh")], strict=False):
        row.cells[0].text, row.cells[1].text = state, share
    document.add_heading("Coverage", level=2)
    document.add_paragraph("All willing households were reported electrified by March 2019.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ARTICLE_HTML = """<!doctype html>
<html><head><title>Parliament passes the Water Amendment Bill | The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2024-02-09T10:00:00+05:30"></head>
<body><nav><a href="/">Home</a> <a href="/india">India</a></nav>
<article><h1>Parliament passes the Water Amendment Bill</h1>
<p>The Water (Prevention and Control of Pollution) Amendment Bill was passed by the Lok Sabha on 8 February 2024.
It decriminalises several minor offences under the 1974 Act.</p>
<p>The Rajya Sabha had passed the bill earlier in the week, and it now awaits the President's assent.</p>
</article><footer>Copyright The Daily Ledger</footer></body></html>
"""
