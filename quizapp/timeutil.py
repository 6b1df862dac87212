"""The one place where datetimes become aware UTC.

SQLite hands back naive datetimes and fsrs refuses anything that is not aware
UTC, so every datetime column goes through `UTCDateTime` and every "now" comes
from `utcnow()`; nothing else converts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

UTC = dt.UTC


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Aware UTC for any aware datetime; naive input is a programming error."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
    return value.astimezone(UTC)


def iso_or_none(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_iso_utc(value: str | None, where: str) -> dt.datetime | None:
    """An ISO date-time from a file, as aware UTC; ``ValueError`` naming ``where`` if it is bad or naive."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not an ISO date-time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{where}: {value!r} has no time zone")
    return parsed.astimezone(UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware UTC; returns aware UTC on both SQLite and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        # SQLite has no time zones: store naive UTC so string comparison orders correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
