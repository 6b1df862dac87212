"""Gaps become reviews, on the shipped India–China prompt and its key points."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from quizapp.content.loader import load_banks
from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog, User
from quizapp.models.writing import WritingAttempt
from quizapp.srs.scheduler import CardState, Rating, preview
from quizapp.study import service as study
from quizapp.study.queue import Filters
from tests.conftest import csrf_from
from tests.builders import Clock
from tests.web.test_writing import T0, Api

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "q_464fad57ebcb"
# Wuhan, the security pact (and its significance), the 1988-vs-2018 comparison, the international conditions.
ANSWER = """India and China remain wary neighbours, yet the relationship has new openings.
In 2018 the two countries signed their first internal security cooperation agreement, covering terrorism and intelligence sharing.
The informal summit at Wuhan between Prime Minister Narendra Modi and President Xi Jinping helped the two countries reset ties.
Yet the international conditions differ: the Cold War was ending and the Soviet presence in Afghanistan was waning when relations last improved.
Thus, convergence on trade, climate and counter-terrorism should be explored."""
COVERED = {"kp_f5ebadc1a5f2", "kp_65b5a4cb5cba", "kp_8043082d1a34", "kp_2dc1dbcff93c", "kp_aeedc8817143"}


def test_india_china_answer_queues_exactly_the_missed_points(app, client, auth):
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    with app.app_context():
        load_banks(ROOT / "questions" / "banks", ROOT / "questions" / "sources")
        prompt = db.session.get(Item, PROMPT)
        points = {kp.id: {t.id for t in kp.teaching_items if t.active} for kp in prompt.key_points}
    assert len(points) == 11 and COVERED < set(points)
    missed_items = set().union(*(ids for kp, ids in points.items() if kp not in COVERED))
    covered_only = set().union(*(ids for kp, ids in points.items() if kp in COVERED)) - missed_items
    assert missed_items and covered_only

    auth.register()
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id))
        study.next_item(uid, Filters(), T0)  # a study day already under way: today's new cards introduced
        before = dict(db.session.execute(sa.select(Card.item_id, Card.due)).all())

    api = Api(client, auth.csrf("/writing/"))
    clock.at = T0 + dt.timedelta(hours=1)
    a = api.start(PROMPT).json
    assert (a["word_limit"], a["time_limit_minutes"]) == (250, 11)
    assert api.save(a["id"], ANSWER, 0).status_code == 200
    clock.at += dt.timedelta(minutes=9)
    result = api.submit(a["id"]).json

    covered = {p["id"] for p in result["feedback"]["coverage"]["points"] if p["covered"]}
    assert covered == COVERED
    assert {q["item_id"] for q in result["queued"]} == missed_items
    page = client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
    for kp in points:
        assert f'data-testid="kp-{kp}" data-covered="{"yes" if kp in COVERED else "no"}"' in page
    # Grouped under the point that queued them, one collapsible group per missed point.
    assert page.count("because you missed:") == len({q["key_point_id"] for q in result["queued"]}) > 1

    at = clock.at
    with app.app_context():
        cards = {c.item_id: c for c in db.session.scalars(sa.select(Card))}
        for item_id in missed_items:
            assert cards[item_id].due <= at and not cards[item_id].suspended
        for item_id in covered_only:  # covered points leave their facts alone
            assert (cards[item_id].due if item_id in cards else None) == before.get(item_id)
        nxt = study.next_item(uid, Filters(), at)
        assert nxt["item"]["id"] in missed_items  # the gaps come first in today's queue
        prompt_card = cards.get(PROMPT)
        state = study.card_state(prompt_card) if prompt_card else None

    token = csrf_from(page)
    assert client.post(f"/writing/attempts/{a['id']}/assess", data={
        "csrf_token": token, "content": "3", "structure": "3", "examples": "3", "presentation": "3"}).status_code == 302
    with app.app_context():
        attempt = db.session.get(WritingAttempt, a["id"])
        assert attempt.rating == Rating.HARD  # 5 of 11 points (45 %): Hard; the self-assessment (mean 3) keeps it
        log = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.item_id == PROMPT))
        assert (log.origin, log.answer_id, log.rating) == ("writing", f"writing-{a['id']}", 2)
        card = db.session.scalar(sa.select(Card).where(Card.item_id == PROMPT))
        expected = preview(state or CardState.new(at), at, study.user_study(uid).settings)[Rating.HARD]
        assert card.due == expected.due and card.reps == 1
    assert "rated <strong>Hard</strong>" in client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
