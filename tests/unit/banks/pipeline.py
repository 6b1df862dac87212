"""The bank pipeline end to end for tests: documents written to disk as `banks build` reads them, then
segment, extract, generate against the whole corpus, and the quality gate with one fact base."""

from __future__ import annotations

from pathlib import Path

from quizapp.banks import gate
from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.banks.types import Item

META = """title: "{title}"
publisher: Example Notes
published: {date}
as_of: {date}
"""


def run_pipeline(tmp_path: Path, *docs: tuple[str, str, str]) -> list[Item]:
    """(name, document date, text) documents through the real pipeline and the gate; the title is the first line."""
    loaded = []
    for name, date, text in docs:
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.meta.yaml").write_text(META.format(title=text.splitlines()[0], date=date),
                                                    encoding="utf-8")
        doc = segment(load_source(path))
        loaded.append((doc, list(extract_facts(doc))))
    corpus = [f for _doc, facts in loaded for f in facts]
    base = FactBase.from_facts(corpus)
    ctx = gate.Context(facts=base.facts, base=base, conflicting=frozenset(base.conflicting_fact_ids()),
                       documents={doc.meta.id: doc.meta for doc, _facts in loaded})
    out: list[Item] = []
    for doc, facts in loaded:
        out += gate.apply_gate(generate_items(doc, facts, corpus), ctx)
    return out
