"""Practice tests under load: 50 candidates sitting a 100-question paper at once, and a crash in the middle.

Each candidate is a thread with its own Bearer token. It creates a
100-question test through the API, then saves a response to every question
in turn, one every 1–3 s (seeded), as the page does (PUT, idempotent). Halfway
through, the whole gunicorn (master and both workers) is killed with SIGKILL
and started again on the same port. Requests that fail to connect or lose
their connection in that window are counted apart and retried with backoff,
as practice.js retries them; any HTTP error is an error. At the end every
candidate submits, and the database is checked: every response that was
acknowledged with a 2xx must be there as acknowledged (responses lost), and
each submitted score must count every acknowledged answer.

    .venv/bin/python bench/bench_practice.py           # the real run (~4 minutes), writes RESULTS.md
    .venv/bin/python bench/bench_practice.py --quick   # a smoke run; prints, writes nothing
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HARNESS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HARNESS_DIR))

from _results import machine, write_section  # noqa: E402
from harness import (  # noqa: E402
    SERVER_CPUS,
    USER_AGENT,
    Gunicorn,
    database_kind,
    gunicorn_version,
    load_note,
    section_for,
    seeded_database,
)

BASE = "/api/v1/practice/attempts"
CONNECTION_ERRORS = (urllib.error.URLError, ConnectionError, http.client.HTTPException, TimeoutError, OSError)


@dataclass
class Candidate:
    index: int
    token: str
    attempt_id: int | None = None
    acked: dict[str, dict] = field(default_factory=dict)  # item_id -> last body answered 2xx
    latencies_ms: list[tuple[float, float]] = field(default_factory=list)  # (monotonic start, ms)
    errors: list[str] = field(default_factory=list)
    connection_failures: int = 0
    result: dict | None = None


def request(base: str, method: str, path: str, token: str, body: object | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json",
        "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        try:
            return err.code, json.loads(err.read() or b"{}")
        except ValueError:
            return err.code, {}


def with_retry(c: Candidate, base: str, method: str, path: str, body: object | None, stop: threading.Event,
               timed: bool = False) -> tuple[int, dict] | None:
    """One logical request, retried on connection failures only (like the page); HTTP errors are returned."""
    for attempt in range(60):
        started, wall = time.perf_counter(), time.monotonic()
        try:
            status, payload = request(base, method, path, c.token, body)
        except CONNECTION_ERRORS:
            c.connection_failures += 1
            stop.wait(min(4.0, 0.25 * 2 ** attempt))
            continue
        if timed and 200 <= status < 300:
            c.latencies_ms.append((wall, (time.perf_counter() - started) * 1000))
        return status, payload
    c.errors.append(f"{method} {path}: gave up after 60 connection failures")
    return None


def candidate(c: Candidate, base: str, questions: int, gaps: tuple[float, float], seed: int, stop: threading.Event) -> None:
    rng = random.Random(seed * 1000 + c.index)
    stop.wait(rng.uniform(0, gaps[1]))  # candidates do not all start in the same instant
    created = with_retry(c, base, "POST", BASE, {"size": questions}, stop)
    if created is None or created[0] != 201:
        c.errors.append(f"create: {created}")
        return
    attempt = created[1]
    c.attempt_id = attempt["id"]
    for q in attempt["questions"]:
        gap = rng.uniform(*gaps)
        stop.wait(gap)
        body = {"item_id": q["item_id"], "choice": rng.choice(q["options"])["index"], "marked": rng.random() < 0.1,
                "time_spent_ms": int(gap * 1000)}
        answered = with_retry(c, base, "PUT", f"{BASE}/{c.attempt_id}/responses", body, stop, timed=True)
        if answered is None:
            continue
        if 200 <= answered[0] < 300:
            c.acked[q["item_id"]] = body
        else:
            c.errors.append(f"PUT {answered[0]}: {answered[1].get('message')}")
    submitted = with_retry(c, base, "POST", f"{BASE}/{c.attempt_id}/submit", None, stop)
    if submitted is None or submitted[0] != 200:
        c.errors.append(f"submit: {submitted}")
    else:
        c.result = submitted[1]


def create_candidates(env: dict[str, str], n: int) -> list[Candidate]:
    """Users and tokens made in-process (50 CLI processes would take longer than the run)."""
    from quizapp import create_app
    from quizapp.accounts import create_user, issue_token
    from quizapp.extensions import db

    os.environ["QUIZAPP_INSTANCE_PATH"] = env["QUIZAPP_INSTANCE_PATH"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})
    out = []
    with app.app_context():
        for i in range(n):
            user = create_user(f"candidate{i:03d}", "prelims-mock-pass-2031")
            out.append(Candidate(i, issue_token(user, "bench")))
        db.engine.dispose()
    return out


def lost_responses(env: dict[str, str], candidates: list[Candidate]) -> tuple[int, int]:
    """(acknowledged responses not in the database as acknowledged, acknowledged responses checked)."""
    import sqlalchemy as sa

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models.practice import PracticeResponse

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})
    lost = checked = 0
    with app.app_context():
        for c in candidates:
            if c.attempt_id is None:
                continue
            rows = {i: (ch, m) for i, ch, m in db.session.execute(sa.select(
                PracticeResponse.item_id, PracticeResponse.choice, PracticeResponse.marked)
                .where(PracticeResponse.attempt_id == c.attempt_id))}
            for item_id, body in c.acked.items():
                checked += 1
                if rows.get(item_id) != (body["choice"], body["marked"]):
                    lost += 1
        db.engine.dispose()
    return lost, checked


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[k]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--questions", type=int, default=100, choices=(10, 25, 50, 100))
    parser.add_argument("--min-gap", type=float, default=1.0, help="seconds between a candidate's responses, at least")
    parser.add_argument("--max-gap", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20260522)
    parser.add_argument("--quick", action="store_true", help="10 questions, 0.2-0.6 s apart; prints, writes nothing")
    parser.add_argument("--dry-run", action="store_true", help="print the section instead of writing RESULTS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.questions, args.min_gap, args.max_gap, args.dry_run = 10, 0.2, 0.6, True
    started = time.monotonic()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-practice-") as tmp:
        env = seeded_database(tmp, users={})
        if env.get("QUIZAPP_BENCH_BANKS_LOADED") != "1":
            print("bench_practice: needs the question banks (make banks)", file=sys.stderr)
            return 1
        candidates = create_candidates(env, args.candidates)
        stop = threading.Event()
        expected = args.questions * (args.min_gap + args.max_gap) / 2
        with Gunicorn("quizapp:create_app()", env, workers=args.workers) as server:
            threads = [threading.Thread(target=candidate, args=(c, server.base_url, args.questions,
                                                                (args.min_gap, args.max_gap), args.seed, stop))
                       for c in candidates]
            run_start = time.monotonic()
            for t in threads:
                t.start()
            time.sleep(expected / 2)  # the crash comes mid-run by design, not to wait for something
            before_kill = sum(len(c.acked) for c in candidates)
            killed_at = time.monotonic()
            server.kill9()
            server.start()
            downtime = time.monotonic() - killed_at
            for t in threads:
                t.join(timeout=expected * 3 + 120)
            stop.set()
            run_seconds = time.monotonic() - run_start
        lost, checked = lost_responses(env, candidates)
        args.db_kind, section = database_kind(env), section_for("practice", env)
    args.load = load_note(load_before)
    latencies = [ms for c in candidates for _, ms in c.latencies_ms]
    # Requests sent from the kill until 5 s after the server is back wait for the new workers: shown apart too.
    steady = [ms for c in candidates for t, ms in c.latencies_ms if not killed_at <= t <= killed_at + downtime + 5]
    # Where the slow saves fall: the first seconds, while 50 tests of 100 questions are being built, or later.
    ramp_end = run_start + args.max_gap + 10
    slow = [(t, ms) for c in candidates for t, ms in c.latencies_ms if ms > 1000]
    phases = {"ramp": sum(t < ramp_end for t, _ in slow),
              "restart": sum(killed_at <= t <= killed_at + downtime + 5 for t, _ in slow)}
    phases["other"] = len(slow) - phases["ramp"] - phases["restart"]
    errors = [e for c in candidates for e in c.errors]
    conn_failures = sum(c.connection_failures for c in candidates)
    score_mismatch = sum(1 for c in candidates if c.result is None or
                         c.result["correct"] + c.result["wrong"] != sum(b["choice"] is not None for b in c.acked.values()))
    figures = dict(p50=percentile(latencies, 50), p95=percentile(latencies, 95), p99=percentile(latencies, 99),
                   max=max(latencies, default=float("nan")), mean=statistics.fmean(latencies) if latencies else float("nan"),
                   steady_n=len(steady), steady_p50=percentile(steady, 50), steady_p95=percentile(steady, 95),
                   steady_p99=percentile(steady, 99), slow=phases)
    print(f"bench_practice: {len(latencies)} responses saved, {len(errors)} errors, {conn_failures} connection failures "
          f"(retried), lost {lost} of {checked}; p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, "
          f"p99 {figures['p99']:.1f} ms", file=sys.stderr)
    for e in errors[:10]:
        print("  error:", e, file=sys.stderr)
    md = markdown(args, candidates, figures, errors, conn_failures, lost, checked, score_mismatch, before_kill,
                  downtime, run_seconds, time.monotonic() - started)
    if args.dry_run:
        print(md)
    else:
        write_section(section, md)
        print(md)
    return 0 if not errors and not lost and not score_mismatch else 1


def markdown(args, candidates, f, errors, conn_failures, lost, checked, score_mismatch, before_kill, downtime,
             run_seconds, total) -> str:
    saved = sum(len(c.latencies_ms) for c in candidates)
    pinned = f" pinned to CPU {SERVER_CPUS}" if SERVER_CPUS else ""
    return "\n".join([
        "## Practice tests: 50 candidates answering a 100-question test, with a kill -9 mid-run"
        + ("" if args.db_kind == "SQLite" else f" ({args.db_kind})"),
        "",
        "| candidates | questions each | responses saved (2xx) | errors | connection failures in the restart window (retried) "
        "| p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | responses lost after restart | scores not counting every answer |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(candidates)} | {args.questions} | {saved:,} | {len(errors)} | {conn_failures} | {f['p50']:.1f} | "
        f"{f['p95']:.1f} | {f['p99']:.1f} | {f['max']:.1f} | {lost} of {checked:,} | {score_mismatch} |",
        "",
        f"Outside the restart window (from the kill to 5 s after the server was back; {f['steady_n']:,} saves): "
        f"p50 {f['steady_p50']:.1f} ms, p95 {f['steady_p95']:.1f} ms, p99 {f['steady_p99']:.1f} ms. Saves slower than "
        f"1 s: {f['slow']['ramp']} in the first {args.max_gap + 10:g} s (while the {len(candidates)} tests are being "
        f"built), {f['slow']['restart']} in the restart window, {f['slow']['other']} at other times.",
        "",
        f"**Errors: {len(errors)}** (goal 0: {'meets' if not errors else 'MISSES'} it). "
        f"**Responses lost: {lost}** (goal 0: {'meets' if not lost else 'MISSES'} it): every response acknowledged with "
        "a 2xx, before or after the crash, was read back from the database with the choice and mark acknowledged.",
        "",
        f"- Load: {len(candidates)} threads, one per candidate, each with its own Bearer token; each creates a "
        f"{args.questions}-question test (`POST {BASE}`), then `PUT`s one response per question, "
        f"{args.min_gap:g}–{args.max_gap:g} s apart (uniform, seeded), a random option and 10 % marked for review, "
        "then submits. Latency is that of each acknowledged `PUT .../responses`, client-side, new connection each "
        "(urllib), as a page on its own connection would see it.",
        f"- Crash: after {args.questions * (args.min_gap + args.max_gap) / 4:.0f} s ({before_kill:,} responses "
        f"acknowledged by then) the gunicorn master and workers got SIGKILL and were started again on the same port; "
        f"down {downtime:.1f} s. Requests that could not connect or lost their connection in that window are counted "
        "apart and retried with backoff, as practice.js retries; a retried PUT is idempotent.",
        f"- Server: gunicorn {gunicorn_version()}, `--workers {args.workers} --worker-class sync`{pinned}; "
        f"{'SQLite (WAL)' if args.db_kind == 'SQLite' else args.db_kind} "
        "with the shipped banks loaded by `quizapp init`. Machine: " + machine() + ".",
        f"- Scores: each submitted result's correct + wrong equals the candidate's acknowledged answers "
        f"({'for every candidate' if not score_mismatch else f'NOT for {score_mismatch} candidates'}).",
        f"- The run took {run_seconds:.0f} s, the whole script {total:.0f} s. Measured "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (`.venv/bin/python bench/bench_practice.py"
        f"{f' --workers {args.workers}' if args.workers != 2 else ''}`"
        f"{' with QUIZAPP_BENCH_DATABASE_URL' if args.db_kind != 'SQLite' else ''}). {args.load}",
    ])


if __name__ == "__main__":
    sys.exit(main())
