"""Import speed: a generated 10,000-question Moodle XML file and a 10,000-note .apkg.

Times the pure readers (quizapp.formats), not the database write, so the
figure is the parser's own. Each file is parsed three times and the median
is reported; peak memory is measured in a separate pass with tracemalloc
(which slows Python down, so it does not share a pass with the timing).
Goals from issue 19: >= 2,000 questions/s, peak < 300 MB.

Run: .venv/bin/python bench/bench_import.py [count] [--no-write]
(writes its "import" section of bench/RESULTS.md, like the other benches,
unless --no-write)
"""

from __future__ import annotations

import base64
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _results import machine, write_section  # noqa: E402

from quizapp.formats import Media, Question, apkg, moodle_xml  # noqa: E402

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def questions(count: int) -> list[Question]:
    """A mix like a coaching institute's bank: mostly mcq, some true/false, facts, clozes, essays."""
    out = []
    for i in range(count):
        topic = f"GS{1 + i % 4}/Topic {i % 37}/Sub {i % 5}"
        kind = i % 10
        tags = ("upsc", f"set{i % 20}")
        stem = f"Question {i}: which of the following statements about item {i} & its <context> is correct?"
        if kind < 6:
            out.append(Question("mcq", stem, options=tuple(f"Option {c} for {i}" for c in "ABCD"), answer=i % 4,
                                explanation=f"Because of rule {i}.", topic=topic, tags=tags, name=f"q{i}",
                                option_feedback=("Right.", "No.", "No.", "No."),
                                media=(Media(f"img{i}.png", "image/png", PNG),) if i % 100 == 0 else ()))
        elif kind == 6:
            out.append(Question("mcq", f"Statement {i} is true.", options=("True", "False"), answer=i % 2,
                                style="true_false", topic=topic, name=f"q{i}"))
        elif kind == 7:
            out.append(Question("fact", f"Who wrote book {i}?", answer=(f"Author {i}", f"A. {i}"), topic=topic, name=f"q{i}"))
        elif kind == 8:
            out.append(Question("cloze", f"The treaty {i} was signed in _____ at Delhi.", answer=str(1900 + i % 120),
                                topic=topic, name=f"q{i}"))
        else:
            out.append(Question("essay", f"Discuss the significance of policy {i}.", explanation="Key points.",
                                topic=topic, name=f"q{i}"))
    return out


def timed(fn, data: bytes, name: str) -> tuple[float, float, int]:
    """Median wall and CPU seconds of three parses. The CPU figure is the
    parser's own cost; wall time also counts other processes on a shared machine."""
    wall, cpu = [], []
    count = 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn(data, name)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        count = len(result.questions)
    return statistics.median(wall), statistics.median(cpu), count


def peak_mb(fn, data: bytes, name: str) -> float:
    tracemalloc.start()
    fn(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 10_000
    items = questions(count)
    xml = moodle_xml.write(items).data
    notes = apkg.write(items, timestamp=1_700_000_000).data
    load = os.getloadavg()[0]
    rows = []
    for label, fn, data, name in (
        ("Moodle XML", moodle_xml.read, xml, "bench.xml"),
        (".apkg", apkg.read, notes, "bench.apkg"),
    ):
        wall, cpu, got = timed(fn, data, name)
        rows.append((label, len(data) / 1024 / 1024, got, wall, cpu, got / cpu, peak_mb(fn, data, name)))
    ok = all(rate >= 2000 and peak < 300 for *_, rate, peak in rows)
    lines = [
        "## Import (quizapp.formats readers)",
        "",
        f"{machine()}; load average {load:.1f} when the run started. {count:,} generated items "
        "(60% mcq, 10% true/false, 10% fact, 10% cloze, 10% essay; 1% with an embedded image), "
        "median of three parses; peak memory from tracemalloc in a separate pass.",
        "",
        "| file | size MB | questions | wall s | CPU s | questions / CPU s | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, size, got, wall, cpu, rate, peak in rows:
        lines.append(f"| {label} | {size:.1f} | {got:,} | {wall:.2f} | {cpu:.2f} | {rate:,.0f} | {peak:.1f} |")
    lines += ["", f"Goals (>= 2,000 questions/s, peak < 300 MB): {'met' if ok else 'NOT met'}."]
    print("\n".join(lines))
    print(f"process max RSS (generation included): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if "--no-write" not in sys.argv:
        write_section("import", "\n".join(lines))


if __name__ == "__main__":
    main()
