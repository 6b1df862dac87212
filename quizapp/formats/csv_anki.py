"""CSV in two dialects: Anki's text import with its ``#key:value`` header
lines, and a plain mcq sheet with a header row (stem, A-D, answer, …).

Anki's headers, as its importer reads them: ``#separator:`` (Comma,
Semicolon, Tab, Space, Pipe, Colon or the character itself), ``#html:``,
``#tags:`` (space-separated, for every note), ``#columns:``, ``#deck:``,
``#notetype:`` and the 1-based ``#tags column:``, ``#guid column:``,
``#deck column:``, ``#notetype column:``. Only leading lines are headers;
later lines starting with ``#`` are comments, as in Anki.
"""

from __future__ import annotations

import csv
import io
import re

from quizapp.formats.common import ClozeGap, html_to_text, split_cloze, tidy
from quizapp.formats.model import (
    MAX_OPTIONS,
    FormatError,
    ImportResult,
    Notice,
    Question,
    Skipped,
    Written,
    check_count,
    check_size,
    decode_text,
    media_not_written,
)

FORMAT = "csv"
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
_COLUMN_KEYS = ("tags column", "guid column", "deck column", "notetype column")
_KNOWN = {"separator", "html", "tags", "columns", "deck", "notetype", "match scope", "if matches", *_COLUMN_KEYS}
_HTML_LIKE = re.compile(r"<[a-zA-Z/][^>]*>|&[a-zA-Z]+;|&#\d+;")
_LETTERS = "ABCDEF"

csv.field_size_limit(50 * 1024 * 1024)


def read(data: bytes, file: str = "input.csv") -> ImportResult:
    check_size(file, data)
    text = decode_text(file, data)
    first = text.split("\n", 1)[0]
    if first.startswith("#") or first.startswith("tags:"):
        return _read_anki(file, text)
    header = next(csv.reader([first], delimiter=_sniff(first)), [])
    if header and header[0].strip().lower() == "stem":
        return _read_plain(file, text, _sniff(first))
    return _read_anki(file, text)


def _sniff(line: str) -> str:
    for sep in ("\t", ";", ",", "|"):
        if sep in line:
            return sep
    return ","


def _rows(text: str, delimiter: str, first_line: int):
    """(line, row) pairs; ``line`` is where the record starts."""
    lines = [line + "\n" for line in text.split("\n")][first_line - 1:]
    if lines and lines[-1] == "\n":
        lines.pop()
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True, skipinitialspace=False)
    start = first_line
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FormatError("", first_line + reader.line_num - 1, f"bad CSV ({exc})") from None
        yield start, row
        start = first_line + reader.line_num


# ---------------------------------------------------------------- Anki


class _Meta:
    def __init__(self):
        self.separator: str | None = None
        self.html: bool | None = None
        self.tags: tuple[str, ...] = ()
        self.columns: list[str] = []
        self.deck = self.notetype = None
        self.column = dict.fromkeys(_COLUMN_KEYS, 0)
        self.lines = 0


def _meta(file: str, text: str, result: ImportResult) -> _Meta:
    meta = _Meta()
    raw_columns = None
    for number, line in enumerate(text.split("\n"), start=1):
        if number == 1 and line.startswith("tags:"):
            meta.tags = tuple(line[5:].split())
        elif line.startswith("#"):
            if ":" not in line:
                pass  # a comment
            else:
                key, value = (s for s in line[1:].split(":", 1))
                key = key.strip().lower()
                if key == "separator":
                    v = value.strip().lower()
                    if v in SEPARATORS:
                        meta.separator = SEPARATORS[v]
                    elif len(value) == 1:
                        meta.separator = value
                    else:
                        raise FormatError(file, number, f"unknown separator {value!r} (Comma, Semicolon, Tab, Space, Pipe, Colon or one character)")
                elif key == "html":
                    if value.strip().lower() not in ("true", "false"):
                        raise FormatError(file, number, f"#html: takes true or false, not {value.strip()!r}")
                    meta.html = value.strip().lower() == "true"
                elif key == "tags":
                    meta.tags = tuple(value.split())
                elif key == "columns":
                    raw_columns = (number, value)
                elif key == "deck":
                    meta.deck = value.strip() or None
                elif key == "notetype":
                    meta.notetype = value.strip() or None
                elif key in _COLUMN_KEYS:
                    if not value.strip().isdigit() or int(value) < 1:
                        raise FormatError(file, number, f"#{key}: takes a column number from 1, not {value.strip()!r}")
                    meta.column[key] = int(value)
                elif key not in _KNOWN:
                    result.notices.append(Notice(number, f"header #{key}: is not one of Anki's and was ignored"))
        else:
            meta.lines = number - 1
            break
    else:
        meta.lines = len(text.split("\n"))
    if meta.separator is None:
        body = "\n".join(text.split("\n")[meta.lines:meta.lines + 20])
        meta.separator = next((s for s in ("\t", "|", ";", ",", ":") if s in body), " ")
    if raw_columns:
        meta.columns = [c.strip() for c in next(csv.reader([raw_columns[1]], delimiter=meta.separator), [])]
    return meta


_FRONT = {"front", "question", "text", "stem"}
_BACK = {"back", "answer"}
_EXTRA = {"explanation", "back extra", "extra"}


def _read_anki(file: str, text: str) -> ImportResult:
    result = ImportResult(FORMAT)
    meta = _meta(file, text, result)
    special = {v: k for k, v in meta.column.items() if v}
    for start, row in _anki_rows(file, text, meta):
        if not any(cell.strip() for cell in row):
            continue
        if row and row[0].startswith("#"):
            continue
        get = lambda key: row[meta.column[key] - 1] if meta.column[key] and meta.column[key] <= len(row) else None  # noqa: E731, B023 (called at once, in this iteration)
        notetype = get("notetype column") or meta.notetype or "Basic"
        deck = get("deck column") or meta.deck
        tags = meta.tags + tuple((get("tags column") or "").split())
        guid = get("guid column") or None
        fields = [(i + 1, cell) for i, cell in enumerate(row) if (i + 1) not in special]
        named = _by_name(fields, meta.columns)
        is_html = meta.html if meta.html is not None else any(_HTML_LIKE.search(c) for _, c in fields)
        conv = html_to_text if is_html else tidy
        common = dict(line=start, tags=tags, bank=deck, guid=guid, topic=tidy(named.get("topic", "")))
        if "cloze" in notetype.lower():
            body = named.get("front", "")
            extra = conv(named.get("back", "") or named.get("extra", ""))
            gaps = split_cloze(body, is_html)
            if not gaps:
                result.skipped.append(Skipped(start, "cloze", "cloze note without {{c1::…}} deletions"))
            for gap in gaps:
                if isinstance(gap, ClozeGap):
                    result.questions.append(Question("cloze", gap.stem, answer=gap.answer, accepted=(gap.answer,),
                                                     hint=gap.hint, explanation=extra, **common))
                else:
                    result.skipped.append(Skipped(start, "cloze", gap))
        else:
            front, back = conv(named.get("front", "")), conv(named.get("back", ""))
            if not front:
                result.skipped.append(Skipped(start, "note", "empty first field"))
                continue
            if not back:
                result.skipped.append(Skipped(start, "note", "no answer (empty second field)"))
                continue
            result.questions.append(Question(
                "fact", front, answer=(back,), explanation=conv(named.get("extra", "")),
                source_quote=conv(named.get("source quote", "")), source=conv(named.get("source", "")), **common,
            ))
        check_count(file, len(result.questions), start)
    return result


def _anki_rows(file: str, text: str, meta: _Meta):
    try:
        yield from _rows(text, meta.separator, meta.lines + 1)
    except FormatError as exc:
        raise FormatError(file, exc.line, exc.message) from None


def _by_name(fields: list[tuple[int, str]], labels: list[str]) -> dict[str, str]:
    """Fields by role; with ``#columns:`` by their names, else by order."""
    out: dict[str, str] = {}
    if labels and any(labels):
        for index, cell in fields:
            label = labels[index - 1].strip().lower() if index - 1 < len(labels) else ""
            role = ("front" if label in _FRONT else "back" if label in _BACK else "extra" if label in _EXTRA else label)
            if role and role not in out:
                out[role] = cell
        if "front" not in out and fields:
            out["front"] = fields[0][1]
        return out
    for role, (_, cell) in zip(("front", "back", "extra"), fields, strict=False):
        out[role] = cell
    return out


def write_anki(questions: list[Question], deck: str | None = None) -> Written:
    """Anki text with headers, one basic note per item (mcq options listed in the question)."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:false\n#notetype:Basic\n")
    # Front/Back so that Anki's Basic note type maps them by name; the rest are
    # extra columns Anki ignores and quizapp reads back.
    buf.write("#columns:Front\tBack\tExplanation\tSource quote\tSource\tTopic\tTags\tDeck\tGUID\n")
    buf.write("#tags column:7\n#deck column:8\n#guid column:9\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    skipped = []
    for q in questions:
        qa = question_answer(q)
        if qa is None:
            skipped.append(Skipped(q.line, q.kind, f"{q.kind} items cannot be written as Anki CSV", q.name))
            continue
        front, back = qa
        tags = " ".join(t.replace(" ", "_") for t in q.tags)
        w.writerow([front, back, q.explanation, q.source_quote, q.source, q.topic, tags, q.bank or deck or "quizapp", q.guid or q.name or ""])
    return Written(buf.getvalue().encode("utf-8"), skipped, media_not_written(questions, "CSV"))


def question_answer(q: Question) -> tuple[str, str] | None:
    """Front and back text of an item as a flip card (also used for .apkg)."""
    if q.kind == "mcq" and isinstance(q.answer, int):
        letters = "abcdef"
        options = "\n".join(f"({letters[i]}) {o}" for i, o in enumerate(q.options))
        return f"{q.stem}\n{options}", f"({letters[q.answer]}) {q.options[q.answer]}"
    if q.kind == "fact":
        accepted = q.answer if isinstance(q.answer, tuple) else (str(q.answer),)
        back = accepted[0] + (f" (also accepted: {', '.join(accepted[1:])})" if len(accepted) > 1 else "")
        return q.stem, back
    if q.kind == "cloze":
        return q.stem, str(q.answer)
    if q.kind == "essay":
        return q.stem, q.explanation or "(essay: no model answer)"
    return None


# ---------------------------------------------------------------- plain mcq sheet

PLAIN_HEADER = ["stem", "A", "B", "C", "D", "answer", "explanation", "topic", "tags"]


def _read_plain(file: str, text: str, delimiter: str) -> ImportResult:
    result = ImportResult(FORMAT)
    rows = _rows(text, delimiter, 1)
    try:
        _, header = next(rows)
        index = {h.strip().lower(): i for i, h in enumerate(header)}
        for need in ("stem", "a", "b", "answer"):
            if need not in index:
                raise FormatError(file, 1, f"header row has no {need!r} column (expected {', '.join(PLAIN_HEADER)})")
        letters = [x for x in _LETTERS if x.lower() in index]
        for start, row in rows:
            if not any(c.strip() for c in row):
                continue
            cell = lambda k: row[index[k]].strip() if k in index and index[k] < len(row) else ""  # noqa: E731, B023 (called at once, in this iteration)
            stem = tidy(cell("stem"))
            if not stem:
                raise FormatError(file, start, "empty stem")
            options = [tidy(cell(x.lower())) for x in letters]
            while options and not options[-1]:
                options.pop()
            if "" in options:
                raise FormatError(file, start, f"option {letters[options.index('')]} is empty but a later one is not")
            if len(options) < 2:
                raise FormatError(file, start, "an mcq needs at least options A and B")
            answer = cell("answer").upper().strip("() .")
            if answer not in letters[: len(options)]:
                raise FormatError(file, start, f"answer {cell('answer')!r} is not the letter of a filled option ({', '.join(letters[:len(options)])})")
            raw_tags = cell("tags")
            tags = [t.strip() for t in (raw_tags.split(";") if ";" in raw_tags else raw_tags.split())]
            result.questions.append(Question(
                "mcq", stem, options=tuple(options), answer=letters.index(answer), line=start,
                explanation=tidy(cell("explanation")), topic=tidy(cell("topic")), tags=tuple(t for t in tags if t),
            ))
            check_count(file, len(result.questions), start)
    except FormatError as exc:
        raise FormatError(file, exc.line, exc.message) from None
    return result


def write_plain(questions: list[Question]) -> Written:
    mcqs = [q for q in questions if q.kind == "mcq" and isinstance(q.answer, int) and len(q.options) <= MAX_OPTIONS]
    skipped = [Skipped(q.line, q.kind, f"{q.kind} items cannot be written to the mcq sheet", q.name)
               for q in questions if q not in mcqs]
    width = max([4, *(len(q.options) for q in mcqs)])
    header = ["stem", *_LETTERS[:width], "answer", "explanation", "topic", "tags"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for q in mcqs:
        options = list(q.options) + [""] * (width - len(q.options))
        w.writerow([q.stem, *options, _LETTERS[q.answer], q.explanation, q.topic, "; ".join(q.tags)])
    return Written(buf.getvalue().encode("utf-8"), skipped, media_not_written(mcqs, "CSV"))
