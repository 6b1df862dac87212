"""Sources in, committed YAML banks out: the whole pipeline in one call.

Policy on bad sources: a source the loader refuses (``SourceError``) is
reported in ``BuildReport.errors`` as ``path:line: message`` and skipped; the
other documents still build, and that document's existing bank is left
untouched (not retired), because a typo in one meta file must not retire a
reviewed bank. Callers (CLI, CI) treat a non-empty ``errors`` as failure.

Generation runs only after every document is extracted, because distractors
come from the facts of the whole corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.banks import bankfile
from quizapp.banks.generate import generate_items
from quizapp.banks.types import Document, Fact


@dataclass
class BuildReport:
    documents: int = 0
    facts_by_kind: dict[str, int] = field(default_factory=dict)
    items_by_type: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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
    for doc, facts in loaded:
        items = generate_items(doc, facts, corpus)
        path = bankfile.bank_path(out_dir, doc.meta.id)
        try:
            data = bankfile.write_bank(path, doc.meta, facts, items)
        except bankfile.BankError as exc:
            report.errors.append(f"{exc} (not overwritten)")
            continue
        live = [it for it in data["items"] if it["status"] != "retired"]
        types.update(it["type"] for it in live)
        report.documents += 1
        say(f"wrote {path.name}: {len(live)} items")
    report.facts_by_kind = dict(sorted(kinds.items()))
    report.items_by_type = dict(sorted(types.items()))
    return report
