"""Background work: a Huey queue and build jobs that survive a killed worker.

``quizapp.tasks.huey`` is what the consumer runs (``quizapp worker``, or
``huey_consumer quizapp.tasks.huey``), built from the environment on first
access. Importing this module builds no Flask
app: the job store asks for the app's database engine only when a task or the
startup sweep first needs it.

To add a kind of job, put a :class:`Handler` in :data:`HANDLERS` before the
consumer starts (e.g. at import of the module that defines it, imported here).
"""

from __future__ import annotations

import functools

from quizapp.tasks.broker import make_huey
from quizapp.tasks.jobs import DONE, FAILED, QUEUED, RUNNING, Handler, Job, JobStore, SqlJobStore, jobs_table
from quizapp.tasks.worker import JobQueue, bind

HANDLERS: dict[str, Handler] = {}

from quizapp.tasks import build_document  # noqa: E402  (registers its job kind)

HANDLERS[build_document.KIND] = build_document.HANDLER


@functools.cache
def app_store() -> SqlJobStore:
    """Job rows live in the app's own database, so a build's writes and its 'done' share one transaction."""
    from quizapp import create_app
    from quizapp.extensions import db

    app = create_app()
    with app.app_context():
        store = SqlJobStore(db.engine)
        # The table is the queue's own (not an app model): a worker started before any build
        # (`make run` starts one at once) makes it, idempotently, instead of failing its startup sweep.
        store.create_tables()
        return store


@functools.cache
def _queue() -> JobQueue:
    return bind(make_huey(), app_store, HANDLERS)


def __getattr__(name: str):
    # Built on first use, not at import: importing quizapp.tasks (a test, a page
    # module) must not open or create the queue file.
    if name == "huey":
        return _queue().huey
    if name == "queue":
        return _queue()
    raise AttributeError(name)

__all__ = [
    "DONE", "FAILED", "HANDLERS", "QUEUED", "RUNNING", "Handler", "Job", "JobQueue", "JobStore", "SqlJobStore",
    "app_store", "bind", "huey", "jobs_table", "make_huey", "queue",
]
