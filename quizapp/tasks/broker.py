"""The Huey instance, chosen by configuration: SQLite in the instance folder, or Redis.

Embedded by default (one file beside the app's SQLite database, nothing to
run but the consumer); ``QUIZAPP_REDIS_URL`` switches to Redis when several
machines share the work. Reads the environment, not Flask config, because the
consumer process imports this module without building the app.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey

from quizapp import ROOT_DIR


def _truthy(value: Any) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


def instance_path(config: Mapping[str, Any]) -> Path:
    # Same rule as create_app, so the web process and the consumer agree on the file.
    return Path(config.get("QUIZAPP_INSTANCE_PATH") or ROOT_DIR / "instance")


def make_huey(config: Mapping[str, Any] | None = None) -> Huey:
    """``QUIZAPP_HUEY_IMMEDIATE=1`` runs tasks inline (for tests of the pages that enqueue)."""
    config = os.environ if config is None else config
    name = config.get("QUIZAPP_HUEY_NAME") or "quizapp"
    immediate = _truthy(config.get("QUIZAPP_HUEY_IMMEDIATE"))
    redis_url = (config.get("QUIZAPP_REDIS_URL") or "").strip()
    if redis_url:
        try:
            import redis  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "QUIZAPP_REDIS_URL is set but the redis package is not installed: pip install 'quizapp[redis]'"
            ) from None
        return RedisHuey(name, url=redis_url, immediate=immediate)
    filename = config.get("QUIZAPP_HUEY_FILE") or instance_path(config) / "huey.sqlite3"
    if not immediate:
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(filename), immediate=immediate)
