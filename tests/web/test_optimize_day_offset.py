"""The optimiser counts days as the user's days (their zone's midnight), not India's 04:00."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from quizapp.accounts import create_user
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, StudySettings
from quizapp.srs.optimize import DEFAULT_DAY_OFFSET, build_items, optimize
from quizapp.study.optimize import day_offset, optimize_user, user_records
from tests.builders import make_document, make_item

START = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def _seed(user_id: int) -> None:
    doc = make_document()
    items = [make_item(doc) for _ in range(40)]
    db.session.flush()
    for n, item in enumerate(items):
        card = Card(user_id=user_id, item_id=item.id, state=2, due=START, reps=30)
        db.session.add(card)
        db.session.flush()
        rows = []
        for pair in range(15):
            day = START + dt.timedelta(days=3 * pair + n % 3)
            # 03:00 and 10:00 UTC: one day in India (04:30 and 11:30 IST-4h), two in New York (22:00 and 05:00).
            for hour, rating in ((3, 1 + (pair + n) % 4), (10, 3)):
                at = day + dt.timedelta(hours=hour)
                rows.append(dict(user_id=user_id, item_id=item.id, card_id=card.id, rating=rating, duration_ms=5000,
                                 reviewed_at=at, state_after=2, due_after=at, card_before={}, origin="study"))
        db.session.execute(sa.insert(ReviewLog), rows)
    db.session.add(StudySettings(user_id=user_id, srs={}, timezone="America/New_York"))
    db.session.commit()


def test_optimise_user_fits_on_the_users_own_days(app):
    with app.app_context():
        user = create_user("asha", "monsoon-syllabus-42")
        _seed(user.id)
        records = user_records(user.id)
        new_york = dt.timedelta(hours=-5)  # New York in January
        # The two offsets really group these reviews differently.
        assert len(build_items(records, day_offset=new_york)) != len(build_items(records, day_offset=DEFAULT_DAY_OFFSET))
        expected = optimize(records, day_offset=new_york)
        result = optimize_user(user.id)
        assert (result.n_train, result.n_test) == (expected.n_train, expected.n_test)
        assert result.after.log_loss == expected.after.log_loss


def test_day_offset_follows_summer_time_and_unknown_zones_fall_back_to_utc():

    summer = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    assert day_offset("Europe/London", summer) == dt.timedelta(hours=1)
    assert day_offset("Asia/Kolkata", summer) == dt.timedelta(hours=5, minutes=30)
    assert day_offset("No/Such_Zone", summer) == dt.timedelta(0)
