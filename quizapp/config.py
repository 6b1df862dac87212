"""Configuration from the environment, with safe local defaults.

A newcomer runs `make run` with nothing set and gets a SQLite file and a
generated secret key in the instance folder; production sets DATABASE_URL and
SECRET_KEY and nothing in the code changes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # bodies above this get a 413 before any view runs


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'quizapp.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else a dev key kept in the instance folder.

    Writing it once means sessions survive a restart of `make run`; the instance
    folder is git-ignored, so the key is never committed.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def build_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    overrides = dict(overrides or {})
    secure = _truthy(os.environ.get("QUIZAPP_SECURE_COOKIES"))
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": overrides.pop("SQLALCHEMY_DATABASE_URI", None) or database_url(instance_path),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead, so a long answer-writing page never expires
        "QUIZAPP_BANKS_DIR": str(Path(__file__).resolve().parent.parent / "questions" / "banks"),
        "QUIZAPP_SOURCES_DIR": str(Path(__file__).resolve().parent.parent / "questions" / "sources"),
        # Fuzz spreads reviews so cards learnt together don't stay due together;
        # tests turn it off to compare exact due dates with the fsrs package.
        "SRS_FUZZ": os.environ.get("QUIZAPP_SRS_FUZZ", "1").strip().lower() not in {"0", "false", "no", "off"},
    }
    if "SECRET_KEY" not in overrides:
        config["SECRET_KEY"] = secret_key(instance_path)
    config.update(overrides)
    return config
