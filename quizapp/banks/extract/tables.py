"""Table rows: one fact per row, with the header that says what each cell is.

Clean marks lines with consistent column separators (tabs, pipes, 2+ spaces)
as ``table_row`` blocks; here consecutive rows become a table whose first row
is the header when it has no digits and the rows below do (the usual shape of
"Country | Year" tables). Without such a header the cells still stand, with
``extra["header"] = None``.
"""

from __future__ import annotations

import re
from collections import Counter

from quizapp.banks import names
from quizapp.banks.extract.common import make_fact, squash
from quizapp.banks.types import Block, Document, Fact


def split_cells(text: str) -> list[str]:
    body = text.strip()
    if "\t" in body:
        cells = re.split(r"\t+", body)
    elif "|" in body:
        cells = re.split(r"\s*\|\s*", body.strip("|"))
    else:
        cells = re.split(r" {2,}", body)
    return [c.strip(" \u00a0") for c in cells]


def _tables(doc: Document) -> list[list[Block]]:
    tables: list[list[Block]] = []
    current: list[Block] = []
    for b in doc.blocks:
        if b.kind == "table_row" and (not current or len(split_cells(b.text)) == len(split_cells(current[-1].text))):
            current.append(b)
            continue
        if len(current) >= 2:
            tables.append(current)
        current = [b] if b.kind == "table_row" else []
    if len(current) >= 2:
        tables.append(current)
    return tables


# A column labelled by a year or a financial year: "2018", "2022-23"
YEAR_LABEL = re.compile(r"(?:19|20)\d\d(?:[-–]\d{2,4})?")
_SERIAL_HEADER = re.compile(
    r"^(?:s\.?\s*no\.?|sl\.?(?:\s*no\.?)?|sr\.?(?:\s*no\.?)?|#|no\.?|serial(?:\s+(?:no\.?|number))?|"
    r"sno|s\.?\s*n\.?)$",
    re.I,
)
# An introduction that offers examples, not the whole set: the rows prove nothing about what is left out.
_OPEN_INTRO = re.compile(
    r"\b(?:such as|some (?:examples|of (?:the|these|them|which))|examples? (?:include|are|of)|for example|"
    r"for instance|e\.g\.|include|includes|including|among (?:them|others|which|these)|a few|selected|"
    r"illustrative|partial list|a sample|some (?:major|key|important|notable))\b",
    re.I,
)
_CLOSED_HINT = re.compile(r"\b(?:all|complete|full list|the following \d+|list of all)\b", re.I)


def _is_serial(header_cell: str | None, column: list[str]) -> bool:
    """S.No./Sl./#/No. headers, or a column that just counts 1..n."""
    if header_cell is not None and _SERIAL_HEADER.match(header_cell.strip()):
        return True
    numbers = [re.fullmatch(r"\(?(\d{1,3})[.)]?", c.strip()) for c in column]
    if len(column) < 2:
        return False
    counts = [int(m.group(1)) for m in numbers if m is not None]
    return len(counts) == len(numbers) and counts == list(range(1, len(column) + 1))


def _has_rule_after(doc: Document, row: Block, nxt: Block) -> bool:
    between = doc.text[row.end : nxt.start]
    return bool(re.search(r"-{3,}", between))


def _header(doc: Document, rows: list[Block], cells: list[list[str]]) -> list[str] | None:
    """The first row is the header when it carries no digits and the body does, when a
    markdown rule sits under it, or when it is short labels over three or more rows."""
    first = cells[0]
    # "S.No. | State | 2018 | 2022" over a rule: years label the columns (session 29's holdout read no header)
    if _has_rule_after(doc, rows[0], rows[1]) and all(
            _SERIAL_HEADER.match(c) or not re.search(r"\d", c) or YEAR_LABEL.fullmatch(c.strip())
            for c in first):
        return first
    if any(re.search(r"\d", c) for c in first) and not all(_SERIAL_HEADER.match(c) or not re.search(r"\d", c) for c in first):
        return None
    if _has_rule_after(doc, rows[0], rows[1]):
        return first
    if any(re.search(r"\d", c) for row in cells[1:] for c in row):
        return first
    labels = all(c and len(c.split()) <= 4 and c[:1].isupper() for c in first)
    return first if labels and len(rows) >= 3 else None


def _intro(doc: Document, rows: list[Block]) -> str | None:
    """The sentence that introduces the table: the last sentence of the block just above it."""
    above = [b for b in doc.blocks if b.end <= rows[0].start and b.kind != "table_row"]
    if not above:
        return None
    block = above[-1]
    gap = doc.text[block.end : rows[0].start]
    if gap.count("\n") > 4:
        return None
    sentences = [s for s in doc.sentences if block.start <= s.start and s.end <= block.end]
    text = squash(sentences[-1].text if sentences else block.text)
    return text.rstrip(" :-–—")


_GENERIC = set(
    "a an the some few such as are is was were given below above following table list listed shown see here "
    "these those this that example examples include includes including so far of in on for and or to".split()
)


def _says_what(intro: str) -> bool:
    """An introduction that names what the rows are ("The summits held so far ...");
    "Some examples are given below" does not, and the header says it better."""
    words = [w for w in re.findall(r"[a-z]+", intro.lower()) if w not in _GENERIC and len(w) > 1]
    return len(words) >= 2


_SUMMARY_ROW = re.compile(r"^\s*(?:(?:grand|sub-?)\s*)?total\b|^\s*all(?:\s+india)?\s*$", re.I)
_PLACEHOLDER = re.compile(r"[-–—‒―−]+|n\.?a\.?|\.{2,}|…|\*|\?|", re.I)


def _merge_continuations(doc: Document, blocks: list[Block], rows: list[list[str]]) -> list[tuple[Block, list[str]]]:
    """A row whose first cell is empty goes on with the row above: "| Energy efficiency (includes the Perform, |"
    over "|   | Achieve and Trade scheme) |" is one cell wrapped on two lines, not two rows (the s28 table)."""
    out: list[tuple[Block, list[str]]] = []
    for block, row in zip(blocks, rows, strict=False):
        if out and row and not row[0].strip() and any(c.strip() for c in row[1:]) and len(row) == len(out[-1][1]):
            prev, cells = out[-1]
            joined = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(cells, row, strict=True)]
            out[-1] = (Block(prev.kind, prev.start, block.end, doc.text[prev.start:block.end]), joined)
        else:
            out.append((block, row))
    return out


def extract_tables(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for rows in _tables(doc):
        cells = [split_cells(r.text) for r in rows]
        header = _header(doc, rows, cells)
        body_rows = rows[1:] if header else rows
        body_cells = cells[1:] if header else cells
        if not body_rows:
            continue
        width = len(body_cells[0])
        keep = [
            k for k in range(width)
            if not _is_serial(header[k] if header else None, [row[k] for row in body_cells])
        ]
        header_kept = [header[k] for k in keep] if header else None
        intro = _intro(doc, rows)
        is_open = bool(intro and _OPEN_INTRO.search(intro) and not _CLOSED_HINT.search(intro))
        is_open = is_open or any(re.fullmatch(r"(?:etc\.?|and others|others|\.\.\.|…)", c.strip(), re.I)
                                 for row in body_cells for c in row)
        kept_rows = [[row[k] for k in keep] for row in body_cells]
        repeated = [
            c for c in range(len(keep))
            if any(n > 1 for n in Counter(names.normalise(r[c]) or r[c].casefold() for r in kept_rows if r[c].strip()).values())
        ]
        table_span = [rows[0].start, rows[-1].end]
        label = intro if intro and _says_what(intro) else (" | ".join(header_kept) if header_kept else intro or "table row")
        for block, row in _merge_continuations(doc, body_rows, kept_rows):
            if row and (_SUMMARY_ROW.match(row[0]) or any(_PLACEHOLDER.fullmatch(c.strip()) for c in row)):
                continue  # "Total in a year | — | 6,000": a sum is no row, and a dash no value (round 19's reader)
            extra = {
                "header": tuple(header_kept) if header_kept else None,
                "table": table_span,
                "normalised": [names.normalise(c) for c in row],
                "intro": intro,
                "open": is_open,
                "repeated": repeated,
            }
            facts.append(
                make_fact(
                    doc, "table_row", block.start, block.end, (block.start, block.end), [row, header_kept],
                    label=label, cells=tuple(row), extra=extra,
                )
            )
    return facts
