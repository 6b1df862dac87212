"""The `quizapp` command line, run through Click's runner and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import ApiToken, User


def test_users_create_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="monsoon-syllabus-42\n")
    assert result.exit_code == 0, result.output
    assert "Created user asha." in result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.username == "asha" and user.check_password("monsoon-syllabus-42")


def test_users_create_from_prompt(app, runner):
    result = runner.invoke(args=["users", "create", "ravi"], input="monsoon-syllabus-42\nmonsoon-syllabus-42\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User.username)) == "ravi"


def test_users_create_refuses_weak_or_duplicate(app, runner):
    weak = runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="short\n")
    assert weak.exit_code == 1 and "Use at least 10 characters." in weak.output
    runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="monsoon-syllabus-42\n")
    dup = runner.invoke(args=["users", "create", "ASHA", "--password-stdin"], input="monsoon-syllabus-42\n")
    assert dup.exit_code == 1 and "taken" in dup.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_users_token_authenticates_api_requests_without_csrf(app, runner, client):
    runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="monsoon-syllabus-42\n")
    result = runner.invoke(args=["users", "token", "asha"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("qa_")
    with app.app_context():
        stored = db.session.scalar(sa.select(ApiToken.token_hash))
        assert stored == ApiToken.hash(token) and token not in stored
    assert "greeting-name" in client.get("/", headers={"Authorization": f"Bearer {token}"}).get_data(as_text=True)
    assert "greeting-name" not in client.get("/", headers={"Authorization": "Bearer qa_wrong"}).get_data(as_text=True)
    missing = runner.invoke(args=["users", "token", "nobody"])
    assert missing.exit_code == 1 and "No user named 'nobody'" in missing.output


def _run(args, env_extra, cwd):
    env = {**os.environ, **env_extra}
    exe = Path(sys.executable).parent / "quizapp"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_init_is_safe_to_run_twice_as_a_real_process(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite'}", "QUIZAPP_INSTANCE_PATH": str(tmp_path / "inst")}
    env.pop("SECRET_KEY", None)
    first = _run(["init"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    second = _run(["init"], env, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Database ready" in second.stdout
    created = _run(["users", "create", "asha", "--password-stdin"], env, tmp_path)
    assert created.returncode == 1 and "Use at least 10 characters." in created.stderr  # empty stdin is refused
    engine = sa.create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {"user", "api_token", "alembic_version"} <= tables
    assert (tmp_path / "inst" / "secret_key").exists()


def test_flask_app_option_gives_the_same_commands(tmp_path):
    exe = Path(sys.executable).parent / "flask"
    out = subprocess.run([str(exe), "--app", "quizapp", "--help"], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QUIZAPP_INSTANCE_PATH": str(tmp_path)})
    assert out.returncode == 0
    for command in ("init", "users", "db", "run"):
        assert f"  {command}" in out.stdout
