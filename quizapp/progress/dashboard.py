"""One user's dashboard as a JSON-ready dict: the page, the charts, the CSVs and the API all read it.

Gathers the SQL aggregates, hands them to the pure figure functions, and
asks the registered providers for the test and writing trends. Time comes in
as an argument, and so do the caches of the history's past (`history`): the
web layer reads both from the app (`quizapp.web.appstate`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from quizapp.clock import day_bounds, zone
from quizapp.enums import DEFAULT_TIMEZONE
from quizapp.extensions import db
from quizapp.models import StudySettings
from quizapp.progress import figures, history, providers, queries
from quizapp.srs import curve_constants
from quizapp.study import service
from quizapp.study.queue import Filters
from quizapp.study.settings import load as load_settings


def local_today(user_id: int, at: dt.datetime) -> tuple[dt.tzinfo, str, dt.date, int]:
    """(zone, zone name, local date, UTC offset in seconds now) for the user."""
    row = db.session.get(StudySettings, user_id)
    name = row.timezone if row and row.timezone else DEFAULT_TIMEZONE
    tz = zone(name)
    local = at.astimezone(tz)
    return tz, name, local.date(), int(local.utcoffset().total_seconds())


def _history(user_id: int, at: dt.datetime, tz: dt.tzinfo, offset: int, caches: history.Caches) -> history.History:
    """All-time aggregates: the past from the cache while it cannot have changed, today's answers queried now."""
    start, _ = day_bounds(at, tz)
    key = history.past_key(offset, start, queries.latest_before(user_id, start))
    before = caches.past.fetch(user_id, key, lambda: queries.aggregate(user_id, offset, None, start))
    return history.merge(before, queries.aggregate(user_id, offset, start, None))


def _days(rows) -> list[dict[str, Any]]:
    return [{"date": r.day.isoformat(), "value": r.value} for r in rows]


def streak_of(user_id: int, at: dt.datetime, caches: history.Caches) -> dict[str, Any]:
    """The streak alone, for the home page."""
    tz, _, today, offset = local_today(user_id, at)
    run, includes_today = figures.streak(_history(user_id, at, tz, offset, caches).per_day, today)
    return {"days": run, "includes_today": includes_today}


def mastery(user_id: int, at: dt.datetime, accuracy: dict[tuple[str, str], tuple[int, int]],
            caches: history.Caches) -> dict[str, list[dict[str, Any]]]:
    """Per topic and per bank: cards now (SQL aggregate, cached per `history.mastery_key`) beside all-time accuracy."""
    curve = curve_constants(load_settings(user_id))
    key = history.mastery_key(queries.latest_before(user_id, history.FAR_FUTURE)[0], at, curve.decay, curve.factor)
    groups: list[queries.GroupCards] = caches.mastery.fetch(
        user_id, key, lambda: queries.cards_by_group(user_id, at, curve.decay, curve.factor))
    topics: dict[str, list] = {}
    banks: dict[str, list] = {}
    titles = {}

    def add(target: dict, key: str, values: tuple) -> None:
        acc = target.setdefault(key, [0, 0, 0.0, 0, 0])
        for i, v in enumerate(values):
            acc[i] += v

    for g in groups:
        c, n = accuracy.get((g.topic, g.bank), (0, 0))
        values = (g.seen, g.mature, g.retrievability_sum, c, n)
        add(topics, g.topic, values)
        add(banks, g.bank, values)
        titles[g.bank] = g.bank_title
    # Answers whose cards went back to new (undo) still count towards accuracy.
    seen_pairs = {(g.topic, g.bank) for g in groups}
    for (topic, bank), (c, n) in accuracy.items():
        if (topic, bank) not in seen_pairs:
            add(topics, topic, (0, 0, 0.0, c, n))
            add(banks, bank, (0, 0, 0.0, c, n))
            titles.setdefault(bank, bank)

    def rows(source: dict, name_of) -> list[dict[str, Any]]:
        out = [figures.MasteryRow(k, name_of(k), *v).as_dict() for k, v in source.items()]
        return sorted(out, key=lambda r: (r["name"].lower(), r["key"]))

    return {"topics": rows(topics, lambda k: k), "banks": rows(banks, lambda k: titles.get(k, k))}


def build(user_id: int, at: dt.datetime, caches: history.Caches) -> dict[str, Any]:
    """Every figure the dashboard shows, as of ``at``."""
    tz, tz_name, today, offset = local_today(user_id, at)
    hist = _history(user_id, at, tz, offset, caches)
    days = hist.per_day
    run, includes_today = figures.streak(days, today)
    horizon_end = dt.datetime.combine(today + dt.timedelta(days=figures.FORECAST_DAYS), dt.time(), tzinfo=tz)
    due = queries.due_per_day(user_id, offset, horizon_end.astimezone(dt.UTC))
    overdue = sum(n for d, n in due.items() if d < today)
    settings = load_settings(user_id)
    retention = figures.true_retention(hist.retention, today)
    return {
        "as_of": at.isoformat(),
        "today": today.isoformat(),
        "timezone": tz_name,
        "due": service.summary(user_id, Filters(), at),
        "streak": {"days": run, "includes_today": includes_today},
        "heatmap": _days(figures.heatmap({d: t.reviews for d, t in days.items()}, today)),
        "forecast": _days(figures.forecast({d: n for d, n in due.items() if d >= today}, overdue, today)),
        "retention": {"desired": settings.desired_retention, **{k: v.as_dict() for k, v in retention.items()}},
        "mastery": mastery(user_id, at, hist.accuracy, caches),
        "time_per_day": [{"date": d.isoformat(), "minutes": m}
                         for d, m in figures.time_per_day({d: t.duration_ms for d, t in days.items()}, today)],
        "reviews_total": sum(t.reviews for t in days.values()),
        "tests": figures.test_trend(providers.trend_rows("tests", user_id)),
        "writing": figures.writing_trend(providers.trend_rows("writing", user_id)),
    }
