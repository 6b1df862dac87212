"""Progress dashboard latency for a user with 1,000 and one with 200,000 review logs.

Run: ``.venv/bin/python bench/bench_progress.py`` (or ``make bench`` for all benchmarks).

Two users share one bank of synthetic items in 50 documents and 20 topics.
Their histories (five answers per card spread over the past 400 days, most
cards in review with stability log-normal around 20 days) are inserted in
bulk with SQLAlchemy Core executemany. Both log in through the real form.

Rows, all at one connection so p50 is the service time:
1. a bare Flask endpoint under the same gunicorn settings (the floor);
2. ``GET /progress/`` (the whole dashboard: figures, 6 charts, tables) for
   each user, sizes measured in turn over several rounds;
3. ``GET /api/v1/progress/summary`` (figures only, no charts) for each user.
Goal: dashboard p50 at 200k logs <= 2 x p50 at 1k. An in-process breakdown
(SQL aggregates vs chart drawing, mean of 5 calls) says where the time goes.
Writes the ``progress`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(ROOT))

from _results import machine, write_section  # noqa: E402
from harness import (  # noqa: E402
    BENCH_DIR as HARNESS_DIR,
)
from harness import (
    DEFAULT_PASSWORD,
    LOADGEN_CPUS,
    SERVER_CPUS,
    Gunicorn,
    Result,
    fetch,
    gunicorn_version,
    loadgen_check,
    login_cookie,
    run_wrk,
    wrk_version,
)

SIZES = (1_000, 200_000)  # review_log rows per user
LOGS_PER_CARD = 5
DOCS, TOPICS = 50, 20
HISTORY_DAYS = 400
ROUNDS = 3
PAGE, API = "/progress/", "/api/v1/progress/summary"


def make_app(env: dict[str, str]):
    from quizapp import create_app

    os.environ["QUIZAPP_INSTANCE_PATH"] = env["QUIZAPP_INSTANCE_PATH"]
    return create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})


def seed(app, now: dt.datetime, rng: random.Random) -> dict[int, dict[str, object]]:
    """Schema, items, two users and their histories; returns {size: {"user_id", "name", "token", "cards", "logs"}}."""
    import sqlalchemy as sa

    from quizapp.accounts import create_user, issue_token
    from quizapp.cli import upgrade_database
    from quizapp.extensions import db
    from quizapp.models import Card, Document, Item, ReviewLog, Topic

    n_items = max(SIZES) // LOGS_PER_CARD
    with app.app_context():
        upgrade_database()
        conn = db.session.connection()
        conn.execute(sa.insert(Topic), [{"id": t + 1, "name": f"Synthetic topic {t:02d}"} for t in range(TOPICS)])
        conn.execute(sa.insert(Document), [
            {"id": f"syn-doc-{d:03d}", "file": f"syn/{d:03d}.txt", "title": f"Synthetic bank {d}", "sha256": f"{d:064x}",
             "text": "synthetic", "blocks": [], "loaded_at": now} for d in range(DOCS)])
        conn.execute(sa.insert(Item), [
            {"id": f"syn-{i:06d}", "document_id": f"syn-doc-{i % DOCS:03d}", "topic_id": i % TOPICS + 1, "type": "fact",
             "stem": f"Synthetic question {i}?", "options": [], "answer": f"answer {i}", "explanation": "", "tags": [],
             "status": "generated", "start": i, "end": i + 10, "quote": f"Quote {i}.", "updated_at": now}
            for i in range(n_items)])
        db.session.commit()
        users: dict[int, dict[str, object]] = {}
        for size in SIZES:
            name = f"progress{size}"
            user = create_user(name, DEFAULT_PASSWORD)
            users[size] = {"user_id": user.id, "name": name, "token": issue_token(user, "bench")}
        db.session.commit()
        for size in SIZES:
            uid = int(users[size]["user_id"])  # type: ignore[arg-type]
            cards, logs = history(uid, size // LOGS_PER_CARD, now, rng)
            conn = db.session.connection()
            conn.execute(sa.insert(Card), cards)
            ids = dict(conn.execute(sa.select(Card.item_id, Card.id).where(Card.user_id == uid)).all())
            rows = [{**row, "card_id": ids[row["item_id"]]} for row in logs]
            for chunk in range(0, len(rows), 50_000):
                conn.execute(sa.insert(ReviewLog), rows[chunk:chunk + 50_000])
            db.session.commit()
            users[size].update(cards=len(cards), logs=len(rows))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    return users


def history(user_id: int, n_cards: int, now: dt.datetime, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """Cards and LOGS_PER_CARD answers each, the last one within the card's current interval."""
    cards, logs = [], []
    for i in range(n_cards):
        iid = f"syn-{i:06d}"
        stability = min(max(rng.lognormvariate(math.log(20), 1.1), 0.5), 3650.0)
        last = now - dt.timedelta(days=rng.uniform(0, min(1.05 * stability, HISTORY_DAYS / 4)), hours=rng.uniform(0, 23))
        state = 2 if rng.random() < 0.95 else 1
        due = last + dt.timedelta(days=stability) if state == 2 else now + dt.timedelta(minutes=rng.uniform(-30, 30))
        cards.append({"user_id": user_id, "item_id": iid, "state": state, "step": None if state == 2 else 0,
                      "stability": stability, "difficulty": rng.uniform(2, 9), "due": due, "last_review": last,
                      "reps": LOGS_PER_CARD, "lapses": 0, "suspended": False, "flagged": False, "buried_until": None,
                      "created_at": last})
        span = rng.uniform(1, HISTORY_DAYS - (now - last).days)
        for k in range(LOGS_PER_CARD):
            at = last - dt.timedelta(days=span * (LOGS_PER_CARD - 1 - k) / (LOGS_PER_CARD - 1))
            rating = 1 if rng.random() < 0.12 else (3 if rng.random() < 0.8 else rng.choice((2, 4)))
            logs.append({
                "user_id": user_id, "item_id": iid, "answer_id": f"p{i}-{k}", "origin": "study", "rating": rating,
                "response": None, "correct": rating != 1, "duration_ms": rng.randint(2_000, 30_000), "reviewed_at": at,
                "state_before": 0 if k == 0 else 2, "due_before": at, "state_after": 2,
                "due_after": at + dt.timedelta(days=1), "card_before": {"state": 0 if k == 0 else 2},
            })
    return cards, logs


def breakdown(env: dict[str, str], users: dict[int, dict[str, object]], calls: int = 6) -> dict[int, dict[str, float]]:
    """Ms per call of the figures (SQL + arithmetic) and of drawing the charts, per user, in-process.

    A fresh app (empty cache), so each user's first call is cold (the past's
    aggregates are computed and cached) and the median of the others is warm.
    """
    from quizapp.extensions import db
    from quizapp.progress import charts, dashboard
    from quizapp.web.appstate import progress_caches

    out: dict[int, dict[str, float]] = {}
    app = make_app(env)
    with app.app_context():
        for size, info in users.items():
            at = dt.datetime.now(dt.UTC)
            t_fig, t_chart = [], []
            for _ in range(calls):
                t0 = time.perf_counter()
                figures = dashboard.build(int(info["user_id"]), at, progress_caches())  # type: ignore[arg-type]
                t1 = time.perf_counter()
                for table_fn, chart_fn in charts.CHARTS.values():
                    table_fn(figures)
                    chart_fn(figures)
                t_fig.append(t1 - t0)
                t_chart.append(time.perf_counter() - t1)
                db.session.rollback()
            out[size] = {"cold": 1000 * t_fig[0], "figures": 1000 * statistics.median(t_fig[1:]),
                         "charts": 1000 * statistics.median(t_chart),
                         "heatmap_days": sum(1 for c in figures["heatmap"] if c["value"]),
                         "retention_all": figures["retention"]["all_time"]["rate"] or 0.0}
        db.engine.dispose()
    return out


def run(url: str, server: Gunicorn, args: argparse.Namespace, *, env=None, headers=None, warmup=None) -> Result:
    result = run_wrk(url, headers=headers, duration=args.duration / ROUNDS, connections=1, threads=1,
                     warmup=args.warmup if warmup is None else warmup, env=env, server=server)
    print(f"  {url}: {result.rps:,.1f} req/s, p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, "
          f"{result.non2xx} non-2xx", file=sys.stderr)
    return result


def median_result(results: Sequence[Result]) -> Result:
    def med(attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in results)

    requests, duration = sum(r.requests for r in results), sum(r.duration_s for r in results)
    return Result(rps=requests / duration, p50_ms=med("p50_ms"), p95_ms=med("p95_ms"), p99_ms=med("p99_ms"),
                  errors=sum(r.errors for r in results), non2xx=sum(r.non2xx for r in results), requests=requests,
                  duration_s=duration, wrk_cpu=max(r.wrk_cpu for r in results), server_cpu=med("server_cpu"),
                  other_cpu=max(r.other_cpu for r in results))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15, help="measured seconds per row (split over the rounds)")
    parser.add_argument("--warmup", type=float, default=1, help="warm-up seconds before a row's first round")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="print the section instead of writing RESULTS.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    rng = random.Random(20260310)
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-progress-") as tmp:
        instance = Path(tmp) / "instance"
        instance.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
        env.update(QUIZAPP_INSTANCE_PATH=str(instance), DATABASE_URL=f"sqlite:///{Path(tmp) / 'progress.sqlite'}",
                   SECRET_KEY=secrets.token_hex(32))
        app = make_app(env)
        users = seed(app, dt.datetime.now(dt.UTC), rng)
        seeded = time.monotonic() - started
        print(f"bench_progress: seeded {sum(int(u['logs']) for u in users.values()):,} review logs in {seeded:.0f} s",
              file=sys.stderr)
        db_mb = (Path(tmp) / "progress.sqlite").stat().st_size / 1e6

        bare_rounds = []
        with Gunicorn("bare_app:app", env, workers=args.workers, pythonpath=HARNESS_DIR) as bare:
            for r in range(ROUNDS):
                bare_rounds.append(run(bare.base_url + "/", bare, args, warmup=None if r == 0 else 0))
        bare_row = median_result(bare_rounds)

        pages: dict[int, list[Result]] = {s: [] for s in SIZES}
        apis: dict[int, list[Result]] = {s: [] for s in SIZES}
        sizes_bytes: dict[int, int] = {}
        with Gunicorn("quizapp:create_app()", env, workers=args.workers) as server:
            cookies = {s: login_cookie(server.base_url, str(users[s]["name"]), DEFAULT_PASSWORD) for s in SIZES}
            for s in SIZES:
                page = fetch(server.base_url + PAGE, headers={"Cookie": cookies[s]})
                if page.status != 200 or "Reviews due, next 30 days" not in page.body:
                    raise RuntimeError(f"GET {PAGE} for {s:,} logs answered {page.status}")
                sizes_bytes[s] = len(page.body.encode())
            # Each worker computes a user's past once (then serves it from its cache until the past
            # changes): fetch enough times that both workers have, so the rounds measure the steady state.
            for s in SIZES:
                for _ in range(4 * args.workers):
                    fetch(server.base_url + PAGE, headers={"Cookie": cookies[s]})
                    fetch(server.base_url + API, headers={"Authorization": f"Bearer {users[s]['token']}"})
            for r in range(ROUNDS):
                for s in SIZES:
                    warm = None if r == 0 else 0
                    pages[s].append(run(server.base_url + PAGE, server, args, env={"BENCH_COOKIE": cookies[s]}, warmup=warm))
                    apis[s].append(run(server.base_url + API, server, args, warmup=warm,
                                       headers={"Authorization": f"Bearer {users[s]['token']}"}))
        page_rows = {s: median_result(pages[s]) for s in SIZES}
        api_rows = {s: median_result(apis[s]) for s in SIZES}
        parts = breakdown(env, users)

    rows = [("bare", r) for r in bare_rounds] + [(f"page {s}", r) for s in SIZES for r in pages[s]] \
        + [(f"api {s}", r) for s in SIZES for r in apis[s]]
    bad = [f"{n}: {r.errors} socket errors, {r.non2xx} non-2xx" for n, r in rows if r.errors or r.non2xx]
    if bad:
        print("bench_progress: not writing results:\n  " + "\n  ".join(bad), file=sys.stderr)
        return 1
    md = markdown(args, users, bare_row, page_rows, api_rows, parts, sizes_bytes, rows, seeded, db_mb,
                  time.monotonic() - started)
    if not args.dry_run:
        write_section("progress", md)
    print(md)
    return 0


def markdown(args, users, bare, pages, apis, parts, sizes_bytes, rows, seeded, db_mb, total) -> str:
    small, big = SIZES
    ratio = pages[big].p50_ms / pages[small].p50_ms
    api_ratio = apis[big].p50_ms / apis[small].p50_ms
    _, loadgen = loadgen_check(rows)
    pinned = f" pinned to CPU {SERVER_CPUS}" if SERVER_CPUS else ""
    wrk_pinned = f" pinned to CPU {LOADGEN_CPUS}" if LOADGEN_CPUS else ""
    lines = [
        "## Progress dashboard: latency by history size",
        "",
        "| row | review_log rows | cards | req/s | p50 (ms) | p95 (ms) | p99 (ms) | p50 ÷ 1k | p50 ÷ bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare Flask `GET /` | – | – | {bare.rps:,.0f} | {bare.p50_ms:.2f} | {bare.p95_ms:.2f} | {bare.p99_ms:.2f} "
        f"| – | 1.00 |",
    ]
    for label, table in ((f"`GET {PAGE}` (page, charts)", pages), (f"`GET {API}` (JSON)", apis)):
        for s in SIZES:
            r, u = table[s], users[s]
            lines.append(f"| {label} | {int(u['logs']):,} | {int(u['cards']):,} | {r.rps:,.1f} | {r.p50_ms:.1f} | "
                         f"{r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.p50_ms / table[small].p50_ms:.2f} | "
                         f"{r.p50_ms / bare.p50_ms:.0f} |")
    lines += [
        "",
        f"**Dashboard latency, 200k ÷ 1k review logs (p50): {ratio:.2f}** (goal ≤ 2: "
        f"{'meets' if ratio <= 2 else 'MISSES'} it); the JSON summary alone: {api_ratio:.2f}.",
        "",
        "Where the time goes (in-process, fresh app): figures = every SQL aggregate plus the arithmetic, the first "
        "call cold (it aggregates the whole past and the per-card mastery, and caches both), then the median of 5 "
        "warm calls (today's answers, the due queue and the forecast queried live; mastery reused until the next "
        "answer or ten minutes); charts = drawing the pygal charts (6: these users have no "
        "tests or answers) and the 8 tables.",
        "",
        "| review_log rows | figures, cold (ms) | figures, warm (ms) | charts (ms) | active days in the heatmap | "
        "true retention, all time |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in SIZES:
        p = parts[s]
        lines.append(f"| {int(users[s]['logs']):,} | {p['cold']:.1f} | {p['figures']:.1f} | {p['charts']:.1f} | "
                     f"{p['heatmap_days']} | {p['retention_all']:.3f} |")
    lines += [
        "",
        f"- Machine: {machine()}.",
        f"- Server: gunicorn {gunicorn_version()}, `--workers {args.workers} --worker-class sync`{pinned}, identical for "
        f"the bare app and quizapp; SQLite (WAL), {db_mb:,.0f} MB: {max(SIZES) // LOGS_PER_CARD:,} synthetic items in "
        f"{DOCS} banks and {TOPICS} topics. Each user has {LOGS_PER_CARD} answers per card spread over up to "
        f"{HISTORY_DAYS} days (first one new, the rest in review, 12 % Again), 95 % of cards in review with "
        "stability log-normal around 20 days; bulk-inserted with SQLAlchemy Core executemany. "
        f"Page sizes: {', '.join(f'{sizes_bytes[s] / 1024:,.0f} KiB at {s:,} logs' for s in SIZES)}.",
        f"- Load: wrk {wrk_version()}{wrk_pinned}, 1 connection (p50 is service time), page by session cookie "
        f"(real login form), API by Bearer token; {ROUNDS} rounds of {args.duration / ROUNDS:g} s per row, sizes "
        "interleaved, median of the rounds' percentiles. Every row: 0 socket errors, 0 non-2xx responses.",
        f"- Load generator check: {loadgen}",
        f"- Seeding took {seeded:.0f} s, the whole script {total:.0f} s. Measured "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (this section alone: "
        "`.venv/bin/python bench/bench_progress.py`).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
