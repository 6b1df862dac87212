"""Job kinds used by the task tests; imported both by the tests and by the consumer they start.

The write step inserts rows into ``built_items`` (a stand-in for a bank's
items), so a test can count exactly what a job left behind.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa

from quizapp.tasks.jobs import Handler

items_metadata = sa.MetaData()
built_items = sa.Table(
    "built_items",
    items_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("job_id", sa.Integer, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
)


def _compute_rows(job, progress):
    rows = int(job.payload["rows"])
    for i in range(rows):
        progress(i + 1, rows, f"item {i + 1} of {rows}")
    return list(range(rows))


def _write_rows(session, job, plan):
    for n in plan:
        session.execute(built_items.insert().values(job_id=job.id, n=n))
    return {"rows": len(plan)}


def _write_then_stall(session, job, plan):
    """Writes half the rows, tells the test it is mid-write, then (first attempt only) never returns."""
    half = len(plan) // 2
    for n in plan[:half]:
        session.execute(built_items.insert().values(job_id=job.id, n=n))
    session.flush()
    marker = Path(job.payload["dir"]) / f"writing-{job.id}-{job.attempts}"
    marker.write_text("mid-write")
    if job.attempts == 1:
        threading.Event().wait(120)  # the test kills the consumer long before this ends
    for n in plan[half:]:
        session.execute(built_items.insert().values(job_id=job.id, n=n))
    return {"rows": len(plan)}


def _compute_boom(job, progress):
    raise ValueError("the document has no sentences to build from")


HANDLERS = {
    "rows": Handler(compute=_compute_rows, write=_write_rows),
    "stall": Handler(compute=_compute_rows, write=_write_then_stall),
    "boom": Handler(compute=_compute_boom, write=_write_rows),
}
