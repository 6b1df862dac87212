"""A build queue of the test's own, and a real ``quizapp worker`` on it.

The page code enqueues through ``quizapp.tasks.queue`` (a per-process cache
built from the environment); each test points it at a fresh huey file and
empties the job table, which is the queue's own and so not in the app's
per-test wipe. Without that, a worker would pick up (and its startup sweep
resend) jobs that earlier tests queued for users who no longer exist.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[1]


def clear_jobs(app) -> None:
    from quizapp.extensions import db
    from quizapp.tasks.jobs import SqlJobStore, jobs_table

    with app.app_context():
        SqlJobStore(db.engine).create_tables()
        with db.engine.begin() as conn:
            conn.execute(jobs_table.delete())


@pytest.fixture
def build_queue(app, tmp_path, monkeypatch) -> Iterator[Path]:
    """The huey file this test's pages enqueue into (a worker given it consumes them)."""
    import quizapp.tasks as tasks

    huey_file = tmp_path / "huey.sqlite3"
    monkeypatch.setenv("QUIZAPP_HUEY_FILE", str(huey_file))
    monkeypatch.delenv("QUIZAPP_HUEY_IMMEDIATE", raising=False)
    tasks._queue.cache_clear()
    clear_jobs(app)
    try:
        yield huey_file
    finally:
        tasks._queue.cache_clear()
        clear_jobs(app)


class Workers:
    """Real ``quizapp worker`` processes on one database and queue; whatever is left is stopped at the end."""

    def __init__(self, database_url: str, huey_file: Path, log_dir: Path, instance: Path | None = None) -> None:
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET,
                    "QUIZAPP_HUEY_FILE": str(huey_file), "QUIZAPP_INSTANCE_PATH": str(instance or log_dir / "inst")}
        self.env.pop("QUIZAPP_HUEY_IMMEDIATE", None)
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        exe = shutil.which("quizapp", path=str(Path(sys.executable).parent))
        assert exe, "the quizapp console script is not installed in this environment"
        with (self.log_dir / f"worker-{len(self.procs)}.log").open("wb") as log:
            proc = subprocess.Popen([exe, "worker", "-w", "1", *args], env=self.env, cwd=ROOT,
                                    stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("worker-*.log")))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=15)


# A note the pipeline makes several dated items from, shared by the build tests (the worker, the add page and
# the Chromium journey, which prints it on two PDF pages and adds three more dated lines).
RIVER_NOTE = """Ministry of Jal Shakti
River linking in India: a status note
Published: 14 July 2024

The National Water Development Agency was set up in July 1982 to study the links.
The Mahanadi Water Disputes Tribunal was constituted on 12 March 2018.
The Krishna Water Disputes Tribunal gave its first award in May 1973.
The Central Water Commission was established in April 1945.
The Farakka Barrage was commissioned in April 1975.
"""
