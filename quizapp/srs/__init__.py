"""Spaced-repetition core of quizapp, kept free of Flask and the database.

Why a separate package: scheduling decides when an aspirant next sees a
question, and a mistake there silently costs them weeks of revision. Keeping
it as pure functions over small frozen values (time is always passed in, new
objects are always returned) lets it be tested exactly, benchmarked against
real review logs, and reused by the web layer, the CLI and background jobs
alike.

The maths is not ours: scheduling is delegated to ``fsrs`` (py-fsrs, FSRS-6)
and per-user parameter fitting to ``fsrs_rs_python`` (the Rust optimiser Anki
uses). This package only adapts them to the app's types, validates input and
measures prediction quality the way srs-benchmark does.

Modules:
    scheduler: settings, card state, review/preview/retrievability/reschedule.
    metrics: log loss and RMSE(bins) as defined by fsrs-rs / srs-benchmark.
    optimize: per-user parameter optimisation with a time-ordered hold-out.
"""

from quizapp.srs.scheduler import (
    CardState,
    CurveConstants,
    Rating,
    SrsSettings,
    State,
    curve_constants,
    format_interval,
    from_fsrs_card,
    preview,
    reschedule,
    retrievability,
    review,
    to_fsrs_card,
)

__all__ = [
    "CardState",
    "CurveConstants",
    "Rating",
    "curve_constants",
    "SrsSettings",
    "State",
    "format_interval",
    "from_fsrs_card",
    "preview",
    "reschedule",
    "retrievability",
    "review",
    "to_fsrs_card",
]
