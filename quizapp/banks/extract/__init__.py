"""Facts from a segmented document, one module per kind.

Order is deterministic (source start, then kind, then id) so bank files diff
cleanly; ids are content hashes, so re-running on an unchanged sentence gives
the same ids.
"""

from __future__ import annotations

from quizapp.banks.extract.common import unique_ids
from quizapp.banks.extract.counts import extract_counts
from quizapp.banks.extract.dates import extract_dates
from quizapp.banks.extract.episodes import extract_episodes, extract_leaders
from quizapp.banks.extract.events import extract_events
from quizapp.banks.extract.exercises import extract_exercises
from quizapp.banks.extract.geo import extract_geo
from quizapp.banks.extract.lists import extract_lists
from quizapp.banks.extract.prompts import extract_prompts
from quizapp.banks.extract.roles import extract_roles
from quizapp.banks.extract.tables import extract_tables
from quizapp.banks.types import Document, Fact

_KIND_ORDER = {"date": 0, "list": 1, "table_row": 2, "count": 3, "prompt": 4, "role": 5, "event": 6}


def extract_facts(doc: Document) -> list[Fact]:
    """All facts of a document that ``segment`` has already split."""
    dates = extract_dates(doc)
    facts = (
        dates + extract_lists(doc) + extract_tables(doc) + extract_counts(doc) + extract_prompts(doc)
        + extract_roles(doc) + extract_events(doc, dates) + extract_episodes(doc, dates) + extract_exercises(doc, dates) + extract_geo(doc) + extract_leaders(doc)
    )
    # A question asserts nothing: no date, list or count is taken from a practice prompt.
    prompts = [(f.source.start, f.source.end) for f in facts if f.kind == "prompt"]
    # A table row says what it says through its header: "3<tab>Norway" is a serial
    # number beside a name, not "3 Norway", so a row yields only its table_row fact.
    rows = [(b.start, b.end) for b in doc.blocks if b.kind == "table_row"]
    facts = [
        f for f in facts
        if f.kind == "prompt" or not any(f.sentence.end > a and f.sentence.start < b for a, b in prompts)
    ]
    facts = [
        f for f in facts
        if f.kind in ("table_row", "prompt") or not any(a <= f.source.start and f.source.end <= b for a, b in rows)
    ]
    facts.sort(key=lambda f: (f.source.start, _KIND_ORDER[f.kind], f.source.end, f.id))
    return unique_ids(facts)


def extraction_warnings(facts: list[Fact]) -> list[str]:
    """Human-readable warnings (count mismatches, unknown members) with their location."""
    out: list[str] = []
    for f in facts:
        for w in f.extra.get("warnings", []):
            out.append(f"{f.source.document}@{f.source.start}: {f.label}: {w}")
    return out


__all__ = ["extract_facts", "extraction_warnings"]
