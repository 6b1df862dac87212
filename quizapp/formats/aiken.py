"""Aiken, as Moodle's "Aiken format" page defines it.

A question line, then options that start with one capital letter and "."
or ")" and a space, then ``ANSWER: X``. Moodle asks for the question on one
line; a question that runs over several lines before its first option is
joined, since nothing else could be meant.
"""

from __future__ import annotations

import re

from quizapp.formats.common import tidy
from quizapp.formats.model import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    FormatError,
    ImportResult,
    Question,
    Skipped,
    Written,
    check_count,
    check_size,
    decode_text,
    media_not_written,
)

FORMAT = "aiken"
_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$")


def read(data: bytes, file: str = "input.txt") -> ImportResult:
    check_size(file, data)
    result = ImportResult(FORMAT)
    stem_lines: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    lines = decode_text(file, data).split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if options:
                raise FormatError(file, number, "blank line inside a question (expected more options or 'ANSWER: X')")
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            if not stem_lines:
                raise FormatError(file, number, "'ANSWER:' without a question before it")
            letter = answer.group(1).strip().upper()
            letters = [o[0] for o in options]
            if len(options) < MIN_OPTIONS:
                raise FormatError(file, number, f"question has {len(options)} option(s); Aiken needs at least 2")
            if not re.fullmatch(r"[A-Z]", letter):
                raise FormatError(file, number, f"answer {letter!r} is not one option letter")
            if letter not in letters:
                raise FormatError(file, number, f"answer {letter} is not one of the options {', '.join(letters)}")
            stem = tidy("\n".join(stem_lines))
            if len(options) > MAX_OPTIONS:
                result.skipped.append(Skipped(start, "multichoice", f"multiple choice with {len(options)} options (quizapp takes 2-6)"))
            else:
                result.questions.append(
                    Question("mcq", stem, options=tuple(tidy(o[1]) for o in options), answer=letters.index(letter), line=start)
                )
                check_count(file, len(result.questions), start)
            stem_lines, options = [], []
        elif option and stem_lines:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected:
                raise FormatError(file, number, f"option {option.group(1)} where {expected} was expected")
            if not option.group(2).strip():
                raise FormatError(file, number, f"option {option.group(1)} is empty")
            options.append((option.group(1), option.group(2)))
        else:
            if options:
                raise FormatError(file, number, "expected another option or 'ANSWER: X' after the options")
            if not stem_lines:
                start = number
            stem_lines.append(line)
    if stem_lines:
        raise FormatError(file, start, "question has no 'ANSWER: X' line")
    return result


def write(questions: list[Question]) -> Written:
    out, skipped = [], []
    for q in questions:
        if q.kind != "mcq" or not isinstance(q.answer, int) or len(q.options) > 26:
            skipped.append(Skipped(q.line, q.kind, f"{q.kind} items cannot be written as Aiken", q.name))
            continue
        lines = [" ".join(q.stem.split())]
        lines += [f"{chr(65 + i)}. {' '.join(o.split())}" for i, o in enumerate(q.options)]
        lines.append(f"ANSWER: {chr(65 + q.answer)}")
        out.append("\n".join(lines))
    return Written(("\n\n".join(out) + "\n").encode("utf-8"), skipped, media_not_written(questions, "Aiken"))
