"""Sources in, committed YAML banks out: the whole pipeline in one call.

Policy on bad sources: a source the loader refuses (``SourceError``) is
reported in ``BuildReport.errors`` as ``path:line: message`` and skipped; the
other documents still build, and that document's existing bank is left
untouched (not retired), because a typo in one meta file must not retire a
reviewed bank. Callers (CLI, CI) treat a non-empty ``errors`` as failure.

Generation runs only after every document is extracted, because distractors
come from the facts of the whole corpus; then the quality gate (its own stage,
:mod:`quizapp.banks.gate`) holds every item it cannot vouch for, against one
fact base of all documents (:mod:`quizapp.banks.factbase`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.banks import bankfile, gate
from quizapp.banks.factbase import FactBase
from quizapp.banks.generate import generate_items
from quizapp.banks.types import Document, Fact


@dataclass
class BuildReport:
    documents: int = 0
    facts_by_kind: dict[str, int] = field(default_factory=dict)
    items_by_type: dict[str, int] = field(default_factory=dict)  # served items (generated + reviewed)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    served: int = 0
    held: int = 0
    held_by_reason: dict[str, int] = field(default_factory=dict)  # an item held for two reasons counts twice
    # served items per fact -> number of facts with that many (facts with no served item are left out)
    served_per_fact: dict[int, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def max_per_fact(self) -> int:
        return max(self.served_per_fact, default=0)


def build_banks(sources_dir: Path, out_dir: Path, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build ``out_dir/<document id>.yaml`` for every source in ``sources_dir``."""
    from quizapp.banks.extract import extract_facts
    from quizapp.banks.segment import segment
    from quizapp.banks.sources import SourceError, iter_sources, load_source

    say = progress or (lambda _msg: None)
    report = BuildReport()
    sources_dir, out_dir = Path(sources_dir), Path(out_dir)
    if not sources_dir.is_dir():
        report.errors.append(f"{sources_dir}:0: sources directory does not exist")
        return report
    paths = iter_sources(sources_dir)
    if not paths:
        report.warnings.append(f"{sources_dir}:0: no source documents found")
    loaded: list[tuple[Document, list[Fact]]] = []
    for path in paths:
        try:
            doc = segment(load_source(path))
        except SourceError as exc:
            report.errors.append(str(exc))
            say(f"error {exc}")
            continue
        facts = list(extract_facts(doc))
        say(f"extracted {len(facts)} facts from {path.name}")
        if not facts:
            report.warnings.append(f"{path}:1: no facts found; the bank will have no items")
        loaded.append((doc, facts))
    corpus = [f for _doc, facts in loaded for f in facts]
    kinds: Counter[str] = Counter(f.kind for f in corpus)
    types: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    per_fact: Counter[int] = Counter()
    base = FactBase.from_facts(corpus)
    conflicts = base.conflicts()
    report.conflicts = [str(c) for c in conflicts]
    ctx = gate.Context(facts=base.facts, base=base, conflicting=frozenset(base.conflicting_fact_ids()),
                       documents={doc.meta.id: doc.meta for doc, _facts in loaded})
    asked: gate.Asked = {}  # what earlier documents serve: a later one does not ask it again
    for doc, facts in loaded:
        path = bankfile.bank_path(out_dir, doc.meta.id)
        try:
            existing = bankfile.read_bank(path) if path.exists() else None
        except bankfile.BankError as exc:
            report.errors.append(f"{exc} (not overwritten)")
            continue
        items = gate.apply_gate(generate_items(doc, facts, corpus), ctx, bankfile.editor_statuses(existing))
        items = gate.across_documents(items, asked)
        gate.asked_index(items, asked)
        data = bankfile.write_bank(path, doc.meta, facts, items, existing)
        served = [it for it in data["items"] if it["status"] in ("generated", "reviewed")]
        held = [it for it in data["items"] if it["status"] == "held"]
        types.update(it["type"] for it in served)
        reasons.update(r for it in held for r in it.get("hold_reasons") or [])
        fact_counts = Counter(f for it in served for f in it["facts"])
        per_fact.update(fact_counts.values())
        report.served += len(served)
        report.held += len(held)
        report.documents += 1
        say(f"wrote {path.name}: {len(served)} served, {len(held)} held")
    report.facts_by_kind = dict(sorted(kinds.items()))
    report.items_by_type = dict(sorted(types.items()))
    report.held_by_reason = {r: reasons[r] for r in gate.REASONS if reasons[r]} | {
        r: n for r, n in sorted(reasons.items()) if r not in gate.REASONS}
    report.served_per_fact = dict(sorted(per_fact.items()))
    return report
