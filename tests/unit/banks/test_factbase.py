"""One fact base over every loaded document: keys, truth across documents, conflicts, linear cost."""

from __future__ import annotations

import time
from pathlib import Path

from quizapp.banks.extract import extract_facts
from quizapp.banks.factbase import FactBase, fact_key, key_of_text
from quizapp.banks.segment import segment
from quizapp.banks.sources import load_source
from quizapp.banks.types import Fact, Source


def lst(doc: str, label: str, members: tuple[str, ...], closed: bool, fid: str | None = None) -> Fact:
    src = Source(doc, 0, 1, "x")
    return Fact(id=fid or f"f_{doc}_{len(members)}_{closed}", kind="list", source=src, sentence=src, label=label,
                members=members, extra={"closed": closed, "closed_reason": "test"})


def facts_of(tmp_path: Path, name: str, text: str) -> list[Fact]:
    p = tmp_path / f"{name}.txt"
    p.write_text(text, encoding="utf-8")
    return extract_facts(segment(load_source(p)))


def test_keys_fold_names_and_wording() -> None:
    assert key_of_text("members of ASEAN") == key_of_text("Members of the Association of Southeast Asian Nations")
    assert key_of_text("members of ASEAN")[0] == "ASEAN"
    a = key_of_text("countries with which India has so far signed extradition treaties")
    b = key_of_text("countries with which India has signed extradition treaties")
    assert a == b == ("India", "extradition signed treaty")


def test_a_value_another_document_lists_may_be_true() -> None:
    label = "countries with which Ruritania has extradition treaties"
    mine = lst("a", label, ("France", "Japan", "Kenya"), closed=True)
    theirs = lst("b", label, ("France", "Chile"), closed=False)
    base = FactBase.from_facts([mine, theirs])
    assert base.true_elsewhere(mine, "Chile") == ["b"]
    assert base.could_be_true(mine, "Chile") is True
    assert base.could_be_true(mine, "Peru") is False  # outside a closed list, and no document names it
    assert base.true_elsewhere(mine, "Peru") == []


def test_an_open_list_proves_nothing_about_what_it_leaves_out() -> None:
    label = "countries with which Ruritania has extradition treaties"
    sample = lst("a", label, ("France", "Japan"), closed=False)
    base = FactBase.from_facts([sample])
    assert base.could_be_true(sample, "Peru") is True
    # ... unless another document's closed list on the same relation rules the value out
    base.add(lst("b", label, ("France", "Japan", "Kenya"), closed=True))
    assert base.could_be_true(sample, "Peru") is False
    assert base.could_be_true(sample, "Kenya") is True


def test_related_wording_counts_as_the_same_relation() -> None:
    a = lst("a", "countries with which Ruritania has signed extradition treaties", ("France",), True, "fa")
    b = lst("b", "countries with which Ruritania has signed extradition treaties so far", ("Chile",), True, "fb")
    c = lst("c", "countries with which Ruritania has signed trade agreements", ("Peru",), True, "fc")
    base = FactBase.from_facts([a, b, c])
    assert base.true_elsewhere(a, "Chile") == ["b"]
    assert base.true_elsewhere(a, "Peru") == []


def test_conflicting_counts_and_dates_across_documents(tmp_path: Path) -> None:
    one = facts_of(tmp_path, "one", "Treaty notes\n\nRuritania has signed extradition treaties with 34 countries. "
                   "The Ruritania–Japan treaty was signed in 1998.\n")
    two = facts_of(tmp_path, "two", "More treaty notes\n\nRuritania has signed extradition treaties with 39 countries. "
                   "The Ruritania–Japan treaty was signed in 1999.\n")
    three = facts_of(tmp_path, "three", "Yet more notes\n\nRuritania has signed extradition treaties with 34 countries.\n")
    base = FactBase.from_facts(one + two + three)
    found = {(c.kind, tuple((x.document, x.value) for x in c.claims)) for c in base.conflicts()}
    assert ("count", (("one", "34"), ("three", "34"), ("two", "39"))) in found
    assert ("date", (("one", "1998"), ("two", "1999"))) in found
    assert len(found) == 2
    counts = [f for f in one + two if f.kind == "count"]
    assert {f.id for f in counts} <= base.conflicting_fact_ids()
    assert "two says 39" in str(next(c for c in base.conflicts() if c.kind == "count"))


def test_same_values_in_two_documents_are_no_conflict(tmp_path: Path) -> None:
    one = facts_of(tmp_path, "one", "Treaty notes\n\nRuritania has signed extradition treaties with 34 countries.\n")
    two = facts_of(tmp_path, "two", "Other notes\n\nRuritania has signed extradition treaties with 34 countries.\n")
    assert FactBase.from_facts(one + two).conflicts() == []


def test_lookups_scale_linearly() -> None:
    """No pairwise scan: 20x the facts costs about 20x the time, not 400x (per fact: ~1x, not ~20x)."""
    def run(n: int) -> float:
        facts = [lst(f"d{i}", f"countries with which Ruritania has signed treaty number {i % 50}",
                     ("France", "Japan", "Kenya"), closed=i % 2 == 0, fid=f"f{i}") for i in range(n)]
        start = time.perf_counter()
        base = FactBase.from_facts(facts)
        for f in facts:
            base.true_elsewhere(f, "Chile")
            base.could_be_true(f, "Peru")
        base.conflicts()
        return (time.perf_counter() - start) / n

    run(200)  # warm the caches of name lookups
    small, big = min(run(200) for _ in range(3)), min(run(4000) for _ in range(3))
    assert big < 6 * small, (small, big)  # generous: the machine is shared, a pairwise scan would be ~20x
    assert fact_key(lst("x", "members of ASEAN", ("Laos",), True)) == ("ASEAN", "member")
