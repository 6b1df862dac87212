"""A user's day: days roll over at local midnight in the user's time zone.

IST for most aspirants, so "today's reviews" means what the user thinks it
means. Everything here is pure: "now" comes in as an argument, read from the
app's settable clock by the web layer (`quizapp.web.appstate.now`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from quizapp.enums import DEFAULT_TIMEZONE

UTC = dt.UTC


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
