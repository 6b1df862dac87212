"""Reading and changing a user's study settings, and replaying cards under new ones."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, StudySettings
from quizapp.srs.scheduler import CardState, SrsSettings, reschedule
from quizapp.study.answering import card_state


def load(user_id: int) -> SrsSettings:
    row = db.session.get(StudySettings, user_id)
    return SrsSettings.stored(row.srs if row else None)


def save(user_id: int, settings: SrsSettings) -> None:
    settings.validate()
    row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id)
    row.srs = settings.to_dict()
    db.session.add(row)


NEW_ORDERS = ("mixed", "document")


def save_new_order(user_id: int, order: str) -> None:
    if order not in NEW_ORDERS:
        raise ValueError(f"new_order must be one of {', '.join(NEW_ORDERS)}")
    row = db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id, srs={})
    row.new_order = order
    db.session.add(row)


def reschedule_cards(user_id: int, settings: SrsSettings) -> int:
    """Replay every reviewed card's history under ``settings``: due dates follow the new retention."""
    history: dict[int, list] = {}
    for card_id, rating, when in db.session.execute(
        sa.select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at)
        .where(ReviewLog.user_id == user_id).order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ):
        history.setdefault(card_id, []).append((rating, when))
    changed = 0
    for card in db.session.scalars(sa.select(Card).where(Card.user_id == user_id, Card.state != 0)):
        entries = history.get(card.id)
        if not entries:
            continue
        state: CardState = reschedule(card_state(card), entries, settings)
        card.state, card.step, card.stability, card.difficulty = int(state.state), state.step, state.stability, state.difficulty
        card.due, card.last_review = state.due, state.last_review
        changed += 1
    return changed
