"""Split a document's cleaned blocks into plain and fact-highlighted segments.

The view does this so the template only loops: a fact's span is in original
offsets and may cross block boundaries (a list laid out over several lines),
so each block gets the clipped piece of every fact inside it. Where facts
overlap, the earliest-starting (then longest) one is highlighted; the others
stay reachable from the fact list beside the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    fact_id: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class RenderedBlock:
    kind: str
    start: int
    end: int
    segments: tuple[Segment, ...]


def render_blocks(text: str, blocks: Sequence[Sequence], facts: Sequence[tuple[str, str, int, int]]) -> list[RenderedBlock]:
    """``blocks`` are (kind, start, end); ``facts`` are (id, kind, start, end)."""
    ordered = sorted(facts, key=lambda f: (f[2], -(f[3] - f[2]), f[0]))
    chosen: list[tuple[str, str, int, int]] = []
    last_end = -1
    for fact in ordered:
        if fact[2] >= last_end:
            chosen.append(fact)
            last_end = fact[3]
    out = []
    for kind, start, end in blocks:
        segments: list[Segment] = []
        pos = start
        for fid, fkind, fstart, fend in chosen:
            if fend <= start or fstart >= end:
                continue
            a, b = max(fstart, start), min(fend, end)
            if a > pos:
                segments.append(Segment(text[pos:a]))
            segments.append(Segment(text[a:b], fid, fkind))
            pos = b
        if pos < end:
            segments.append(Segment(text[pos:end]))
        out.append(RenderedBlock(kind, start, end, tuple(segments)))
    return out
