"""A real huey consumer process on a temporary SQLite queue: a job completes, and a
consumer killed with SIGKILL in the middle of a job's write leaves nothing half-written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.tasks import DONE, RUNNING, bind, make_huey
from quizapp.tasks.jobs import owner_alive
from tests.unit.tasks.common import job_store, rows_of, wait_until
from tests.unit.tasks.handlers import HANDLERS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


class Consumers:
    """Starts consumers on one queue file and job database; stops whatever is left at the end."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
            "QUIZAPP_HUEY_FILE": str(tmp / "huey.sqlite3"),
            "QUIZAPP_TEST_JOBS_DB": str(tmp / "jobs.sqlite3"),
        }
        self.procs: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        with (self.tmp / f"consumer-{len(self.procs)}.log").open("wb") as log:  # the child keeps its own copy
            proc = subprocess.Popen(
                [sys.executable, "-m", "huey.bin.huey_consumer", "workerapp.huey", "-w", "1", "-k", "thread",
                 "-d", "0.05", "-m", "0.2", "-C"],
                env=self.env, cwd=self.tmp, stdout=log, stderr=subprocess.STDOUT,
            )
        self.procs.append(proc)
        return proc

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.tmp.glob("consumer-*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=15)


@pytest.fixture
def consumers(tmp_path) -> Iterator[Consumers]:
    c = Consumers(tmp_path)
    try:
        yield c
    finally:
        c.stop_all()


@pytest.fixture
def setup(tmp_path, consumers):
    store = job_store(tmp_path / "jobs.sqlite3")
    queue = bind(make_huey({"QUIZAPP_HUEY_FILE": str(tmp_path / "huey.sqlite3")}), lambda: store, HANDLERS)
    return store, queue


def test_a_real_consumer_runs_a_job_and_returns_its_result(setup, consumers):
    store, queue = setup
    consumers.start()
    job_id, result = queue.submit("rows", {"rows": 5})
    outcome = result.get(blocking=True, timeout=60)
    assert outcome == {"job": job_id, "state": DONE, "result": {"rows": 5}}, consumers.log()
    job = store.get(job_id)
    assert (job.state, job.attempts, job.progress_done, job.progress_total) == (DONE, 1, 5, 5)
    assert rows_of(store, job_id) == [0, 1, 2, 3, 4]


def test_sigkill_mid_write_leaves_nothing_then_a_fresh_consumer_completes_it(setup, consumers, tmp_path):
    store, queue = setup
    first = consumers.start()
    job_id, _ = queue.submit("stall", {"rows": 6, "dir": str(tmp_path)})
    wait_until(lambda: (tmp_path / f"writing-{job_id}-1").exists(), 60, "the job to be mid-write")
    assert rows_of(store, job_id) == []  # three rows written but not committed

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=15)
    job = store.get(job_id)
    assert job.state == RUNNING and job.attempts == 1
    assert not owner_alive(job.owner)
    assert rows_of(store, job_id) == [], "a killed build must not leave half its rows"

    consumers.start()  # its startup sweep re-queues the orphan and sends it again
    done = wait_until(lambda: (j := store.get(job_id)).state == DONE and j, 60, "the retried job to finish")
    assert done.attempts == 2 and done.result == {"rows": 6}, consumers.log()
    assert rows_of(store, job_id) == [0, 1, 2, 3, 4, 5]
    assert (tmp_path / f"writing-{job_id}-2").exists()

    # And the queue is clean afterwards: a new job on the same consumer just runs.
    next_id, result = queue.submit("rows", {"rows": 2})
    assert result.get(blocking=True, timeout=60)["state"] == DONE
    assert rows_of(store, next_id) == [0, 1]
