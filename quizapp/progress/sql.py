"""Two SQL expressions that SQLite and PostgreSQL spell differently.

Grouping by the user's local day and counting whole days since a review are
the only dialect-specific pieces of the dashboard's aggregates; each is one
SQLAlchemy construct compiled per dialect, so the queries stay portable.

Local days shift UTC timestamps by one fixed offset (the zone's offset now).
For zones without daylight saving, IST included, that is exact; in a DST zone
reviews within an hour of midnight on the far side of a DST change can land
on the neighbouring day. This keeps the grouping a single index scan.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class local_day(FunctionElement):
    """``local_day(ts, offset_seconds)``: the 'YYYY-MM-DD' date of ``ts`` shifted by the offset."""

    type = sa.String()
    inherit_cache = True
    name = "local_day"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    ts, offset = list(element.clauses)
    return f"date({compiler.process(ts, **kw)}, ({compiler.process(offset, **kw)}) || ' seconds')"


@compiles(local_day, "postgresql")
def _local_day_pg(element, compiler, **kw):
    ts, offset = list(element.clauses)
    return (f"to_char(({compiler.process(ts, **kw)} AT TIME ZONE 'UTC') + "
            f"make_interval(secs => {compiler.process(offset, **kw)}), 'YYYY-MM-DD')")


class elapsed_days(FunctionElement):
    """``elapsed_days(now, ts)``: whole days from ``ts`` to ``now`` (floor), as fsrs counts them."""

    type = sa.Float()
    inherit_cache = True
    name = "elapsed_days"


@compiles(elapsed_days, "sqlite")
def _elapsed_sqlite(element, compiler, **kw):
    now, ts = list(element.clauses)
    # Whole seconds first so float rounding in julianday never drops a day at an exact boundary.
    return (f"floor(round((julianday({compiler.process(now, **kw)}) - julianday({compiler.process(ts, **kw)}))"
            f" * 86400.0) / 86400.0)")


@compiles(elapsed_days, "postgresql")
def _elapsed_pg(element, compiler, **kw):
    now, ts = list(element.clauses)
    return f"floor(extract(epoch from ({compiler.process(now, **kw)} - {compiler.process(ts, **kw)})) / 86400.0)"


def at(value: dt.datetime) -> sa.ColumnElement:
    """A bound timestamp compared like the stored columns (naive UTC text on SQLite)."""
    from quizapp.timeutil import UTCDateTime

    return sa.literal(value, UTCDateTime())


def parse_day(value) -> dt.date | None:
    """The day a query grouped by, or None for a timestamp no calendar holds.

    A stored 9999-12-31 shifted into the user's zone is NULL on SQLite and year
    10000 on PostgreSQL; such a row is left out of the figures instead of
    breaking every page of its account.
    """
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
