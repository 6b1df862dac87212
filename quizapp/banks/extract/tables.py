"""Table rows: one fact per row, with the header that says what each cell is.

Clean marks lines with consistent column separators (tabs, pipes, 2+ spaces)
as ``table_row`` blocks; here consecutive rows become a table whose first row
is the header when it has no digits and the rows below do (the usual shape of
"Country | Year" tables). Without such a header the cells still stand, with
``extra["header"] = None``.
"""

from __future__ import annotations

import re

from quizapp.banks import names
from quizapp.banks.extract.common import make_fact
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


def extract_tables(doc: Document) -> list[Fact]:
    facts: list[Fact] = []
    for rows in _tables(doc):
        cells = [split_cells(r.text) for r in rows]
        has_digit = [any(re.search(r"\d", c) for c in row) for row in cells]
        header = cells[0] if not has_digit[0] and any(has_digit[1:]) else None
        body = list(zip(rows[1:], cells[1:])) if header else list(zip(rows, cells))
        table_span = [rows[0].start, rows[-1].end]
        for block, row in body:
            label = " | ".join(header) if header else "table row"
            extra = {
                "header": tuple(header) if header else None,
                "table": table_span,
                "normalised": [names.normalise(c) for c in row],
            }
            facts.append(
                make_fact(
                    doc, "table_row", block.start, block.end, (block.start, block.end), [row, header],
                    label=label, cells=tuple(row), extra=extra,
                )
            )
    return facts
