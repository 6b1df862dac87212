"""Build throughput: the five seed documents, then synthetic corpora of 10, 100 and 1,000.

Distractors are drawn from the facts of the whole corpus and the quality gate
asks one fact base of every document, so neither is per-document work; this
shows how the cost per document grows with the corpus (goal: at least 15
documents/s at 1,000 documents, and at most 1.5x the per-document cost at 10).
Run: .venv/bin/python bench/bench_build.py [max_docs]
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import machine, write_section  # noqa: E402

from quizapp.banks.build import build_banks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = ["Australia", "Bahrain", "Bangladesh", "Belarus", "Bulgaria", "Canada", "Egypt", "France", "Iran",
             "Kazakhstan", "Kuwait", "Malaysia", "Mauritius", "Mexico", "Myanmar", "Mongolia", "Russia", "Singapore",
             "Spain", "Sri Lanka", "South Africa", "Switzerland", "Tajikistan", "Thailand", "Turkey", "Ukraine",
             "Uzbekistan", "Vietnam", "Nepal", "Bhutan", "Chile", "Peru", "Kenya", "Zambia", "Oman", "Qatar", "Italy",
             "Poland", "Romania", "Israel", "Cyprus", "Croatia", "Japan", "Brazil", "Argentina", "Norway", "Finland"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TOPICS = ["customs cooperation", "counter-terrorism", "maritime security", "cyber security", "disaster management",
          "drug control", "extradition", "mutual legal assistance", "visa facilitation", "police training"]


def synthetic(i: int) -> str:
    """One varied document: dated events, a country list, counts and a practice question."""
    rnd = random.Random(i)
    topic = rnd.choice(TOPICS)
    members = rnd.sample(COUNTRIES, rnd.randint(4, 12))
    year = rnd.randint(1990, 2020)
    d, m = rnd.randint(1, 28), rnd.choice(MONTHS)
    partner = rnd.choice([c for c in COUNTRIES if c not in members])
    n = rnd.randint(3, 40)
    lines = [
        f"Note {i}: India and {topic}",
        "",
        f"India signed an agreement on {topic} with {partner} on {d} {m} {year} in New Delhi. "
        f"Talks had begun in {rnd.choice(MONTHS)} {year - rnd.randint(1, 4)}.",
        "",
        f"India has agreements on {topic} in force with the following {len(members)} countries: "
        + ", ".join(members[:-1]) + f" and {members[-1]}.",
        "",
        f"The programme has trained {n} officers since {year - rnd.randint(1, 9)}.",
        "",
        f"Background: Cooperation on {topic} grew after the {year - 10}s as threats crossed borders. "
        f"A joint working group met {rnd.randint(2, 9)} times.",
        "",
        "Practice Question:",
        "",
        f"Discuss the role of bilateral agreements on {topic} in India's security. What are their limits?",
        "",
    ]
    return "\n".join(lines)


def timed_build(sources: Path) -> tuple[float, int, int, int]:
    """CPU seconds of this process: the machine is shared, and wall time then measures the neighbours."""
    out = sources.parent / "banks"
    start, wall = time.process_time(), time.perf_counter()
    report = build_banks(sources, out)
    elapsed = time.process_time() - start
    WALL.append(time.perf_counter() - wall)
    assert not report.errors, report.errors
    return elapsed, report.documents, report.served, report.held


WALL: list[float] = []


LOAD = os.getloadavg()


def main(max_docs: int = 1000) -> None:
    rows: list[tuple[str, int, int, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seed" / "sources"
        shutil.copytree(ROOT / "questions" / "sources", seeds)
        elapsed, docs, served, held = timed_build(seeds)
        rows.append(("seed documents (first build)", docs, served, held, elapsed))
        elapsed, docs, served, held = timed_build(seeds)
        rows.append(("seed documents (rebuild, merge)", docs, served, held, elapsed))
        for size in (10, 100, 1000):
            if size > max_docs:
                break
            sources = Path(tmp) / f"synthetic{size}" / "sources"
            sources.mkdir(parents=True)
            for i in range(size):
                (sources / f"doc{i:05d}.txt").write_text(synthetic(i), encoding="utf-8")
            elapsed, docs, served, held = timed_build(sources)
            rows.append((f"synthetic corpus, {size} documents", docs, served, held, elapsed))
            print(f"{size} docs: {elapsed:.1f}s", flush=True)
    lines = [
        "## Bank build (`bench/bench_build.py`)",
        "",
        f"Machine: {machine()}. Whole pipeline per run: load, segment, extract, generate (distractors from the "
        "whole corpus), the quality gate against one fact base of every document, write YAML.",
        "",
        f"Timed in CPU seconds of the build process (`time.process_time`); the machine was shared with other "
        f"jobs (load average {LOAD[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end), so wall seconds, "
        "also shown, include time spent waiting for a core.",
        "",
        "| corpus | documents | served items | held items | CPU seconds | documents/s | ms/document | wall seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, docs, served, held, secs), wall in zip(rows, WALL, strict=False):
        lines.append(f"| {name} | {docs} | {served} | {held} | {secs:.2f} | {docs / secs:.1f} | "
                     f"{1000 * secs / docs:.1f} | {wall:.1f} |")
    synth = [r for r in rows if r[0].startswith("synthetic")]
    if len(synth) >= 2:
        lo, hi = synth[0], synth[-1]
        growth = (hi[4] / hi[1]) / (lo[4] / lo[1])
        rate = hi[1] / hi[4]
        lines += ["", f"**{rate:.1f} documents/s at {hi[1]} documents** (goal ≥ 15: "
                  f"{'meets it' if rate >= 15 else 'misses it'}). Per-document cost at {hi[1]} documents is "
                  f"**{growth:.2f}×** the cost at {lo[1]} (goal ≤ 1.5: {'meets it' if growth <= 1.5 else 'misses it'}; "
                  "1.0 is linear: the fact base and distractor pools are indexed, never a scan of all pairs).",
                  "", f"Wall clock at {hi[1]} documents on the shared machine: {hi[1] / WALL[len(rows) - 1]:.1f} "
                  "documents/s. The seed rows build from the sources alone, without the shipped banks' editor "
                  "statuses (reviewed, retired); a fresh build serves what the shipped banks serve. The synthetic "
                  "documents are one template with other countries and years, so past the first few a document's "
                  "questions repeat an earlier one's and the gate holds them (`duplicate_elsewhere`): served items "
                  "stop growing with the corpus while the work per document stays.",
                  f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."]
    body = "\n".join(lines)
    print(body)
    write_section("build", body)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
