"""Run every benchmark and evaluation in bench/ and say which failed.

``make bench`` calls this. Scripts are discovered (``bench_*.py``,
``eval_*.py``) rather than listed, so a new benchmark joins ``make bench`` by
existing. Each runs in its own process with the venv's Python, so one crash
neither stops the rest nor leaves state behind for them; the exit status is
non-zero if any failed, so CI notices.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PATTERNS = ("bench_*.py", "eval_*.py")


@dataclass(frozen=True)
class Outcome:
    script: Path
    returncode: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def python() -> str:
    """The venv's interpreter, where the app and gunicorn are installed, even if run_all was not."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def short_name(script: Path) -> str:
    """``bench_http.py`` -> ``http``, ``eval_prediction.py`` -> ``prediction``: what ``--only`` matches."""
    return script.stem.split("_", 1)[1]


def discover(only: Sequence[str] = ()) -> list[Path]:
    scripts = sorted({p for pattern in PATTERNS for p in BENCH_DIR.glob(pattern)})
    if only:
        scripts = [s for s in scripts if any(o in (short_name(s), s.stem, s.name) for o in only)]
    return scripts


def run(script: Path, extra: Sequence[str]) -> Outcome:
    """Run one script from the repo root; its output streams through so long runs show progress."""
    print(f"==> {script.relative_to(ROOT)}", flush=True)
    start = time.monotonic()
    try:
        code = subprocess.run([python(), str(script), *extra], cwd=ROOT).returncode
    except OSError as err:
        print(f"could not start {script.name}: {err}", file=sys.stderr)
        code = 127
    return Outcome(script, code, time.monotonic() - start)


def summary(outcomes: Sequence[Outcome]) -> str:
    lines = ["", "Summary:"]
    for o in outcomes:
        status = "ok" if o.ok else f"FAILED (exit {o.returncode})"
        lines.append(f"  {o.script.name:<28} {status:<18} {o.seconds:7.1f} s")
    failed = sum(not o.ok for o in outcomes)
    lines.append(f"{len(outcomes) - failed} passed, {failed} failed; results in {BENCH_DIR.relative_to(ROOT)}/RESULTS.md")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this script (e.g. http, prediction, bench_build); repeatable")
    parser.add_argument("--list", action="store_true", help="list the scripts that would run, and exit")
    parser.add_argument("extra", nargs="*", help="arguments passed to every script (after --)")
    args = parser.parse_args(argv)
    scripts = discover(args.only)
    if args.list:
        print("\n".join(str(s.relative_to(ROOT)) for s in scripts))
        return 0
    if not scripts:
        print(f"no benchmark matches {args.only}; available: "
              f"{', '.join(short_name(s) for s in discover())}", file=sys.stderr)
        return 2
    outcomes = [run(script, args.extra) for script in scripts]
    print(summary(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
