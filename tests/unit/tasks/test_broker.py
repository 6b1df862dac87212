"""Which queue backend configuration picks, and that importing quizapp.tasks creates nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from huey import MemoryHuey, RedisHuey, SqliteHuey

from quizapp.tasks import make_huey

ROOT = Path(__file__).resolve().parents[3]


def test_sqlite_in_the_instance_folder_by_default(tmp_path):
    huey = make_huey({"QUIZAPP_INSTANCE_PATH": str(tmp_path / "inst")})
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / "inst" / "huey.sqlite3")
    assert huey.name == "quizapp"


def test_an_explicit_queue_file_wins(tmp_path):
    huey = make_huey({"QUIZAPP_HUEY_FILE": str(tmp_path / "q" / "queue.db"), "QUIZAPP_INSTANCE_PATH": "/nonexistent"})
    assert huey.storage.filename == str(tmp_path / "q" / "queue.db")


def test_redis_when_a_url_is_set():
    # Building the client opens no connection, so no Redis server is needed to check the choice.
    huey = make_huey({"QUIZAPP_REDIS_URL": "redis://redis.internal:6380/2"})
    assert isinstance(huey, RedisHuey)
    kwargs = huey.storage.pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("redis.internal", 6380, 2)


def test_immediate_mode_runs_tasks_inline_for_page_tests():
    huey = make_huey({"QUIZAPP_HUEY_IMMEDIATE": "1"})
    assert huey.immediate

    @huey.task()
    def double(x):
        return 2 * x

    assert double(21)() == 42
    assert isinstance(huey, SqliteHuey) and isinstance(huey.storage, type(MemoryHuey().storage))


def test_importing_the_package_opens_no_queue_and_no_flask(tmp_path):
    code = (
        "import sys, quizapp.tasks, quizapp.uploads; "
        "assert 'flask' not in sys.modules, 'flask imported'; "
        "import os; assert not os.path.exists(os.path.join(os.environ['QUIZAPP_INSTANCE_PATH'], 'huey.sqlite3'))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QUIZAPP_INSTANCE_PATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
