"""Turn an uploaded file (or pasted text) into plain text the bank pipeline can quote.

Offsets downstream are into ``Extracted.text``, so every reader here returns
the exact text it wants quoted: line endings normalised to ``\\n``, no BOM.
A PDF also returns where each page starts and ends in that text, so a quote
can say "p. 14" without the pipeline knowing about PDFs.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import BinaryIO

from quizapp.banks.reflow import reflow
from quizapp.uploads.errors import UploadError
from quizapp.uploads.limits import MAX_BYTES, MAX_PDF_PAGES, megabytes

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED = ".txt, .md, .html, .pdf, .docx"


@dataclass(frozen=True)
class PageSpan:
    """Page ``number`` (1-based) covers ``text[start:end]``."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Extracted:
    """Text plus what the file itself says about its title, publisher and date.

    The hints are raw (HTML ``<title>``, PDF info, .docx core properties);
    :func:`quizapp.uploads.meta.guess_meta` decides whether to trust them.
    """

    text: str
    kind: str  # "text", "html", "pdf", "docx"
    filename: str | None = None
    pages: tuple[PageSpan, ...] = ()
    title_hint: str | None = None
    publisher_hint: str | None = None
    date_hint: str | None = None
    extra: dict = field(default_factory=dict)

    def page_of(self, offset: int) -> int | None:
        """The page a character offset falls on, for citing a quote as "p. N"."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.number
        return None


def read_paste(text: str) -> Extracted:
    """Pasted text: the same checks as a file, minus decoding."""
    return Extracted(text=_finish_text(text), kind="text")


def read_upload(filename: str, data: bytes | BinaryIO, content_type: str | None = None) -> Extracted:
    """Text of one uploaded file, chosen by its name (or, for URLs, its content type).

    ``data`` may be a stream (Werkzeug's ``FileStorage.stream``): at most
    ``MAX_BYTES + 1`` bytes are read, so a 50 MB upload is refused without
    being held in memory.
    """
    raw = _read_capped(data)
    name = PurePath(filename or "").name
    kind = _kind(name, content_type, raw)
    if kind == "pdf":
        return _read_pdf(name, raw)
    if kind == "docx":
        return _read_docx(name, raw)
    if kind == "html":
        return _read_html(name, _decode_html(raw))
    text = _decode(raw)
    return Extracted(text=_finish_text(text), kind="text", filename=name)


def _read_capped(data: bytes | BinaryIO) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raw = data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise UploadError(f"This file is larger than {megabytes(MAX_BYTES)}, the limit. Split it or trim it and try again.")
    if not raw.strip():
        raise UploadError("This file is empty.")
    return raw


def _kind(name: str, content_type: str | None, raw: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    ctype = (content_type or "").split(";")[0].strip().lower()
    if suffix == ".pdf" or ctype == "application/pdf":
        return "pdf"
    if suffix == ".docx" or ctype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        return "docx"
    if suffix in HTML_SUFFIXES or ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if suffix in TEXT_SUFFIXES or ctype in ("text/plain", "text/markdown"):
        return "text"
    if suffix == ".doc":
        raise UploadError("Old Word .doc files are not supported. Save it as .docx or PDF and try again.")
    if not suffix and (not ctype or ctype.startswith("text/")):
        return "text"  # pasted-as-file or a URL without a name: judged by its bytes below
    raise UploadError(f"Files of this type ({suffix or ctype}) are not supported. Use one of: {SUPPORTED}.")


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:65536] or raw.startswith((b"%PDF", b"PK\x03\x04")):
        raise UploadError("This does not look like text. Upload a .txt, .md, .html, .pdf or .docx file.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = raw[:65536]
        controls = sum(1 for b in sample if b < 0x09 or 0x0E <= b < 0x20 or b == 0x7F)
        if controls > len(sample) * 0.02:
            # Text in any encoding has almost no control bytes; images and archives are full of them.
            raise UploadError("This does not look like text. Upload a .txt, .md, .html, .pdf or .docx file.") from None
        line = raw[: exc.start].count(b"\n") + 1
        raise UploadError(
            f"This file is not UTF-8 text (unexpected byte on line {line}). "
            "Save it as UTF-8 (most editors offer this under 'Save as… / Encoding') and try again."
        ) from None


def _decode_html(raw: bytes) -> str:
    """HTML names its own encoding (``<meta charset>``); saved pages are often not UTF-8."""
    try:
        return _decode(raw)
    except UploadError as err:
        if "not UTF-8" not in err.message:
            raise
    from trafilatura.utils import decode_file

    return decode_file(raw)


def _finish_text(text: str) -> str:
    """Normalise what every reader produces, then refuse text with nothing in it."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        raise UploadError("This does not look like text: it contains control characters.")
    text = reflow("\n".join(line.rstrip() for line in text.split("\n")).strip("\n"))
    _check_usable(text)
    return text


def _check_usable(text: str) -> None:
    if not text.strip():
        raise UploadError("This file is empty.")
    if len(text.split()) < 3:
        raise UploadError("There is too little text here to make questions from.")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# ---- HTML -----------------------------------------------------------------


def _read_html(name: str, html: str) -> Extracted:
    from quizapp.banks.sources import read_html

    page = read_html(html)
    if not page.text.strip():
        raise UploadError("No readable article text was found on this page. Try pasting the text instead.")
    return Extracted(
        text=_finish_text(page.text),
        kind="html",
        filename=name,
        title_hint=page.title,
        publisher_hint=page.sitename,
        date_hint=page.date.isoformat() if page.date else None,
    )


# ---- PDF ------------------------------------------------------------------


def _read_pdf(name: str, raw: bytes) -> Extracted:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw.lstrip().startswith(b"%PDF"):
        raise UploadError("This file is named .pdf but is not a PDF.")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files log noise, not errors
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadError("This PDF is password-protected. Remove the password and try again.")
        count = len(reader.pages)
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise UploadError("This PDF could not be read; it may be damaged. Try saving it again or paste its text.") from None
    if count > MAX_PDF_PAGES:
        raise UploadError(f"This PDF has {count:,} pages; the limit is {MAX_PDF_PAGES}. Upload the chapters you need.")
    parts: list[str] = []
    spans: list[PageSpan] = []
    pos = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            page_text = page.extract_text() or ""
        except Exception:  # pypdf raises many types on odd content streams; one bad page should not sink the file
            page_text = ""
        page_text = _tidy_page(page_text)
        if not page_text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append(PageSpan(number, pos, pos + len(page_text)))
        parts.append(page_text)
        pos += len(page_text)
    text = "".join(parts)
    if not text.strip():
        raise UploadError("This PDF has no text; scanned pages need OCR. Run it through OCR first, or paste the text.")
    _check_usable(text)  # pages were normalised one by one, so the offsets above stay valid
    info = reader.metadata or {}
    return Extracted(
        text=text,
        kind="pdf",
        filename=name,
        pages=tuple(spans),
        title_hint=_clean_hint(info.get("/Title")),
        publisher_hint=None,  # /Author is a person, /Producer is software: neither is the publisher
        date_hint=None,
        extra={"page_count": count},
    )


def _tidy_page(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text)
    # A word broken at a line end ("inter-\nnational") reads as two words to the pipeline.
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    # PDFs break paragraphs into layout lines. A line that does not end a sentence
    # followed by one starting in lower case is the same sentence going on; joining
    # them lets the pipeline see whole sentences (headings start upper case and stay).
    text = re.sub(r"(?<=[^\s.:;?!])[ \t]*\n(?=[a-z0-9(])", " ", text)
    return reflow("\n".join(line.rstrip() for line in text.split("\n")).strip("\n"))


def _clean_hint(value: object) -> str | None:
    text = str(value).strip() if value else ""
    return text or None


# ---- DOCX -----------------------------------------------------------------


def _read_docx(name: str, raw: bytes) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not raw.startswith(b"PK"):
        raise UploadError("This file is named .docx but is not a Word document.")
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise UploadError("This Word document could not be read; it may be damaged. Save it again as .docx.") from None
    lines: list[str] = []
    title_hint: str | None = None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append("")
            for row in block.rows:
                cells = _dedupe_merged([c.text.strip().replace("\n", " ") for c in row.cells])
                if any(cells):
                    lines.append(" | ".join(cells))
            lines.append("")
            continue
        text = block.text.strip()
        style = (block.style.name if block.style is not None else "") or ""
        if style.startswith(("Heading", "Title")):
            if text and title_hint is None and style in ("Title", "Heading 1"):
                title_hint = text
            # Headings stand alone so the pipeline sees them as headings, not as
            # the first words of the next paragraph.
            lines.extend(["", text, ""] if text else [])
        else:
            lines.append(text)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    core_title = (document.core_properties.title or "").strip()
    return Extracted(
        text=_finish_text(text),
        kind="docx",
        filename=name,
        title_hint=title_hint or core_title or None,
    )


def _dedupe_merged(cells: list[str]) -> list[str]:
    """python-docx repeats a merged cell's text in every grid column it spans."""
    out: list[str] = []
    for cell in cells:
        if out and cell and cell == out[-1]:
            continue
        out.append(cell)
    return out
