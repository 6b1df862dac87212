"""Autosave under load, with a crash in the middle: is every acknowledged save still there?

Run: ``.venv/bin/python bench/bench_writing.py`` (or ``make bench`` for all benchmarks).

50 writers (threads, one user and one timed attempt each, Bearer tokens so no
CSRF) each append a sentence and ``PUT /api/v1/writing/attempts/<id>/draft``
every 2 s for 60 s, against gunicorn (2 sync workers) on the India-China
prompt from the shipped banks. Half-way through the server is killed with
SIGKILL (master and workers) and started again on the same port.

Each writer behaves as static/js/writing.js does:
* a 2xx acknowledges the text at the returned version;
* a connection failure (refused, reset, timed out) is retried on the next tick
  with the writer's current text, and the text sent is remembered as
  "unanswered", because the server may have stored it before dying;
* a 409 whose text is one of the writer's unanswered texts means exactly
  that: the writer adopts the version and carries on (counted as
  ``recovered``, not an error).

Errors (goal 0): any other non-2xx, or a 409 with a text the writer never
sent, or a connection failure outside the restart window. Connection failures
inside the window (from the kill until the restarted server answers, plus
2 s for requests already in flight) are counted separately.
Lost (goal 0): after the run, every (attempt, version, text) that got a 2xx
is looked up in the database; a missing row or a different text is a loss.
Latency is measured on 2xx saves only. Writes the ``writing`` section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(ROOT))

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

PROMPT = "q_464fad57ebcb"
SENTENCES = (
    "India and China signed an internal security cooperation agreement. ",
    "The Wuhan summit reset the tone of bilateral ties. ",
    "The territorial dispute remains the main obstacle. ",
    "China's presence in the Indian Ocean worries Delhi. ",
    "Trade, climate and counter-terrorism are areas of convergence. ",
)


@dataclass
class Writer:
    token: str
    attempt: int = 0
    text: str = ""
    version: int = 0
    acked: dict[int, str] = field(default_factory=dict)
    unanswered: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    window_failures: int = 0
    recovered: int = 0
    saves: int = 0


class Window:
    """When the server is down, as the writers see it (kill time to ready time + grace)."""

    def __init__(self) -> None:
        self.start: float | None = None
        self.end: float | None = None

    def contains(self, t0: float, t1: float, grace: float = 2.0) -> bool:
        if self.start is None:
            return False
        end = self.end if self.end is not None else float("inf")
        return t1 >= self.start - grace and t0 <= end + grace


def request(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json", "User-Agent": USER_AGENT})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, json.loads(data) if data else {}
    finally:
        conn.close()


def write(w: Writer, port: int, start_at: float, duration: float, period: float, window: Window) -> None:
    tick = 0
    while True:
        due = start_at + tick * period
        if due - start_at >= duration:
            return
        time.sleep(max(0.0, due - time.monotonic()))  # the writer's typing cadence, not synchronisation
        w.text += SENTENCES[tick % len(SENTENCES)]
        tick += 1
        save(w, port, window)


def save(w: Writer, port: int, window: Window) -> None:
    text, base = w.text, w.version
    t0 = time.monotonic()
    try:
        status, body = request(port, "PUT", f"/api/v1/writing/attempts/{w.attempt}/draft", w.token,
                               {"text": text, "base_version": base})
    except (OSError, http.client.HTTPException) as err:
        t1 = time.monotonic()
        w.unanswered.add(text)
        if window.contains(t0, t1):
            w.window_failures += 1
        else:
            w.errors.append(f"connection failure outside the restart window: {err!r}")
        return
    t1 = time.monotonic()
    w.saves += 1
    if 200 <= status < 300:
        w.latencies.append((t1 - t0) * 1000)
        w.version = body["version"]
        w.acked[w.version] = text
        w.unanswered.clear()
    elif status == 409 and body.get("text") in w.unanswered:
        w.recovered += 1
        w.version = body["version"]
        w.acked[w.version] = body["text"]  # the server has it: it must still be there at the end
        w.unanswered.clear()
        save(w, port, window)
    else:
        w.errors.append(f"{status}: {body.get('message', body)}")


def setup(env: dict[str, str], n: int) -> list[Writer]:
    """n users with Bearer tokens, created in-process (the CLI would take a second per user)."""
    from quizapp import create_app
    from quizapp.accounts import create_user, issue_token
    from quizapp.extensions import db

    os.environ["QUIZAPP_INSTANCE_PATH"] = env["QUIZAPP_INSTANCE_PATH"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})
    writers = []
    with app.app_context():
        for i in range(n):
            user = create_user(f"writer{i:03d}", "load-test-pass-not-secret-7")
            db.session.commit()
            writers.append(Writer(token=issue_token(user, "bench")))
        db.engine.dispose()
    return writers


def lost_saves(env: dict[str, str], writers: Sequence[Writer]) -> tuple[int, int]:
    """(acknowledged saves, of which missing or different in the database)."""
    import sqlalchemy as sa

    engine = sa.create_engine(env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1))
    lost = total = 0
    with engine.connect() as conn:
        for w in writers:
            rows = dict(conn.execute(sa.text("SELECT version, text FROM draft_version WHERE attempt_id = :a"),
                                     {"a": w.attempt}).all())
            for version, text in w.acked.items():
                total += 1
                lost += rows.get(version) != text
    engine.dispose()
    return total, lost


def pct(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--period", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-writing-") as tmp:
        env = seeded_database(tmp)
        if env["QUIZAPP_BENCH_BANKS_LOADED"] != "1":
            print("bench_writing: the question banks are not built; nothing to write against", file=sys.stderr)
            return 1
        writers = setup(env, args.writers)
        window = Window()
        with Gunicorn("quizapp:create_app()", env, workers=args.workers) as server:
            for w in writers:
                status, body = request(server.port, "POST", "/api/v1/writing/attempts", w.token,
                                       {"item_id": PROMPT, "mode": "timed"})
                if status != 201:
                    raise RuntimeError(f"starting an attempt failed: {status} {body}")
                w.attempt = body["id"]
            start_at = time.monotonic() + 0.5
            # Spread the writers over the period, as real typists are.
            threads = [threading.Thread(target=write, args=(w, server.port, start_at + i * args.period / len(writers),
                                                            args.duration, args.period, window), daemon=True)
                       for i, w in enumerate(writers)]
            for t in threads:
                t.start()
            time.sleep(max(0.0, start_at + args.duration / 2 - time.monotonic()))  # the crash comes half-way
            window.start = time.monotonic()
            server.kill9()
            server.start()
            window.end = time.monotonic()
            for t in threads:
                t.join()
            # A last save per writer after the run, as the page's retry would: nothing stays unanswered.
            for w in writers:
                if w.unanswered:
                    save(w, server.port, Window())
        acked, lost = lost_saves(env, writers)
        db_kind, section = database_kind(env), section_for("writing", env)

    latencies = [x for w in writers for x in w.latencies]
    errors = [e for w in writers for e in w.errors]
    figures = {
        "writers": args.writers, "duration_s": args.duration, "period_s": args.period,
        "requests": sum(w.saves for w in writers),
        "sent": sum(w.saves + w.window_failures for w in writers) + len([e for e in errors if e.startswith("connection")]), "acknowledged": acked, "lost": lost, "errors": len(errors),
        "window_failures": sum(w.window_failures for w in writers), "recovered_409": sum(w.recovered for w in writers),
        "restart_s": (window.end or 0) - (window.start or 0),
        "workers": args.workers, "load": load_note(load_before),
        "p50_ms": pct(latencies, 50), "p95_ms": pct(latencies, 95), "p99_ms": pct(latencies, 99),
    }
    print(json.dumps(figures, indent=2))
    for e in errors[:10]:
        print("error:", e, file=sys.stderr)
    if not args.no_write:
        write_section(section, markdown(figures, db_kind))
    return 0 if figures["errors"] == 0 and figures["lost"] == 0 else 1


def markdown(f: dict, db_kind: str) -> str:
    ok = lambda n: "✓" if n == 0 else "✗"  # noqa: E731
    return "\n".join([
        "## Answer writing: autosave under load, with a kill -9 half-way" + ("" if db_kind == "SQLite" else f" ({db_kind})"),
        "",
        f"`bench/bench_writing.py`: {f['writers']} writers (threads), each saving a growing draft to "
        f"`PUT /api/v1/writing/attempts/<id>/draft` every {f['period_s']:.0f} s for {f['duration_s']:.0f} s; "
        f"gunicorn {gunicorn_version()}, {f['workers']} sync workers{f' on CPU {SERVER_CPUS}' if SERVER_CPUS else ''}, {db_kind}; "
        f"{machine()}. Half-way the server (master and workers) is killed with SIGKILL and started again "
        f"({f['restart_s']:.1f} s until it answered).",
        "",
        "| figure | value | goal |",
        "|---|---:|---|",
        f"| saves sent (every tick of every writer, retries included) | {f['sent']:,} | |",
        f"| saves answered by the server | {f['requests']:,} | |",
        f"| acknowledged (2xx, or a 409 returning the writer's own unanswered text) | {f['acknowledged']:,} | |",
        f"| **errors** (other non-2xx, foreign 409, connection failure outside the restart window) | {f['errors']} | 0 {ok(f['errors'])} |",
        f"| **acknowledged saves lost** after the restart | {f['lost']} | 0 {ok(f['lost'])} |",
        f"| connection failures in the restart window (retried, as the page does) | {f['window_failures']} | counted apart |",
        f"| 409s resolved as the writer's own save whose answer was lost | {f['recovered_409']} | expected after a crash |",
        f"| save latency p50 / p95 / p99 (2xx only) | {f['p50_ms']:.1f} / {f['p95_ms']:.1f} / {f['p99_ms']:.1f} ms | |",
        "",
        "Latencies include the requests queued behind the restart, so p99 shows the crash; the machine is shared, "
        "so treat them as rough. " + f["load"],
    ])


if __name__ == "__main__":
    raise SystemExit(main())
