"""A build job's life in the database: queued → running → done | failed.

The job row, not the queue message, is the truth. A queue message only says
"run job N"; delivering it twice is harmless because :meth:`JobStore.claim`
moves a job from queued to running at most once. What a job writes goes in
the *same* transaction that marks it done, so a worker killed with SIGKILL
leaves either everything (done) or nothing (the transaction rolls back and
the row still says running). The startup sweep (:func:`recover_jobs`) then
finds running rows whose worker process is gone and re-queues them, or marks
them failed once they have used up their attempts.

A job is two steps so a page can show progress without holding a write lock:
``compute`` does the long work and may report progress (each report is its
own short commit); ``write`` receives the plan and a session inside the one
transaction that also marks the job done.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = (QUEUED, RUNNING, DONE, FAILED)

metadata = sa.MetaData()
# The lead may map this onto the app's own models and migration; the columns
# are what the store needs, nothing more.
jobs_table = sa.Table(
    "build_jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("owner", sa.String(200)),
    sa.Column("progress_done", sa.Integer, nullable=False, default=0),
    sa.Column("progress_total", sa.Integer, nullable=False, default=0),
    sa.Column("progress_note", sa.String(200)),
    sa.Column("error", sa.Text),
    sa.Column("result", sa.Text),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("finished_at", sa.Float),
    sa.CheckConstraint("state in ('queued', 'running', 'done', 'failed')", name="build_jobs_state"),
)


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    payload: dict
    state: str
    attempts: int
    owner: str | None
    progress_done: int
    progress_total: int
    progress_note: str | None
    error: str | None
    result: Any
    updated_at: float


class Superseded(Exception):
    """The job is no longer ours (a sweep re-queued or failed it); our writes were rolled back."""


Progress = Callable[[int, int, str | None], None]


@dataclass(frozen=True)
class Handler:
    """How to run one kind of job. ``write`` must only write; ``compute`` must not write."""

    compute: Callable[[Job, Progress], Any]
    write: Callable[[Session, Job, Any], Any]


class JobStore(Protocol):
    """What the worker needs from wherever job rows live (the app database in production)."""

    def create(self, kind: str, payload: Mapping[str, Any]) -> int: ...
    def get(self, job_id: int) -> Job | None: ...
    def claim(self, job_id: int, owner: str) -> Job | None: ...
    def progress(self, job_id: int, owner: str, done: int, total: int, note: str | None) -> None: ...
    def finish(self, job_id: int, owner: str, write: Callable[[Session], Any]) -> Any: ...
    def fail(self, job_id: int, owner: str | None, error: str) -> bool: ...
    def requeue(self, job_id: int, owner: str) -> bool: ...
    def in_state(self, state: str) -> list[Job]: ...


class SqlJobStore:
    """:class:`JobStore` over SQLAlchemy Core, so it runs on SQLite and PostgreSQL alike.

    Every state change is a compare-and-set (``WHERE state = … AND owner = …``):
    two workers, or a worker and a sweep, can never both move the same job.
    """

    def __init__(self, engine: sa.Engine, table: sa.Table = jobs_table) -> None:
        self.engine = engine
        self.t = table

    def create_tables(self) -> None:
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                # WAL: readers (the progress page) never wait for a build's write.
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        self.t.metadata.create_all(self.engine, tables=[self.t])

    def create(self, kind: str, payload: Mapping[str, Any]) -> int:
        now = time.time()
        with self.engine.begin() as conn:
            return conn.execute(
                self.t.insert().values(
                    kind=kind, payload=json.dumps(dict(payload), sort_keys=True), state=QUEUED, attempts=0,
                    progress_done=0, progress_total=0, created_at=now, updated_at=now,
                )
            ).inserted_primary_key[0]

    def get(self, job_id: int) -> Job | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(self.t).where(self.t.c.id == job_id)).mappings().first()
        return _job(row) if row else None

    def in_state(self, state: str) -> list[Job]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(self.t).where(self.t.c.state == state).order_by(self.t.c.id)).mappings()
            return [_job(r) for r in rows]

    def claim(self, job_id: int, owner: str) -> Job | None:
        with self.engine.begin() as conn:
            moved = conn.execute(
                self.t.update()
                .where(self.t.c.id == job_id, self.t.c.state == QUEUED)
                .values(state=RUNNING, owner=owner, attempts=self.t.c.attempts + 1, error=None,
                        progress_done=0, progress_total=0, progress_note=None, updated_at=time.time())
            ).rowcount
        return self.get(job_id) if moved == 1 else None

    def progress(self, job_id: int, owner: str, done: int, total: int, note: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                self._mine(job_id, owner).values(
                    progress_done=done, progress_total=total, progress_note=(note or None) and note[:200],
                    updated_at=time.time(),
                )
            )

    def finish(self, job_id: int, owner: str, write: Callable[[Session], Any]) -> Any:
        with Session(self.engine) as session, session.begin():
            result = write(session)
            session.flush()
            moved = session.execute(
                self._mine(job_id, owner).values(
                    state=DONE, result=json.dumps(result, default=str), finished_at=time.time(), updated_at=time.time()
                )
            ).rowcount
            if moved != 1:
                # Leaving the block by an exception rolls back everything `write` did.
                raise Superseded(f"job {job_id} is no longer running under {owner}")
        return result

    def fail(self, job_id: int, owner: str | None, error: str) -> bool:
        cond = [self.t.c.id == job_id, self.t.c.state == RUNNING]
        if owner is not None:
            cond.append(self.t.c.owner == owner)
        with self.engine.begin() as conn:
            return conn.execute(
                self.t.update().where(*cond).values(
                    state=FAILED, error=error[:2000], finished_at=time.time(), updated_at=time.time()
                )
            ).rowcount == 1

    def requeue(self, job_id: int, owner: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(
                self._mine(job_id, owner).values(state=QUEUED, owner=None, updated_at=time.time())
            ).rowcount == 1

    def _mine(self, job_id: int, owner: str):
        return self.t.update().where(self.t.c.id == job_id, self.t.c.state == RUNNING, self.t.c.owner == owner)


def _job(row: Mapping[str, Any]) -> Job:
    return Job(
        id=row["id"], kind=row["kind"], payload=json.loads(row["payload"]), state=row["state"],
        attempts=row["attempts"], owner=row["owner"], progress_done=row["progress_done"],
        progress_total=row["progress_total"], progress_note=row["progress_note"], error=row["error"],
        result=json.loads(row["result"]) if row["result"] else None, updated_at=row["updated_at"],
    )


# ---- running a job ------------------------------------------------------------


def execute_job(store: JobStore, job_id: int, handlers: Mapping[str, Handler], owner: str | None = None) -> dict:
    """Run job ``job_id`` once; safe to call for a job that is not (or no longer) queued."""
    owner = owner or current_owner()
    job = store.claim(job_id, owner)
    if job is None:
        current = store.get(job_id)
        return {"job": job_id, "state": current.state if current else "missing", "skipped": True}
    handler = handlers.get(job.kind)
    if handler is None:
        store.fail(job_id, owner, f"no handler for jobs of kind {job.kind!r}")
        return {"job": job_id, "state": FAILED}
    try:
        plan = handler.compute(job, lambda done, total, note=None: store.progress(job_id, owner, done, total, note))
        result = store.finish(job_id, owner, lambda session: handler.write(session, job, plan))
    except Superseded:
        return {"job": job_id, "state": "superseded"}
    except Exception as exc:  # a handler's bug or bad input: record it for the page, never crash the worker
        store.fail(job_id, owner, f"{type(exc).__name__}: {exc}")
        return {"job": job_id, "state": FAILED, "error": str(exc)}
    return {"job": job_id, "state": DONE, "result": result}


@dataclass(frozen=True)
class Recovery:
    requeued: tuple[int, ...]
    failed: tuple[int, ...]
    resent: tuple[int, ...]


def recover_jobs(
    store: JobStore,
    enqueue: Callable[[int], Any],
    max_attempts: int = 3,
    is_alive: Callable[[str], bool] | None = None,
) -> Recovery:
    """The startup sweep: settle jobs whose worker died, and resend queued ones.

    A running job whose owner process is gone was interrupted: its write never
    committed, so running it again is safe. After ``max_attempts`` it is marked
    failed instead, so a job that kills its worker every time (out of memory)
    does not loop forever. Queued jobs are resent too: a queue message taken by a
    worker that died before claiming is lost, and a duplicate is a no-op.
    """
    is_alive = is_alive or owner_alive
    requeued, failed, resent = [], [], []
    for job in store.in_state(RUNNING):
        if job.owner is None or is_alive(job.owner):
            continue
        if job.attempts >= max_attempts:
            if store.fail(job.id, job.owner, f"The build stopped unexpectedly {job.attempts} times (the worker was killed); it will not be retried."):
                failed.append(job.id)
        elif store.requeue(job.id, job.owner):
            requeued.append(job.id)
    for job in store.in_state(QUEUED):
        enqueue(job.id)
        resent.append(job.id)
    return Recovery(tuple(requeued), tuple(failed), tuple(resent))


# ---- who owns a running job -----------------------------------------------------


def _stat(pid: int) -> list[bytes] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()  # after "pid (comm)": state is [0], starttime [19]
    except (OSError, IndexError):
        return None


def _start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid``, so a recycled pid is not taken for the old process."""
    fields = _stat(pid)
    return fields[19].decode() if fields and len(fields) > 19 else None


def current_owner() -> str:
    return owner_for(os.getpid())


def owner_for(pid: int) -> str:
    """host:pid:start-time, enough to tell later whether that very process still runs."""
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or '-'}"


def owner_alive(owner: str) -> bool:
    """Whether the worker that claimed a job still runs.

    On this host the process table answers exactly. A worker on another host
    cannot be checked from here, so it counts as alive; a sweep on its own host
    settles it (the lead may add a heartbeat-age rule for lost hosts).
    """
    host, _, rest = owner.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    fields = _stat(pid)
    if fields and fields[0] in (b"Z", b"X"):
        return False  # killed and not yet reaped: gone for our purposes
    if started and started != "-":
        return _start_time(pid) == started
    return True
