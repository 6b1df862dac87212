"""Bind the job runner to a Huey instance: one task ("run job N") and one startup sweep.

Kept apart from the Huey instance so tests can bind the same task names to a
queue file of their own, and the consumer they start finds them by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from huey import Huey

from quizapp.tasks.jobs import Handler, JobStore, Recovery, execute_job, recover_jobs

RUN_JOB = "quizapp.run_job"
RECOVER = "quizapp.recover_jobs"


@dataclass(frozen=True)
class JobQueue:
    huey: Huey
    run_job: Any  # huey TaskWrapper: run_job(job_id) enqueues and returns a Result
    store: Callable[[], JobStore]

    def submit(self, kind: str, payload: Mapping[str, Any]):
        """Create the job row first, then the message: a lost message is resent by the sweep."""
        job_id = self.store().create(kind, payload)
        return job_id, self.run_job(job_id)

    def recover(self) -> Recovery:
        return recover_jobs(self.store(), self.run_job, self.max_attempts)

    max_attempts: int = 3


def bind(huey: Huey, store: Callable[[], JobStore], handlers: Mapping[str, Handler], max_attempts: int = 3) -> JobQueue:
    @huey.task(name=RUN_JOB)
    def run_job(job_id: int) -> dict:
        return execute_job(store(), job_id, handlers)

    queue = JobQueue(huey=huey, run_job=run_job, store=store, max_attempts=max_attempts)

    @huey.on_startup(name=RECOVER)
    def recover_on_startup() -> None:
        # Runs in every new consumer before it takes work: whatever a killed
        # consumer left running is re-queued (or failed after max_attempts).
        queue.recover()

    return queue
