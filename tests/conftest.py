"""Fixtures shared by every test that touches the app or the database.

The schema is built once per run by the real migrations; each test then gets
an empty database (every table emptied after it), on SQLite by default or on
PostgreSQL when QUIZAPP_TEST_DATABASE_URL is set. No fixture pushes an app
context for the whole run: a test that needs one opens it itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp import create_app
from quizapp.extensions import db

TEST_SECRET = "test-secret-key-not-for-production"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def pytest_collection_modifyitems(config, items) -> None:
    # Anything that builds the app touches the database: mark it so CI can run
    # exactly these again on PostgreSQL with `-m db`.
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


def _to_sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _worker_database(url: str, worker: str) -> str:
    """A database of this xdist worker's own beside the given one (``quizapp_test`` -> ``quizapp_test_gw0``).

    Workers run at once, and each test empties every table: sharing one database, one worker's wipe would
    empty the tables under another's running test. The role needs CREATEDB. The database is made anew each
    run (FORCE ends connections a killed run left behind), so a stale schema cannot hide a migration bug."""
    given = sa.engine.make_url(url)
    name = f"{given.database}_{worker}"
    engine = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """SQLite in this session's temp dir (a worker's own under xdist), or QUIZAPP_TEST_DATABASE_URL."""
    url = os.environ.get("QUIZAPP_TEST_DATABASE_URL", "").strip()
    if url:
        url = _to_sqlalchemy_url(url)
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return _worker_database(url, worker) if worker and url.startswith("postgresql") else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


def make_config(database_url: str, **extra) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SRS_FUZZ": False,
    }
    config.update(extra)
    return config


@pytest.fixture(scope="session")
def _schema(database_url: str, instance_path: Path) -> None:
    """Run the real migrations once: the tests exercise the schema users get."""
    from quizapp.cli import upgrade_database

    os.environ["QUIZAPP_INSTANCE_PATH"] = str(instance_path)
    app = create_app(make_config(database_url))
    with app.app_context():
        if database_url.startswith("postgresql"):
            # A throwaway database: start from nothing so a stale schema can't hide a migration bug.
            db.session.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade_database()
        db.engine.dispose()


def wipe(app) -> None:
    """Empty every table. On PostgreSQL the live server may still be finishing a request the closed page
    started (a keepalive save, say): TRUNCATE then takes its locks table by table while that transaction
    holds some of them, and PostgreSQL breaks the deadlock by aborting one side. When it aborts ours, the
    server's transaction has gone through, so the TRUNCATE is run again; it waits on the locks, not on time."""
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name != "postgresql":
            with db.engine.begin() as conn:
                for table in tables:
                    conn.execute(sa.text(f'DELETE FROM "{table}"'))
            return
        truncate = sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        for attempt in range(5):
            try:
                with db.engine.begin() as conn:
                    conn.execute(truncate)
                return
            except sa.exc.OperationalError as exc:
                if "deadlock detected" not in str(exc) or attempt == 4:
                    raise


@pytest.fixture
def app(_schema, database_url: str) -> Iterator:
    app = create_app(make_config(database_url))
    try:
        wipe(app)
        yield app
        wipe(app)
    finally:
        # Even when a wipe fails: an engine left to the garbage collector closes its connections in
        # __del__, and the warning lands on whichever test runs then.
        with app.app_context():
            db.engine.dispose()


ROOT = Path(__file__).resolve().parents[1]
SHIPPED_BANKS, SHIPPED_SOURCES = ROOT / "questions" / "banks", ROOT / "questions" / "sources"
_shipped_rows: dict[str, list[dict]] = {}  # this process's copy of what load_banks wrote, table by table


def load_shipped_banks(app) -> None:
    """The shipped banks in the (empty) database, exactly as ``load_banks`` leaves them, for tests whose
    subject is what comes after the load. The first call in a process runs the real load (the bank check,
    YAML, sentence splitting: seconds) and keeps every row it wrote; later calls insert those rows again,
    with the load's timestamp moved to now. Tests of the loader itself call ``load_banks``."""
    from quizapp.content.loader import load_banks
    from quizapp.timeutil import utcnow

    with app.app_context():
        if not _shipped_rows:
            load_banks(SHIPPED_BANKS, SHIPPED_SOURCES)
            conn = db.session.connection()
            for table in db.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in conn.execute(sa.select(table))]
                if rows:
                    _shipped_rows[table.name] = rows
            db.session.rollback()
            return
        loaded_at = _shipped_rows["document"][0]["loaded_at"]
        now = utcnow()
        with db.engine.begin() as conn:
            for table in db.metadata.sorted_tables:
                rows = _shipped_rows.get(table.name)
                if rows:
                    conn.execute(table.insert(), [{k: now if v == loaded_at else v for k, v in row.items()}
                                                  for row in rows])
            if conn.dialect.name == "postgresql":  # as after the real load: the next id follows the last one
                for name in _shipped_rows:
                    pk = list(db.metadata.tables[name].primary_key.columns)
                    if len(pk) == 1 and pk[0].type.python_type is int:
                        seq = f"pg_get_serial_sequence('\"{name}\"', '{pk[0].name}')"
                        conn.execute(sa.text(f'SELECT setval({seq}, max("{pk[0].name}")) FROM "{name}" '
                                             f"WHERE {seq} IS NOT NULL"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_from(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    """Drive the real forms, CSRF token included, as a browser would."""

    def __init__(self, client) -> None:
        self._client = client

    def csrf(self, path: str = "/auth/login") -> str:
        return csrf_from(self._client.get(path).get_data(as_text=True))

    def register(self, username: str = "asha", password: str = "monsoon-syllabus-42", confirm: str | None = None):
        return self._client.post(
            "/auth/register",
            data={
                "username": username,
                "password": password,
                "confirm": password if confirm is None else confirm,
                "csrf_token": self.csrf("/auth/register"),
            },
        )

    def login(self, username: str = "asha", password: str = "monsoon-syllabus-42", next: str = ""):
        return self._client.post(
            "/auth/login",
            data={"username": username, "password": password, "next": next, "csrf_token": self.csrf()},
        )

    def logout(self):
        return self._client.post("/auth/logout", data={"csrf_token": self.csrf("/")})


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)
