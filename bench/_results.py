"""Each benchmark owns one marked section of bench/RESULTS.md.

Benchmarks run separately (and some take minutes), so each one rewrites only
its own section and leaves the others' figures as they were measured.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\n"
    "Written by `make bench` (each script rewrites only its own section). "
    "Figures are ratios within one run on one machine, so they compare the app "
    "with a bare Flask endpoint rather than with other machines.\n"
)


def machine() -> str:
    """One line naming what the figures were measured on."""
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores{mem}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section ``name`` in RESULTS.md."""
    text = RESULTS.read_text() if RESULTS.exists() else HEADER
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)
