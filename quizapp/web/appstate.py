"""The app's clock, its fuzz flag and the dashboard's cache, read where a request, a task or a command runs.

Services take these as arguments (``at``, ``fuzz``, ``caches``) instead of
reaching for ``current_app``: called from a test or a script they get a fixed
time and fuzz off without an app, and importing them loads no Flask. Only code
that already runs inside the app (blueprint routes, API views, tasks, CLI
commands) reads them here; that is why this lives in ``quizapp.web`` and not
beside the pure ``quizapp.clock``. (A few services outside study and progress
still call ``now()`` themselves: the import from ``quizapp.web`` says so.)
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context

from quizapp.progress.history import Caches


def now() -> dt.datetime:
    """The app's ``CLOCK`` (the tests' settable clock) if it has one, else the wall clock in UTC."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock else dt.datetime.now(dt.UTC)


def srs_fuzz() -> bool:
    """Whether the app spreads intervals (``SRS_FUZZ``; off in the tests, so intervals are exact)."""
    return bool(current_app.config.get("SRS_FUZZ", True))


def progress_caches() -> Caches:
    """This app's dashboard caches: one per app, so two apps (two tests, two databases) never share an entry."""
    return current_app.extensions.setdefault("progress_history", Caches())
