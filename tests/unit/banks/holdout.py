"""A holdout folder built with the shipped corpus, as an upload is: the pages a helper wrote blind, beside the
five shipped sources, so cross-document rules (distractors, conflicts, duplicates) see what a user's build sees."""
from __future__ import annotations

from pathlib import Path

from quizapp.banks import bankfile
from quizapp.banks.build import build_banks

SHIPPED = Path(__file__).resolve().parents[3] / "questions" / "sources"


def build_with_shipped(holdout: Path, src: Path, out: Path) -> dict[str, dict]:
    """Every bank the build writes, by document id; the build must report no error."""
    for p in [*SHIPPED.iterdir(), *holdout.glob("*.txt"), *holdout.glob("*.html")]:
        (src / p.name).write_bytes(p.read_bytes())
    report = build_banks(src, out)
    assert report.ok, report.errors
    return {p.stem: bankfile.read_bank(p) for p in out.glob("*.yaml")}


def served(bank: dict) -> list[dict]:
    return [it for it in bank["items"] if it["status"] in ("generated", "reviewed")]


def fact_item(stem: str, topic: str = "Polity", answer: str | None = None):  # -> Item
    """A bare recall card with ``stem``, for the gate's checks that read only the stem and answer."""
    from quizapp.banks.types import Item, Source

    return Item(id="q", type="fact", stem=stem, source=Source(document="t", start=0, end=1, quote="x"), facts=(),
                topic=topic, explanation="", answer=answer)
