"""Shared set-up for the task tests: a job database on disk and a bounded wait on a condition."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from quizapp.tasks import SqlJobStore
from tests.unit.tasks.handlers import built_items, items_metadata


def job_store(path: Path) -> SqlJobStore:
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})
    store = SqlJobStore(engine)
    store.create_tables()
    items_metadata.create_all(engine)
    return store


def rows_of(store: SqlJobStore, job_id: int) -> list[int]:
    with store.engine.connect() as conn:
        return list(conn.scalars(sa.select(built_items.c.n).where(built_items.c.job_id == job_id).order_by(built_items.c.n)))


def wait_until(condition: Callable[[], object], timeout: float, what: str):
    """Poll ``condition`` until it is true or ``timeout`` passes; the wait ends on the condition, not a clock."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)
