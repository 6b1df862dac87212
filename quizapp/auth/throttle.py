"""Failed-attempt throttling for login and for the register form's taken-name answer.

Why a table: gunicorn runs several workers, often on several machines, and a
counter in one process's memory lets an attacker spread guesses over them.
The counters live in `auth_throttle`, so every worker and process sees the
same count on SQLite and PostgreSQL alike, and each failure is one atomic
``UPDATE ... RETURNING`` (no read-then-write race between workers).

Policy: a key (an account, a client address) gets ``limit`` failures within
the window for free; the failure that reaches the limit locks the key for
``lock_seconds``, and every further failure after a lock doubles it up to
``lock_max_seconds``. While locked, the answer is 429 with ``Retry-After``
and the password is not even checked, so guessing gains nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from quizapp.extensions import db
from quizapp.models import AuthThrottle
from quizapp.web.appstate import now

_T = AuthThrottle.__table__

DEFAULTS = {
    "QUIZAPP_LOGIN_ACCOUNT_LIMIT": 5,       # failed logins per account before a lock
    "QUIZAPP_LOGIN_ADDRESS_LIMIT": 20,      # failed logins per client address before a lock
    "QUIZAPP_REGISTER_TAKEN_LIMIT": 10,     # "that name is taken" answers per address before a lock
    "QUIZAPP_LOGIN_LOCK_SECONDS": 30,       # the first lock; each later one doubles
    "QUIZAPP_LOGIN_LOCK_MAX_SECONDS": 900,
    "QUIZAPP_THROTTLE_WINDOW_SECONDS": 3600,  # failures older than this are forgotten
}


def configure(app) -> None:
    """Take each setting from the app config, else the environment, else the default."""
    for name, default in DEFAULTS.items():
        if name not in app.config:
            app.config[name] = int(os.environ.get(name, "").strip() or default)


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def account_key(username: str) -> str:
    # Hashed: the table never holds what people type as usernames (sometimes a password).
    return "account:" + hashlib.sha256(username.strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()


def address_key(kind: str, address: str | None) -> str:
    return f"{kind}:{(address or 'unknown')[:100]}"


@dataclass(frozen=True)
class Rule:
    key: str
    limit_setting: str

    @property
    def limit(self) -> int:
        return _setting(self.limit_setting)


def retry_after(keys: list[str]) -> int | None:
    """Seconds until every given key is unlocked, or None if none is locked now."""
    at = now()
    until = db.session.scalar(
        sa.select(sa.func.max(_T.c.locked_until)).where(_T.c.key.in_(keys), _T.c.locked_until > at)
    )
    if until is None:
        return None
    return max(1, math.ceil((until - at).total_seconds()))


def lock_for(failures: int, limit: int) -> dt.timedelta | None:
    """How long the ``failures``-th failure locks a key (None below the limit)."""
    if failures < limit:
        return None
    base, cap = _setting("QUIZAPP_LOGIN_LOCK_SECONDS"), _setting("QUIZAPP_LOGIN_LOCK_MAX_SECONDS")
    return dt.timedelta(seconds=min(cap, base * 2 ** min(failures - limit, 30)))


def record_failure(rules: list[Rule]) -> None:
    """Count one failure against each rule's key, locking those that reach their limit (commits)."""
    at = now()
    window_start = at - dt.timedelta(seconds=_setting("QUIZAPP_THROTTLE_WINDOW_SECONDS"))
    for rule in rules:
        failures = _bump(rule.key, at, window_start)
        lock = lock_for(failures, rule.limit)
        if lock is not None:
            db.session.execute(sa.update(_T).where(_T.c.key == rule.key).values(locked_until=at + lock))
    db.session.commit()


def _bump(key: str, at: dt.datetime, window_start: dt.datetime) -> int:
    bump = (
        sa.update(_T).where(_T.c.key == key)
        .values(
            failures=sa.case((_T.c.last_failure_at < window_start, 1), else_=_T.c.failures + 1),
            last_failure_at=at,
        )
        .returning(_T.c.failures)
    )
    for _ in range(3):
        found = db.session.execute(bump).scalar()
        if found is not None:
            return int(found)
        try:
            with db.session.begin_nested():
                db.session.execute(sa.insert(_T).values(key=key, failures=1, last_failure_at=at, locked_until=None))
            return 1
        except IntegrityError:
            continue  # another worker inserted it first: count on its row
    raise RuntimeError(f"could not count a failure for {key}")


def forget(key: str) -> None:
    """A successful login clears its account's failures (not the address's: one known account must not unlock guessing at others)."""
    db.session.execute(sa.delete(_T).where(_T.c.key == key))
    db.session.commit()
