"""Time for the whole app: one `now()` the tests can pin, and a user's day.

Days roll over at local midnight in the user's time zone (IST for most
aspirants), so "today's reviews" means what the user thinks it means.
`zone` and `day_bounds` are pure; `now` looks for the app's ``CLOCK`` (the
tests' settable clock) only when called inside an app, so importing this
module loads no Flask.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.enums import DEFAULT_TIMEZONE

UTC = dt.UTC


def now() -> dt.datetime:
    from flask import current_app, has_app_context

    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock else dt.datetime.now(UTC)


def zone(name: str | None) -> dt.tzinfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def day_bounds(at: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    local = at.astimezone(tz)
    start = dt.datetime.combine(local.date(), dt.time(), tzinfo=tz)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)
