"""The job state machine against a real SQLite file, in one process."""

from __future__ import annotations

import subprocess

import pytest

from quizapp.tasks import DONE, FAILED, QUEUED, RUNNING
from quizapp.tasks.jobs import Superseded, current_owner, execute_job, owner_alive, owner_for, recover_jobs
from tests.unit.tasks.common import job_store, rows_of
from tests.unit.tasks.handlers import HANDLERS, built_items


@pytest.fixture
def store(tmp_path):
    return job_store(tmp_path / "jobs.sqlite3")


def dead_owner() -> str:
    """The owner string of a real process that has exited (and been reaped)."""
    proc = subprocess.Popen(["cat"], stdin=subprocess.PIPE)  # alive until its stdin closes
    owner = owner_for(proc.pid)
    proc.communicate(timeout=30)
    return owner


def test_a_job_runs_once_writes_and_records_progress(store):
    job_id = store.create("rows", {"rows": 4})
    assert store.get(job_id).state == QUEUED
    outcome = execute_job(store, job_id, HANDLERS)
    job = store.get(job_id)
    assert outcome == {"job": job_id, "state": DONE, "result": {"rows": 4}}
    assert (job.state, job.attempts, job.result) == (DONE, 1, {"rows": 4})
    assert (job.progress_done, job.progress_total, job.progress_note) == (4, 4, "item 4 of 4")
    assert rows_of(store, job_id) == [0, 1, 2, 3]
    # A duplicate delivery of the same message does nothing.
    assert execute_job(store, job_id, HANDLERS)["skipped"] is True
    assert rows_of(store, job_id) == [0, 1, 2, 3]


def test_a_failing_job_is_marked_failed_with_its_reason_and_writes_nothing(store):
    job_id = store.create("boom", {"rows": 2})
    assert execute_job(store, job_id, HANDLERS)["state"] == FAILED
    job = store.get(job_id)
    assert job.state == FAILED and job.error == "ValueError: the document has no sentences to build from"
    assert rows_of(store, job_id) == []


def test_an_unknown_kind_fails_cleanly(store):
    job_id = store.create("nonesuch", {})
    execute_job(store, job_id, HANDLERS)
    assert store.get(job_id).error == "no handler for jobs of kind 'nonesuch'"


def test_a_write_that_raises_rolls_back_every_row(store):
    job_id = store.create("rows", {"rows": 3})
    owner = current_owner()
    store.claim(job_id, owner)

    def write(session):
        session.execute(built_items.insert().values(job_id=job_id, n=1))
        raise RuntimeError("disk full halfway")

    with pytest.raises(RuntimeError):
        store.finish(job_id, owner, write)
    assert rows_of(store, job_id) == []
    assert store.get(job_id).state == RUNNING


def test_a_job_taken_away_by_a_sweep_cannot_commit_its_writes(store):
    job_id = store.create("rows", {"rows": 3})
    store.claim(job_id, "host:1:old")
    assert store.requeue(job_id, "host:1:old")

    with pytest.raises(Superseded):
        store.finish(job_id, "host:1:old", lambda s: s.execute(built_items.insert().values(job_id=job_id, n=9)))
    assert rows_of(store, job_id) == []
    assert store.get(job_id).state == QUEUED


def test_claim_is_a_compare_and_set(store):
    job_id = store.create("rows", {"rows": 1})
    assert store.claim(job_id, "a:1:x") is not None
    assert store.claim(job_id, "b:2:y") is None
    assert store.get(job_id).owner == "a:1:x"


def test_owner_alive_uses_the_process_table():
    assert owner_alive(current_owner())
    assert not owner_alive(dead_owner())
    host, pid, _ = current_owner().split(":")
    assert not owner_alive(f"{host}:{pid}:1")  # our pid, but a different start time: a recycled pid
    assert owner_alive("some-other-host:1:1")  # cannot be judged from here


def test_sweep_requeues_dead_workers_jobs_then_fails_after_max_attempts(store):
    dead = dead_owner()
    job_id = store.create("rows", {"rows": 2})
    live_id = store.create("rows", {"rows": 2})
    store.claim(live_id, current_owner())
    sent: list[int] = []
    for attempt in (1, 2, 3):
        assert store.claim(job_id, dead).attempts == attempt
        recovery = recover_jobs(store, sent.append, max_attempts=3)
        if attempt < 3:
            assert recovery.requeued == (job_id,) and store.get(job_id).state == QUEUED
            assert sent[-1] == job_id
    assert recovery.failed == (job_id,)
    job = store.get(job_id)
    assert job.state == FAILED and "stopped unexpectedly 3 times" in job.error
    assert store.get(live_id).state == RUNNING  # a live worker's job is left alone
