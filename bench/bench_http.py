"""First HTTP figures: how much slower quizapp's pages are than a bare Flask endpoint.

Run: ``.venv/bin/python bench/bench_http.py`` (or ``make bench`` for all benchmarks).

Absolute req/s only describe one machine, so every row is divided by a bare
Flask endpoint measured in the same run under the same gunicorn settings:
that ratio is what should stay put when the app changes or the machine does.
Rows: the bare endpoint, the login page (anonymous: form, CSRF token,
session write) and the home page of a logged-in user (session + user load
from the database). Writes the ``http`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _results import machine, write_section  # noqa: E402
from harness import (  # noqa: E402
    BENCH_DIR,
    DEFAULT_PASSWORD,
    LOADGEN_CPUS,
    SERVER_CPUS,
    Gunicorn,
    Result,
    database_kind,
    fetch,
    gunicorn_version,
    loadgen_check,
    login_cookie,
    ratio_table,
    run_wrk,
    seeded_database,
    wrk_version,
)

USER = "bench"
BARE = "bare Flask"
Rows = list[tuple[str, Result]]


def measure_bare(env: dict[str, str], args: argparse.Namespace) -> tuple[Rows, dict[str, int]]:
    with Gunicorn("bare_app:app", env, workers=args.workers, pythonpath=BENCH_DIR) as server:
        url = server.base_url + "/"
        return [(BARE, _wrk(url, server, args))], {BARE: _body_bytes(url)}


def measure_app(env: dict[str, str], args: argparse.Namespace) -> tuple[Rows, dict[str, int]]:
    with Gunicorn("quizapp:create_app()", env, workers=args.workers) as server:
        login_url, home_url = server.base_url + "/auth/login", server.base_url + "/"
        cookie = login_cookie(server.base_url, USER, DEFAULT_PASSWORD)
        rows = [
            ("login page (GET /auth/login, anonymous)", _wrk(login_url, server, args)),
            ("home page (GET /, logged in)", _wrk(home_url, server, args, cookie)),
        ]
        sizes = {rows[0][0]: _body_bytes(login_url), rows[1][0]: _body_bytes(home_url, cookie)}
        return rows, sizes


def _wrk(url: str, server: Gunicorn, args: argparse.Namespace, cookie: str = "") -> Result:
    env = {"BENCH_COOKIE": cookie} if cookie else {}
    result = run_wrk(url, duration=args.duration, warmup=args.warmup, connections=args.connections,
                     threads=1, env=env, server=server)
    print(f"  {url}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms, wrk CPU {result.wrk_cpu:.0%}", file=sys.stderr)
    return result


def _body_bytes(url: str, cookie: str = "") -> int:
    page = fetch(url, headers={"Cookie": cookie} if cookie else None)
    if page.status != 200:
        raise RuntimeError(f"{url} answered {page.status}")
    return len(page.body.encode())


def problems(rows: Sequence[tuple[str, Result]]) -> list[str]:
    """Rows whose figures would mislead: any socket error or non-2xx means some other page was timed."""
    return [f"{name}: {r.errors} socket errors, {r.non2xx} non-2xx responses"
            for name, r in rows if r.errors or r.non2xx]


def markdown(rows: Rows, sizes: dict[str, int], env: dict[str, str], args: argparse.Namespace) -> str:
    _, loadgen = loadgen_check(rows)
    size_txt = ", ".join(f"{name.split(' (')[0]} {n:,} B" for name, n in sizes.items())
    pinned = f" pinned to CPU {SERVER_CPUS}" if SERVER_CPUS else ""
    wrk_pinned = f" pinned to CPU {LOADGEN_CPUS}" if LOADGEN_CPUS else ""
    return "\n".join([
        "## HTTP: quizapp pages against a bare Flask endpoint",
        "",
        ratio_table(rows, BARE),
        "",
        f"- Machine: {machine()}.",
        f"- Server: gunicorn {gunicorn_version()}, `--workers {args.workers} --worker-class sync`{pinned}, "
        f"identical for the bare app (`bench/bare_app.py`) and quizapp; {database_kind(env)} database with one user.",
        f"- Load: wrk {wrk_version()}, 1 thread, {args.connections} connections{wrk_pinned}; "
        f"{args.warmup:g} s warm-up then {args.duration:g} s measured per row, one row after another. "
        "Percentiles are exact, from wrk's histogram via `bench/lua/report.lua`. "
        "Every row: 0 socket errors, 0 non-2xx responses.",
        f"- Load generator check: {loadgen}",
        f"- Response bodies: {size_txt}.",
        f"- Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `make bench` "
        "(this section alone: `.venv/bin/python bench/bench_http.py`).",
    ])


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="measured seconds per row")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per row")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="print the section instead of writing RESULTS.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as tmp:
        env = seeded_database(tmp, users={USER: DEFAULT_PASSWORD})
        bare_rows, bare_sizes = measure_bare(env, args)
        app_rows, app_sizes = measure_app(env, args)
    rows, sizes = bare_rows + app_rows, {**bare_sizes, **app_sizes}
    bad = problems(rows)
    if bad:
        print("bench_http: not writing results:\n  " + "\n  ".join(bad), file=sys.stderr)
        return 1
    md = markdown(rows, sizes, env, args)
    if args.dry_run:
        print(md)
    else:
        write_section("http", md)
        print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
