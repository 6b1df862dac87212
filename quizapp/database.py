"""Binds SQLAlchemy and Alembic to the app and tunes SQLite for a web server.

WAL lets readers proceed while a writer commits, the busy timeout turns lock
contention between gunicorn workers into a short wait instead of an error, and
SQLite only enforces foreign keys (and so ON DELETE CASCADE) when asked.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from quizapp.extensions import db, migrate

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_db(app: Flask) -> None:
    from quizapp import (
        MIGRATIONS_DIR,
        models,  # noqa: F401  (registers the tables)
    )

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    else:
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("pool_pre_ping", True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    if uri.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)
