"""Study API under load: next-item latency by deck size, and answer-and-next throughput.

Run: ``.venv/bin/python bench/bench_study.py`` (or ``make bench`` for all benchmarks).

Three users own 1,000, 10,000 and 100,000 cards with a realistic history
(mostly review cards whose stability, difficulty and due dates are spread over
the past and the future, a few learning and new cards, 1-8 review_log rows per
card), all inserted in bulk with SQLAlchemy Core ``insert()`` executemany, not
through the ORM or HTTP. They authenticate with Bearer tokens, so no CSRF.

Rows:
1. ``GET /api/v1/study/next`` for each user, one connection (so latency is the
   service time, not queueing), with the default daily limits (20 new, 200
   reviews). Goal: p50 at 100k cards <= 1.5 x p50 at 1k cards.
2. The answer-and-next loop: wrk's Lua chains ``POST /api/v1/study/answer``
   (the item the previous ``GET next`` returned, a fresh ``answer_id`` each
   time) and ``GET /api/v1/study/next``, one connection per wrk thread, each
   connection a different 25k-card user; against a bare Flask endpoint (and an
   auth-only quizapp endpoint) under the same gunicorn and wrk settings. The
   three are measured one after another in each of LOOP_ROUNDS rounds, and the
   median round is reported: this machine's speed drifts too much for rows
   measured a minute apart. Goal: >= 40 % of the bare req/s. Then the
   ``?next=1`` loop, and one user on every connection.

If the ratio misses its goal, an in-process breakdown of next_item's SQL by
deck size names the statement that grows, with its EXPLAIN QUERY PLAN.
Writes the ``study`` section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
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
    LOADGEN_CPUS,
    LUA_DIR,
    SERVER_CPUS,
    Gunicorn,
    Result,
    fetch,
    gunicorn_version,
    loadgen_check,
    run_wrk,
    wrk_version,
)

SIZES = (1_000, 10_000, 100_000)
LOOP_SIZE = 100_000
BARE = "bare Flask (GET /)"
NEXT_PATH = "/api/v1/study/next"
ANSWER_PATH = "/api/v1/study/answer"
FLOOR_PATH = "/bench/auth-only"  # bench/auth_floor_app.py: quizapp + a token check, no work
DOCS = 100  # synthetic documents the items are spread over
NEW_CARDS, LEARNING_CARDS = 20, 5  # per user, whatever the deck size
# The loop users only, set after the latency rows so the loops cannot run out
# of due reviews (each answers several hundred; the default 200 would run dry).
LOOP_REVIEWS_PER_DAY = 3_000
# The headline loop: as many users as connections, each studying on their own
# connection, as an institute's aspirants do. 25,000 cards leave ~3,500 due each.
LOOP_USERS, LOOP_USER_CARDS = 4, 25_000
ROUNDS = 3  # latency rows are measured size after size, ROUNDS times over, so load drift hits every size alike
# Loop rounds (bare, auth-only, answer-and-next back to back): single rounds of the
# same build ranged from 0.06 to 0.14 of bare on this VM, so the median takes five.
LOOP_ROUNDS = 5

# Chains answer -> next on each connection. One connection per wrk thread, so
# each Lua state sees its own connection's responses in order. The answer_id
# is unique per run, thread and answer, so no answer is ever a replay.
LOOP_LUA = r"""
dofile("@REPORT@")

local base_setup = setup
local nthreads = 0
local tokens = {}
for t in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do table.insert(tokens, t) end

function setup(thread)
  base_setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  if #tokens > 0 then thread:set("token", tokens[(nthreads - 1) % #tokens + 1]) end
end

local item, phase, n, run = nil, "get", 0, ""
local get_headers, post_headers = {}, {}

function init(args)
  run = (os.getenv("BENCH_SALT") or "r") .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
  for k, v in pairs(wrk.headers) do
    get_headers[k] = v
    post_headers[k] = v
  end
  if token then  -- this connection's own user
    get_headers["Authorization"] = "Bearer " .. token
    post_headers["Authorization"] = "Bearer " .. token
  end
  post_headers["Content-Type"] = "application/json"
end

function request()
  if item then
    n = n + 1
    local body = string.format('{"item_id":"%s","rating":3,"duration_ms":4000,"answer_id":"%s-%d-%d"}',
                               item, run, tid, n)
    item, phase = nil, "post"
    return wrk.format("POST", "@ANSWER@", post_headers, body)
  end
  phase = "get"
  return wrk.format("GET", "@NEXT@", get_headers)
end

function response(status, headers, body)
  count_status(status)
  if phase == "get" and status == 200 then
    item = body:match('"item_url":"/library/items/([^"]+)"')
  end
end
"""


# The study page's own loop: each POST answer?next=1 carries the next item, so
# after the first GET every request answers a card (one round trip per card).
CARRY_LUA = LOOP_LUA.replace('"@ANSWER@"', '"@ANSWER@?next=1"').replace(
    'if phase == "get" and status == 200 then', 'if status == 200 then')


# --------------------------------------------------------------------------- seeding


def make_app(env: dict[str, str]):
    from quizapp import create_app

    os.environ["QUIZAPP_INSTANCE_PATH"] = env["QUIZAPP_INSTANCE_PATH"]
    return create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})


def seed(app, now: dt.datetime, rng: random.Random) -> dict[int, dict[str, object]]:
    """Schema, items, users, cards and review history; returns {size: {"user_id", "token", "due"}}."""
    import sqlalchemy as sa

    from quizapp.cli import upgrade_database
    from quizapp.extensions import db
    from quizapp.models import Document, Fact, Item, item_fact

    n_items = max(SIZES)
    per_doc = n_items // DOCS
    with app.app_context():
        upgrade_database()
        conn = db.session.connection()
        conn.execute(sa.insert(Document), [
            {"id": f"syn-doc-{d:03d}", "file": f"syn/{d:03d}.txt", "title": f"Synthetic document {d}",
             "sha256": f"{d:064x}", "text": "synthetic", "blocks": [], "loaded_at": now} for d in range(DOCS)
        ])
        # Items come in sibling pairs sharing a fact, as generated banks do (a fact and its cloze).
        conn.execute(sa.insert(Fact), [
            {"id": f"syn-f{f:06d}", "document_id": f"syn-doc-{(2 * f) // per_doc:03d}", "kind": "definition",
             "label": f"fact {f}", "data": {}, "start": f * 80, "end": f * 80 + 60, "quote": f"Quote of fact {f}."}
            for f in range(n_items // 2)
        ])
        conn.execute(sa.insert(Item), [
            {"id": item_id(i), "document_id": f"syn-doc-{i // per_doc:03d}", "type": "fact", "stem": f"Synthetic question {i}?",
             "options": [], "answer": f"answer {i}", "explanation": "", "tags": [], "status": "generated",
             "start": (i % per_doc) * 40, "end": (i % per_doc) * 40 + 30, "quote": f"Quote {i}.", "updated_at": now}
            for i in range(n_items)
        ])
        conn.execute(sa.insert(item_fact), [{"item_id": item_id(i), "fact_id": f"syn-f{i // 2:06d}"} for i in range(n_items)])
        db.session.commit()

        users = add_users(app, now, rng, [(size, f"bench{size}", size) for size in SIZES])
        users.update(add_users(app, now, rng, [(f"loop{k}", f"loop{k}", LOOP_USER_CARDS) for k in range(LOOP_USERS)]))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    return users


def add_users(app, now: dt.datetime, rng: random.Random, specs) -> dict[object, dict[str, object]]:
    """Users with ``size`` cards each and their review history; ``specs`` are (key, username, size)."""
    import sqlalchemy as sa

    from quizapp.accounts import create_user, issue_token
    from quizapp.extensions import db
    from quizapp.models import Card, ReviewLog

    users: dict[object, dict[str, object]] = {}
    for key, name, _ in specs:
        user = create_user(name, "load-test-pass-not-secret-7")
        users[key] = {"user_id": user.id, "token": issue_token(user, "bench")}
    db.session.commit()
    for key, _, size in specs:
        uid = int(users[key]["user_id"])  # type: ignore[arg-type]
        cards, histories = synthetic_cards(uid, size, now, rng)
        conn = db.session.connection()
        conn.execute(sa.insert(Card), cards)
        ids = dict(conn.execute(sa.select(Card.item_id, Card.id).where(Card.user_id == uid)).all())
        logs = [{**row, "card_id": ids[row["item_id"]]} for h in histories for row in h]
        for chunk in range(0, len(logs), 50_000):
            conn.execute(sa.insert(ReviewLog), logs[chunk:chunk + 50_000])
        db.session.commit()
        users[key].update(cards=len(cards), logs=len(logs),
                          due=sum(1 for c in cards if c["state"] == 2 and c["due"] <= now))
    return users


def item_id(i: int) -> str:
    return f"syn-{i:06d}"


def synthetic_cards(user_id: int, size: int, now: dt.datetime, rng: random.Random):
    """One user's cards and review history, as at the start of a study day.

    20 new cards (already introduced); 5 (re)learning cards answered in the
    last hour and due again in 5-30 minutes (so not due yet); the rest in
    review, with stability log-normal around 20 days, difficulty 2-9, and a
    last review a day or more ago plus a uniformly random fraction (up to
    1.05) of the interval, so a few per cent are overdue and the rest spread
    over the coming months. Each answered card has 1-8 logs leading up to its
    last review. Only the learning cards' last answers fall today, so every
    user starts with the same daily limits left whatever the deck size.
    """
    cards, histories = [], []
    for i in range(size):
        iid = item_id(i)
        if i >= size - NEW_CARDS:
            cards.append(card_row(user_id, iid, 0, None, None, now - dt.timedelta(seconds=size - i), None, 0, 0))
            histories.append([])
            continue
        stability = min(max(rng.lognormvariate(math.log(20), 1.2), 0.5), 3650.0)
        difficulty = rng.uniform(2.0, 9.0)
        if i < LEARNING_CARDS:
            state = rng.choice((1, 3))
            last = now - dt.timedelta(minutes=rng.uniform(1, 60))
            due = now + dt.timedelta(minutes=rng.uniform(5, 30))
            stability = min(stability, 2.0)
        else:
            state = 2
            last = now - dt.timedelta(days=1 + stability * rng.uniform(0.0, 1.05))
            due = last + dt.timedelta(days=stability)
        reps = rng.randint(1, 8)
        lapses = rng.randint(0, reps // 3)
        cards.append(card_row(user_id, iid, state, stability, difficulty, due, last, reps, lapses))
        histories.append(history(user_id, iid, i, state, stability, difficulty, last, due, reps, rng))
    return cards, histories


def card_row(user_id, iid, state, stability, difficulty, due, last, reps, lapses) -> dict[str, object]:
    return {"user_id": user_id, "item_id": iid, "state": state, "step": 0 if state in (0, 1, 3) else None,
            "stability": stability, "difficulty": difficulty, "due": due, "last_review": last, "reps": reps,
            "lapses": lapses, "suspended": False, "flagged": False, "buried_until": None, "created_at": last or due}


def history(user_id, iid, i, state, stability, difficulty, last, due, reps, rng) -> list[dict[str, object]]:
    """``reps`` answers ending at ``last``, intervals roughly doubling, each with the card as it was before."""
    rows = []
    gaps = [stability * 0.5 ** (reps - 1 - k) for k in range(reps)]
    times = [last]
    for gap in reversed(gaps[1:]):
        times.insert(0, times[0] - dt.timedelta(days=max(gap, 0.01)))
    for k, at in enumerate(times):
        before_state = 0 if k == 0 else 2
        before_due = at if k == 0 else at - dt.timedelta(hours=rng.uniform(0, 48))
        after_due = due if k == reps - 1 else times[k + 1]
        rating = 1 if rng.random() < 0.1 else (3 if rng.random() < 0.8 else rng.choice((2, 4)))
        rows.append({
            "user_id": user_id, "item_id": iid, "answer_id": f"h{i}-{k}", "origin": "study", "rating": rating,
            "response": None, "correct": rating != 1, "duration_ms": rng.randint(2000, 20000), "reviewed_at": at,
            "state_before": before_state, "due_before": before_due, "state_after": state if k == reps - 1 else 2,
            "due_after": after_due,
            "card_before": {"state": before_state, "step": 0, "stability": None if k == 0 else gaps[k - 1],
                            "difficulty": None if k == 0 else difficulty, "due": before_due.isoformat(),
                            "last_review": None if k == 0 else times[k - 1].isoformat(), "reps": k, "lapses": 0,
                            "buried_until": None},
        })
    return rows


def set_reviews_per_day(app, user_id: int, limit: int) -> None:
    from quizapp.extensions import db
    from quizapp.models import StudySettings
    from quizapp.srs.scheduler import SrsSettings

    with app.app_context():
        row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id)
        row.srs = {**SrsSettings().to_dict(), "reviews_per_day": limit}
        db.session.add(row)
        db.session.commit()
        db.engine.dispose()


def count_logs(app, user_id: int) -> int:
    import sqlalchemy as sa

    from quizapp.extensions import db
    from quizapp.models import ReviewLog

    with app.app_context():
        n = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(ReviewLog.user_id == user_id))
        db.engine.dispose()
    return int(n)


# --------------------------------------------------------------------------- per-query breakdown


def query_breakdown(app, users: dict[int, dict[str, object]], calls: int = 15) -> tuple[list[tuple[str, dict[int, float]]], dict[str, str]]:
    """Mean time of each SQL statement of next_item per deck size, and the plans of the statements that grow."""
    from sqlalchemy import event

    from quizapp.extensions import db
    from quizapp.study import service
    from quizapp.study.queue import Filters
    from quizapp.web.appstate import now, srs_fuzz

    times: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    sql_of: dict[str, tuple[str, object]] = {}
    with app.app_context():
        engine = db.engine
        current: list[int] = [0]

        def before(conn, cursor, statement, parameters, context, executemany):
            conn.info.setdefault("t0", []).append(time.perf_counter())

        def after(conn, cursor, statement, parameters, context, executemany):
            elapsed = time.perf_counter() - conn.info["t0"].pop()
            key = label(statement)
            times[key][current[0]].append(elapsed)
            sql_of.setdefault(key, (statement, parameters))

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        try:
            for size, info in users.items():
                current[0] = size
                for _ in range(calls):
                    service.next_item(int(info["user_id"]), Filters(), now(), fuzz=srs_fuzz())  # type: ignore[arg-type]
                    db.session.rollback()
        finally:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
        small, big = min(users), max(users)
        rows = [(k, {s: 1000 * sum(v) / calls for s, v in by.items()}) for k, by in times.items()]
        rows.sort(key=lambda r: -r[1].get(big, 0.0))
        plans = {}
        for key, per in rows[:3]:
            if per.get(big, 0) > 1.5 * per.get(small, 0) and per.get(big, 0) > 0.2:
                statement, params = sql_of[key]
                plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                plans[key] = "\n".join(f"{r[3]}" for r in plan)
        db.engine.dispose()
    return rows, plans


def rebuild_times(app, users: dict[int, dict[str, object]], calls: int = 5) -> dict[int, float]:
    """Median ms of a next-item request that must rebuild the stored queue (the day's first, or after a change)."""
    import sqlalchemy as sa

    from quizapp.extensions import db
    from quizapp.models import StudyQueue
    from quizapp.study import service
    from quizapp.study.queue import Filters
    from quizapp.web.appstate import now, srs_fuzz

    out = {}
    with app.app_context():
        for size, info in users.items():
            uid = int(info["user_id"])  # type: ignore[arg-type]
            times = []
            for _ in range(calls):
                db.session.execute(sa.delete(StudyQueue).where(StudyQueue.user_id == uid))
                db.session.commit()
                t0 = time.perf_counter()
                service.next_item(uid, Filters(), now(), fuzz=srs_fuzz())
                times.append(1000 * (time.perf_counter() - t0))
                db.session.rollback()
            out[size] = statistics.median(times)
        db.engine.dispose()
    return out


def label(statement: str) -> str:
    """A short, stable name for a statement: its verb, main table and first filter columns."""
    s = " ".join(statement.split())
    head = s[:60]
    if "FROM" in s:
        frm = s.split(" FROM ", 1)[1][:70]
        where = s.split(" WHERE ", 1)[1][:70] if " WHERE " in s else ""
        return f"{head[:24]}… FROM {frm.split(' WHERE ')[0][:40]} WHERE {where}"[:150]
    return head


# --------------------------------------------------------------------------- measuring


def run(url: str, server: Gunicorn, args: argparse.Namespace, *, connections: int, headers=None, lua=None,
        env=None, duration: float | None = None, warmup: float | None = None) -> Result:
    result = run_wrk(url, lua, headers=headers, duration=duration or args.duration, connections=connections,
                     threads=connections, warmup=args.warmup if warmup is None else warmup, env=env, server=server)
    print(f"  {url} ({connections} conn): {result.rps:,.0f} req/s, p50 {result.p50_ms:.2f} ms, "
          f"p95 {result.p95_ms:.2f} ms, wrk CPU {result.wrk_cpu:.0%}, {result.non2xx} non-2xx", file=sys.stderr)
    return result


def preflight(base: str, token: str) -> dict[str, object]:
    page = fetch(base + NEXT_PATH, headers={"Authorization": f"Bearer {token}"})
    if page.status != 200:
        raise RuntimeError(f"GET {NEXT_PATH} answered {page.status}: {page.body[:300]}")
    return json.loads(page.body)


def median_result(results: Sequence[Result]) -> Result:
    """One row from several rounds: median percentiles, total requests over total time, summed errors."""
    def med(attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in results)

    requests, duration = sum(r.requests for r in results), sum(r.duration_s for r in results)
    return Result(rps=requests / duration, p50_ms=med("p50_ms"), p95_ms=med("p95_ms"), p99_ms=med("p99_ms"),
                  errors=sum(r.errors for r in results), non2xx=sum(r.non2xx for r in results), requests=requests,
                  duration_s=duration, wrk_cpu=max(r.wrk_cpu for r in results),
                  server_cpu=med("server_cpu"), other_cpu=max(r.other_cpu for r in results))


def problems(rows: Sequence[tuple[str, Result]]) -> list[str]:
    return [f"{name}: {r.errors} socket errors, {r.non2xx} non-2xx" for name, r in rows if r.errors or r.non2xx]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=6, help="measured seconds per row")
    parser.add_argument("--warmup", type=float, default=1, help="warm-up seconds per row")
    parser.add_argument("--connections", type=int, default=4, help="connections (= wrk threads) for the loop rows")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="print the section instead of writing RESULTS.md")
    args = parser.parse_args(argv)
    if os.environ.get("QUIZAPP_BENCH_DATABASE_URL"):
        print("bench_study: seeds its own SQLite database; QUIZAPP_BENCH_DATABASE_URL is ignored", file=sys.stderr)
    started = time.monotonic()
    rng = random.Random(20240601)
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-study-") as tmp:
        instance = Path(tmp) / "instance"
        instance.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
        env.update(QUIZAPP_INSTANCE_PATH=str(instance), DATABASE_URL=f"sqlite:///{Path(tmp) / 'study.sqlite'}",
                   SECRET_KEY=secrets.token_hex(32), QUIZAPP_SRS_FUZZ="0")
        app = make_app(env)
        now = dt.datetime.now(dt.UTC)
        users = seed(app, now, rng)
        seeded = time.monotonic() - started
        print(f"bench_study: seeded {sum(int(u['cards']) for u in users.values()):,} cards and "
              f"{sum(int(u['logs']) for u in users.values()):,} review_log rows in {seeded:.0f} s", file=sys.stderr)
        db_mb = (Path(tmp) / "study.sqlite").stat().st_size / 1e6

        lua, carry_lua = Path(tmp) / "answer_next.lua", Path(tmp) / "answer_carrying_next.lua"
        for path, template in ((lua, LOOP_LUA), (carry_lua, CARRY_LUA)):
            path.write_text(template.replace("@REPORT@", str(LUA_DIR / "report.lua"))
                            .replace("@ANSWER@", ANSWER_PATH).replace("@NEXT@", NEXT_PATH))

        # All three servers stay up so the loop rows can be interleaved with their baselines: this machine's
        # speed drifts by a quarter or more within a minute, and a ratio is only fair within one round.
        with Gunicorn("bare_app:app", env, workers=args.workers, pythonpath=HARNESS_DIR) as bare, \
                Gunicorn("auth_floor_app:app", env, workers=args.workers, pythonpath=HARNESS_DIR) as floor_server, \
                Gunicorn("quizapp:create_app()", env, workers=args.workers) as server:
            bare_lat = run(bare.base_url + "/", bare, args, connections=1)
            floor_auth = {"Authorization": f"Bearer {users[LOOP_SIZE]['token']}"}
            rounds: dict[int, list[Result]] = defaultdict(list)
            firsts = {size: preflight(server.base_url, str(users[size]["token"])) for size in SIZES}
            for r in range(ROUNDS):
                for size in SIZES:
                    auth = {"Authorization": f"Bearer {users[size]['token']}"}
                    rounds[size].append(run(server.base_url + NEXT_PATH, server, args, connections=1, headers=auth,
                                            duration=args.duration / ROUNDS, warmup=args.warmup if r == 0 else 0))
            latency = [(size, median_result(rounds[size]), firsts[size]) for size in SIZES]
            # Headline: one user per connection, each round beside its own bare and auth-only baselines.
            loop_keys = [f"loop{k}" for k in range(LOOP_USERS)]
            for key in loop_keys:
                set_reviews_per_day(app, int(users[key]["user_id"]), LOOP_REVIEWS_PER_DAY)  # type: ignore[arg-type]
            tokens = ",".join(str(users[key]["token"]) for key in loop_keys)
            run(server.base_url + NEXT_PATH, server, args, connections=LOOP_USERS, lua=lua,
                env={"BENCH_SALT": "warm", "BENCH_TOKENS": tokens}, duration=args.warmup, warmup=0)
            loop_rounds = []
            for r in range(LOOP_ROUNDS):
                bare_r = run(bare.base_url + "/", bare, args, connections=args.connections)
                floor_r = run(floor_server.base_url + FLOOR_PATH, floor_server, args, connections=args.connections,
                              headers=floor_auth)
                before = sum(count_logs(app, int(users[k]["user_id"])) for k in loop_keys)  # type: ignore[arg-type]
                many_r = run(server.base_url + NEXT_PATH, server, args, connections=LOOP_USERS, lua=lua,
                             env={"BENCH_SALT": f"run{r}", "BENCH_TOKENS": tokens}, warmup=0)
                answers_r = sum(count_logs(app, int(users[k]["user_id"])) for k in loop_keys) - before  # type: ignore[arg-type]
                loop_rounds.append((bare_r, floor_r, many_r, answers_r))
            by_share = sorted(loop_rounds, key=lambda t: t[2].rps / t[0].rps)
            bare_loop, floor, many, many_answers = by_share[len(by_share) // 2]
            before = sum(count_logs(app, int(users[k]["user_id"])) for k in loop_keys)  # type: ignore[arg-type]
            carry = run(server.base_url + NEXT_PATH, server, args, connections=LOOP_USERS, lua=carry_lua,
                        env={"BENCH_SALT": "carry", "BENCH_TOKENS": tokens}, warmup=0)
            carry_answers = sum(count_logs(app, int(users[k]["user_id"])) for k in loop_keys) - before  # type: ignore[arg-type]
            many_left = min(preflight(server.base_url, str(users[k]["token"]))["counts"]["review"] for k in loop_keys)

            # One user on every connection: each GET returns the same head card, so the answers collide.
            loop_user = users[LOOP_SIZE]
            set_reviews_per_day(app, int(loop_user["user_id"]), LOOP_REVIEWS_PER_DAY)  # type: ignore[arg-type]
            auth = {"Authorization": f"Bearer {loop_user['token']}"}
            run(server.base_url + NEXT_PATH, server, args, connections=args.connections, headers=auth, lua=lua,
                env={"BENCH_SALT": "warm"}, duration=args.warmup, warmup=0)
            logs_before = count_logs(app, int(loop_user["user_id"]))  # type: ignore[arg-type]
            loop = run(server.base_url + NEXT_PATH, server, args, connections=args.connections, headers=auth, lua=lua,
                       env={"BENCH_SALT": "run"}, warmup=0)
            answers = count_logs(app, int(loop_user["user_id"])) - logs_before  # type: ignore[arg-type]
            after = preflight(server.base_url, str(loop_user["token"]))

        ratio = latency[-1][1].p50_ms / latency[0][1].p50_ms
        breakdown, plans = query_breakdown(app, {s: users[s] for s in (SIZES[0], SIZES[-1])})
        rebuilds = rebuild_times(app, {s: users[s] for s in SIZES})

    rows = [(BARE + ", 1 conn", bare_lat),
            *((f"next {s:,} #{k + 1}", r) for s in SIZES for k, r in enumerate(rounds[s])),
            *(row for k, (b, f, m, _) in enumerate(loop_rounds)
              for row in ((f"bare Flask #{k + 1}", b), (f"auth only #{k + 1}", f), (f"answer-and-next, 4 users #{k + 1}", m))),
            ("answer carrying next, 4 users", carry), ("answer-and-next, 1 user", loop)]
    bad = problems(rows)
    if bad:
        print("bench_study: not writing results:\n  " + "\n  ".join(bad), file=sys.stderr)
        return 1
    md = markdown(args, users, latency, ratio, bare_lat, bare_loop, loop, answers, after, breakdown, plans, rows,
                  seeded, db_mb, time.monotonic() - started, many, many_answers, many_left, rebuilds, floor,
                  carry, carry_answers, loop_rounds)
    if args.dry_run:
        print(md)
    else:
        write_section("study", md)
        print(md)
    return 0


def markdown(args, users, latency, ratio, bare_lat, bare_loop, loop, answers, after, breakdown, plans, rows,
             seeded, db_mb, total, many, many_answers, many_left, rebuilds, floor, carry, carry_answers,
             loop_rounds) -> str:
    _, loadgen = loadgen_check(rows)
    pinned = f" pinned to CPU {SERVER_CPUS}" if SERVER_CPUS else ""
    wrk_pinned = f" pinned to CPU {LOADGEN_CPUS}" if LOADGEN_CPUS else ""
    small = latency[0][1]
    lines = [
        "## Study API: next-item latency by deck size, answer-and-next throughput",
        "",
        "| row | cards | review_log rows | due reviews | req/s | p50 (ms) | p95 (ms) | p99 (ms) | p50 ÷ 1k | counts shown |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| bare Flask `GET /`, 1 connection | – | – | – | {bare_lat.rps:,.0f} | {bare_lat.p50_ms:.2f} | "
        f"{bare_lat.p95_ms:.2f} | {bare_lat.p99_ms:.2f} | – | – |",
    ]
    for size, r, first in latency:
        u = users[size]
        counts = first["counts"]
        lines.append(
            f"| `GET {NEXT_PATH}`, 1 connection | {int(u['cards']):,} | {int(u['logs']):,} | {int(u['due']):,} | "
            f"{r.rps:,.0f} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.p99_ms:.2f} | {r.p50_ms / small.p50_ms:.2f} | "
            f"{counts['new']}/{counts['learning']}/{counts['review']} |")
    verdict = "meets" if ratio <= 1.5 else "MISSES"
    share, collide = many.rps / bare_loop.rps, loop.rps / bare_loop.rps
    lines += [
        "",
        f"**Next-item latency, 100k ÷ 1k cards (p50): {ratio:.2f}** (goal ≤ 1.5: {verdict} it). These requests are "
        "served from the stored queue; building it (the day's first request, or the first after anything other "
        "than an answer changed a card) is measured in-process below.",
        "",
        "| building the queue (next-item, in-process, median of 5) | " + " | ".join(f"{s:,} cards" for s in SIZES) + " |",
        "|---|" + "---:|" * len(SIZES),
        "| ms | " + " | ".join(f"{rebuilds[s]:.1f}" for s in SIZES) + " |",
        "",
        "| loop (1 wrk thread per connection) | connections | req/s | answers/s | p50 (ms) | p95 (ms) | "
        "p99 (ms) | req/s ÷ bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare Flask `GET /` | {args.connections} | {bare_loop.rps:,.0f} | – | {bare_loop.p50_ms:.2f} | "
        f"{bare_loop.p95_ms:.2f} | {bare_loop.p99_ms:.2f} | 1.00 |",
        f"| quizapp, Bearer token checked, no work (`bench/auth_floor_app.py`) | {args.connections} | "
        f"{floor.rps:,.0f} | – | {floor.p50_ms:.2f} | {floor.p95_ms:.2f} | {floor.p99_ms:.2f} | "
        f"{floor.rps / bare_loop.rps:.2f} |",
        f"| **answer-and-next, {LOOP_USERS} users of {LOOP_USER_CARDS:,} cards, one connection each** | {LOOP_USERS} | "
        f"{many.rps:,.0f} | {many_answers / many.duration_s:,.0f} | {many.p50_ms:.2f} | {many.p95_ms:.2f} | "
        f"{many.p99_ms:.2f} | **{share:.2f}** |",
        f"| answer carrying the next item (`POST answer?next=1`, as the study page does), {LOOP_USERS} users | "
        f"{LOOP_USERS} | {carry.rps:,.0f} | {carry_answers / carry.duration_s:,.0f} | {carry.p50_ms:.2f} | "
        f"{carry.p95_ms:.2f} | {carry.p99_ms:.2f} | {carry.rps / bare_loop.rps:.2f} |",
        f"| answer-and-next, one {LOOP_SIZE:,}-card user on every connection (answers collide) | {args.connections} | "
        f"{loop.rps:,.0f} | {answers / loop.duration_s:,.0f} | {loop.p50_ms:.2f} | {loop.p95_ms:.2f} | "
        f"{loop.p99_ms:.2f} | {collide:.2f} |",
        "",
        f"**Answer-and-next throughput: {share:.0%} of the bare endpoint** (goal ≥ 40 %: "
        f"{'meets' if share >= 0.4 else 'MISSES'} it), {LOOP_USERS} users each studying on their own connection: "
        f"{many_answers:,} answers logged in the measured {many.duration_s:.0f} s against {many.requests:,} requests "
        + ("(every other request an answer, as chained)" if many_answers >= 0.45 * many.requests else
           "(WARNING: fewer than every other request was an answer: the chain broke or a queue ran dry)")
        + f"; afterwards every user still had at least {many_left:,} reviews due today"
        + (" so no queue ran dry." if many_left else " (WARNING: a queue ran dry)."),
        "",
        f"The loop rows above are the median of {len(loop_rounds)} rounds; each round measured bare Flask, the "
        "auth-only app and answer-and-next one after another, and its ratios are to its own bare row: "
        + "; ".join(f"round {k + 1}: answer-and-next {m.rps / b.rps:.2f}, auth-only {f.rps / b.rps:.2f} "
                    f"(bare {b.rps:,.0f} req/s)" for k, (b, f, m, _) in enumerate(loop_rounds)) + ".",
        "",
        f"The study page itself asks for the next item in the answer (`?next=1`): one request per card, "
        f"{carry_answers / carry.duration_s:,.0f} cards a second against {many_answers / many.duration_s:,.0f} "
        "with a separate GET.",
        "",
        f"An authenticated request that does nothing at all reaches {floor.rps / bare_loop.rps:.0%} of the bare "
        "endpoint: quizapp's request hooks, a database session and the token lookup are paid before any study "
        "work. Answer-and-next adds to that, per pair, a durable write of four rows (card, buried siblings, log, "
        "queue) and an FSRS review, and the next item with its four previews.",
        "",
        f"With one user on all {args.connections} connections, every GET returns the same head card, so the "
        f"connections answer it {args.connections} times over; each repeat finds the card already moved on, cannot "
        "move the stored queue on, and the next GET rebuilds it. That is two tabs answering in a race, not a "
        f"study session; it logged {answers:,} answers against {loop.requests:,} requests, and afterwards the user "
        f"still had {after['counts']['review']:,} reviews due.",
        "",
    ]
    total_sql = {s: sum(per.get(s, 0.0) for _, per in breakdown) for s in (SIZES[0], SIZES[-1])}
    lines += [f"SQL inside next_item (in-process, default limits, mean ms per call over 15 calls; all statements: "
              f"{total_sql[SIZES[0]]:.2f} ms at 1k cards, {total_sql[SIZES[-1]]:.2f} ms at 100k), the slowest:", "",
              "| statement | 1k cards | 100k cards |", "|---|---:|---:|"]
    for key, per in breakdown[:5]:
        lines.append(f"| `{key.replace('|', '/')}` | {per.get(SIZES[0], 0):.2f} | {per.get(SIZES[-1], 0):.2f} |")
    for key, plan in plans.items():
        lines += ["", f"EXPLAIN QUERY PLAN of `{key[:80]}` (grows with the deck):", "", "```", plan, "```"]
    lines.append("")
    lines += [
        f"- Machine: {machine()}.",
        f"- Server: gunicorn {gunicorn_version()}, `--workers {args.workers} --worker-class sync`{pinned}, identical "
        f"for the bare app and quizapp; SQLite (WAL) database of {db_mb:,.0f} MB: {max(SIZES):,} synthetic items "
        f"in {DOCS} documents (sibling pairs share a fact), users of {', '.join(f'{s:,}' for s in SIZES)} cards. "
        f"Cards: {NEW_CARDS} new, {LEARNING_CARDS} (re)learning (not due yet), the rest review with stability "
        "log-normal around 20 days, difficulty 2–9, last review 1 day + 0–1.05 intervals ago (a few % overdue); "
        "1–8 review_log rows per card, none today except the learning cards' last. "
        "Bulk-inserted with SQLAlchemy Core executemany; auth by Bearer token (`quizapp.accounts.issue_token`).",
        f"- Latency rows: default daily limits (20 new, 200 reviews), 1 connection, so p50 is service time; "
        f"sizes measured in turn, {ROUNDS} rounds of {args.duration / ROUNDS:g} s, median of the rounds' percentiles. "
        f"Loop rows: each loop user's reviews_per_day raised to {LOOP_REVIEWS_PER_DAY:,} first so it cannot run "
        "out of due reviews; wrk Lua (`answer_next.lua`, generated by this script) POSTs an answer (rating Good, "
        "fresh answer_id) for the item the previous GET returned, then GETs next, per connection, with the "
        "connection's own user's token; `answer_carrying_next.lua` POSTs `answer?next=1` and answers the item "
        "its reply carries. The four users carry on from one loop row to the next; the collide row uses the "
        f"{LOOP_SIZE:,}-card user.",
        f"- Load: wrk {wrk_version()}{wrk_pinned}, one thread per connection; {args.warmup:g} s warm-up then "
        f"{args.duration:g} s measured per row. Every row: 0 socket errors, 0 non-2xx responses.",
        f"- Load generator check: {loadgen}",
        f"- Seeding took {seeded:.0f} s, the whole script {total:.0f} s. Measured "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (this section alone: "
        "`.venv/bin/python bench/bench_study.py`).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
