"""Interchange formats (GIFT, Moodle XML, Aiken, CSV, Anki .apkg), pure.

No Flask and no database here: `read` turns a file's bytes into an
`ImportResult` or raises `FormatError` (nothing half-read), and `write`
turns questions into bytes. The CLI, the import page and provenance live
with the callers.

How other tools' types map to quizapp's (for questions/README.md):

* single-answer multiple choice with 2-6 options: ``mcq`` (option count
  kept); the key is the one 100% answer, negative weights on wrong answers
  are dropped (quizapp applies UPSC marking). True/false: a two-option
  ``mcq`` ("True", "False"), style ``true_false``.
* GIFT missing-word (text after the braces): the stem gets ``_____``; with
  choices an ``mcq``, with short answers a ``cloze``.
* short answer and numerical: ``fact`` (full-credit answers accepted; partial
  credit answers are not keys; numerical keeps its ranges in ``numeric``).
* Moodle cloze/multianswer and Anki cloze: one ``cloze`` per gap / per cN,
  the other gaps shown filled in; a gap with no single right answer (or a cN
  used twice) is skipped with the reason.
* essay: ``essay`` (general feedback, or Moodle's grader info, as explanation).
* matching: converted to the UPSC "Match List I with List II" ``mcq`` (style
  ``match``) when it has 2-4 pairs with distinct answers, since then exactly
  one code is right; otherwise skipped ("matching questions are not supported").
* Anki basic notes: ``fact`` (front/back by field name, else by the note
  type's field order).
* skipped, one line each: multiple-response / partial credit, several fully
  correct choices, calculated, drag-and-drop, select-missing-words, random,
  description items, more than 6 options.
"""

from __future__ import annotations

import os
from pathlib import Path

from quizapp.formats import aiken, apkg, csv_anki, gift, moodle_xml
from quizapp.formats.model import (
    MAX_BYTES,
    MAX_QUESTIONS,
    FormatError,
    ImportResult,
    Media,
    Notice,
    Question,
    Review,
    Skipped,
    Written,
)

FORMATS = ("gift", "moodle-xml", "aiken", "apkg", "csv")
_BY_EXTENSION = {".gift": "gift", ".xml": "moodle-xml", ".apkg": "apkg", ".csv": "csv", ".tsv": "csv", ".aiken": "aiken"}

__all__ = [
    "FORMATS", "MAX_BYTES", "MAX_QUESTIONS", "FormatError", "ImportResult", "Media", "Notice", "Question",
    "Review", "Skipped", "Written", "detect", "load", "read", "write",
]


def load(source: bytes | str | os.PathLike, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and display name of a file or of bytes already read; the size
    limit is checked before a file is read into memory."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), name or "input"
    path = Path(source)
    label = name or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FormatError(label, None, f"cannot read the file ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise FormatError(label, None, f"file is {size / 1048576:.1f} MB; the limit is 50 MB")
    return path.read_bytes(), label


def detect(source: bytes | str | os.PathLike, name: str | None = None) -> str:
    """The format of a file, for ``--format auto``: content first, then the name."""
    if not isinstance(source, (bytes, bytearray)):
        source, name = load(source, name)
    data, name = bytes(source), name or "input"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04":
        return "apkg"
    if head.startswith(b"<?xml") or head.startswith(b"<quiz"):
        return "moodle-xml"
    lower = name.lower()
    for ext, fmt in _BY_EXTENSION.items():
        if lower.endswith(ext):
            return fmt
    text = head.decode("utf-8", "replace")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if any(line.startswith("ANSWER:") for line in lines) and not any("{" in line for line in lines):
        return "aiken"
    if lines and (lines[0].startswith("#separator:") or lines[0].startswith("#html:") or lines[0].lower().startswith("stem,")):
        return "csv"
    if "{" in text and "}" in text:
        return "gift"
    raise FormatError(name, None, "cannot tell the format; pass --format gift|moodle-xml|aiken|apkg|csv")


def read(source: bytes | str | os.PathLike, name: str | None = None, fmt: str = "auto", with_history: bool = True) -> ImportResult:
    """Everything in the file, or FormatError and nothing. ``name`` is what
    messages call the file (defaults to the path's name)."""
    data, name = load(source, name)
    fmt = detect(data, name) if fmt == "auto" else fmt
    if fmt == "gift":
        return gift.read(data, name)
    if fmt == "moodle-xml":
        return moodle_xml.read(data, name)
    if fmt == "aiken":
        return aiken.read(data, name)
    if fmt == "csv":
        return csv_anki.read(data, name)
    if fmt == "apkg":
        return apkg.read(data, name, with_history=with_history)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def write(questions: list[Question], fmt: str, **options) -> Written:
    """``csv`` writes the plain mcq sheet; ``anki-csv`` the Anki text file."""
    if fmt == "gift":
        return gift.write(questions)
    if fmt == "moodle-xml":
        return moodle_xml.write(questions)
    if fmt == "aiken":
        return aiken.write(questions)
    if fmt == "csv":
        return csv_anki.write_plain(questions)
    if fmt == "anki-csv":
        return csv_anki.write_anki(questions, **options)
    if fmt == "apkg":
        return apkg.write(questions, **options)
    raise ValueError(f"unknown format {fmt!r}")
