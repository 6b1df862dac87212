"""Per-user FSRS parameter optimisation, from the user's own review log.

The fitting and the keep-or-discard decision are `quizapp.srs.optimize`
(fsrs-rs, as Anki uses); this module only reads the log and stores the result.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.clock import zone
from quizapp.extensions import db
from quizapp.models import ReviewLog, StudySettings
from quizapp.srs.optimize import OptimizeResult, ReviewRecord, eligible, optimize
from quizapp.srs.scheduler import SrsSettings

MIN_REVIEWS = 1000
MIN_DAYS = 14


def user_records(user_id: int) -> list[ReviewRecord]:
    rows = db.session.execute(
        sa.select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at, ReviewLog.duration_ms)
        .where(ReviewLog.user_id == user_id).order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    return [ReviewRecord(card_id=c, rating=r, review_time=t, duration_ms=d) for c, r, t, d in rows]


def day_offset(timezone: str | None, at: dt.datetime) -> dt.timedelta:
    """The shift from UTC to the user's study day: the app's days start at local midnight in their zone.

    Taken at their latest review, so a zone with summer time is fitted on its current offset.
    """
    return zone(timezone).utcoffset(at.astimezone(zone(timezone))) or dt.timedelta(0)


def can_optimize(user_id: int) -> bool:
    return eligible(user_records(user_id), min_reviews=MIN_REVIEWS, min_days=MIN_DAYS)


def optimize_user(user_id: int) -> OptimizeResult:
    """Fit, and store the parameters only if they beat the current ones on held-out reviews."""
    records = user_records(user_id)
    if not eligible(records, min_reviews=MIN_REVIEWS, min_days=MIN_DAYS):
        raise ValueError(f"optimisation needs at least {MIN_REVIEWS} reviews over {MIN_DAYS}+ days; you have {len(records)}")
    row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id, srs={})
    current = SrsSettings.from_dict(row.srs) if row.srs else SrsSettings()
    result = optimize(records, current=current.parameters, day_offset=day_offset(row.timezone, records[-1].review_time))
    if result.kept:
        row.srs = {**current.to_dict(), "parameters": list(result.parameters)}
        db.session.add(row)
        db.session.commit()
    return result
