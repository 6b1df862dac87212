"""Gaps become reviews, on the shipped India–China prompt and its key points."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from quizapp.enums import ItemStatus
from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog, User, item_fact
from quizapp.models.writing import WritingAttempt
from quizapp.srs.scheduler import CardState, Rating, preview
from quizapp.study import effects
from quizapp.study import service as study
from quizapp.study.queue import Filters
from tests.builders import Clock
from tests.conftest import csrf_from, load_shipped_banks
from tests.web.test_writing import T0, Api

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "q_464fad57ebcb"
# Wuhan, the security pact (and its significance), the 1988-vs-2018 comparison, the international conditions.
ANSWER = """India and China remain wary neighbours, yet the relationship has new openings.
In 2018 the two countries signed their first internal security cooperation agreement, covering terrorism and intelligence sharing.
The informal summit at Wuhan between Prime Minister Narendra Modi and President Xi Jinping helped the two countries reset ties.
Yet the relationship is more complex and difficult to manage than it was in 1988.
And the international conditions differ: the Cold War was ending and the Soviet presence in Afghanistan was waning when relations last improved.
Thus, convergence on trade, climate and counter-terrorism should be explored."""
# the security pact, the Wuhan summit, the 1988-vs-2018 comparison and the international conditions (the
# bank's key points are one clean sentence each since s24, so the Cold War sentence is no point of its own)
# Since s25 the prompt's points answer its second demand too: the pact's cooperation against terrorism and the
# Wuhan summit's search for convergence, both of which the answer covers in its own words.
COVERED = {"kp_f5ebadc1a5f2", "kp_a2dae6b7512e", "kp_84fe71599304", "kp_926165ac1e27", "kp_e8a55fedc25a",
           "kp_ec158df9cdba"}


def _load_shipped(app) -> None:
    """Load the shipped banks, then release, as an editor would (status reviewed), the held cards
    that teach the India–China prompt's key points. The quality gate holds most of them on the
    shipped banks; these tests are about what writing does with the cards a learner is served."""
    load_shipped_banks(app)
    prompt = db.session.get(Item, PROMPT)
    for kp in prompt.key_points:
        for taught in kp.teaching_items:
            if taught.status == ItemStatus.HELD:
                taught.status = ItemStatus.REVIEWED
    db.session.commit()


def test_india_china_answer_queues_exactly_the_missed_points(app, client, auth):
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    with app.app_context():
        _load_shipped(app)
        prompt = db.session.get(Item, PROMPT)
        points = {kp.id: {t.id for t in kp.teaching_items if t.active} for kp in prompt.key_points}
    assert len(points) == 8 and COVERED < set(points)
    missed_items = set().union(*(ids for kp, ids in points.items() if kp not in COVERED))
    covered_only = set().union(*(ids for kp, ids in points.items() if kp in COVERED)) - missed_items
    assert missed_items and covered_only

    auth.register()
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id))
        study.next_item(uid, Filters(), T0, fuzz=False)  # a study day already under way: today's new cards introduced
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
        nxt = study.next_item(uid, Filters(), at, fuzz=False)
        assert nxt["item"]["id"] in missed_items  # the gaps come first in today's queue
        prompt_card = cards.get(PROMPT)
        state = study.card_state(prompt_card) if prompt_card else None

    token = csrf_from(page)
    assert client.post(f"/writing/attempts/{a['id']}/assess", data={
        "csrf_token": token, "content": "3", "structure": "3", "examples": "3", "presentation": "3"}).status_code == 302
    with app.app_context():
        attempt = db.session.get(WritingAttempt, a["id"])
        assert attempt.rating == Rating.GOOD  # 6 of 8 points (75 %): Good; the self-assessment (mean 3) keeps it
        log = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.item_id == PROMPT))
        assert (log.origin, log.answer_id, log.rating) == ("writing", f"writing-{a['id']}", 3)
        card = db.session.scalar(sa.select(Card).where(Card.item_id == PROMPT))
        expected = preview(state or CardState.new(at), at, study.user_study(uid, False).settings)[Rating.GOOD]
        assert card.due == expected.due and card.reps == 1
    assert "rated <strong>Good</strong>" in client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)


def _submitted(app, client, auth, text, load=True):
    clock = Clock(T0)
    app.config["CLOCK"] = clock
    if load:
        with app.app_context():
            _load_shipped(app)
    auth.register()
    api = Api(client, auth.csrf("/writing/"))
    a = api.start(PROMPT).json
    assert api.save(a["id"], text, 0).status_code == 200
    clock.at += dt.timedelta(minutes=9)
    return clock, a["id"], api.submit(a["id"]).json


def test_trust_deficit_credits_its_point_and_feedback_reads_plainly(app, client, auth):
    text = ANSWER + "\nThe two countries still suffer from a deep trust deficit."
    _, attempt_id, result = _submitted(app, client, auth, text)
    covered = {p["id"] for p in result["feedback"]["coverage"]["points"] if p["covered"]}
    assert "kp_dcc80d6f4308" in covered  # the point's one keyword: "trust deficit"
    page = client.get(f"/writing/attempts/{attempt_id}").get_data(as_text=True)
    assert "keywords matched" in page and "of the" not in page.split('data-testid="kp-count"')[1][:40]


def _share_a_fact(app):
    """Make two items taught by the prompt's first key point siblings (the shipped bank has none)."""
    with app.app_context():
        _load_shipped(app)
        taught = [i.id for kp in db.session.get(Item, PROMPT).key_points for i in kp.teaching_items if i.active]
        facts = dict(db.session.execute(sa.select(item_fact.c.item_id, item_fact.c.fact_id)
                                        .where(item_fact.c.item_id.in_(taught))).all())
        first = next(i for i in taught if i in facts)
        second = next(i for i in taught[taught.index(first) + 1:] if i not in facts)
        fact = facts[first]
        db.session.execute(item_fact.insert().values(item_id=second, fact_id=fact))
        db.session.commit()
        return second


def test_queued_points_say_what_study_will_do_and_study_agrees(app, client, auth):
    sibling = _share_a_fact(app)
    clock, attempt_id, result = _submitted(app, client, auth, "India and China.", load=False)
    assert sibling in {q["item_id"] for q in result["queued"] if q["when"] == "tomorrow"}
    queued = result["queued"]
    now = [q["item_id"] for q in queued if q["when"] == "now"]
    later = [q["item_id"] for q in queued if q["when"] == "tomorrow"]
    assert now and later and len(now) + len(later) == len(queued)
    page = client.get(f"/writing/attempts/{attempt_id}").get_data(as_text=True)
    summary = page.split('data-testid="queued-summary">')[1].split("</p>")[0]
    assert f"{len(now)} due now" in summary
    assert (f"{len(later)} tomorrow" in summary) == bool(later)
    with app.app_context():
        cards = {c.item_id: c for c in db.session.scalars(sa.select(Card))}
        uid = db.session.scalar(sa.select(User.id))
        day = study.user_study(uid, False).day(clock.at)
        for item_id in later:  # buried to tomorrow now, as study would after their sibling is answered
            assert cards[item_id].buried_until == day.end
        for item_id in now:
            assert cards[item_id].buried_until is None and cards[item_id].due <= clock.at
        # every "now" item is served today; no "tomorrow" item is
        served, at = set(), clock.at
        for _ in range(len(now) + len(later) + 40):
            nxt = study.next_item(uid, Filters(), at, fuzz=False)
            if not nxt.get("item"):
                break
            served.add(nxt["item"]["id"])
            effects.record(uid, db.session.get(Item, nxt["item"]["id"]), Rating.EASY, at, fuzz=False, correct=True,
                           origin="study")
            at += dt.timedelta(seconds=5)
            db.session.commit()
            if set(now) <= served:
                break
        assert set(now) <= served and not set(later) & served


def test_model_outline_shows_each_source_passage_once(app, client, auth):
    _, attempt_id, _ = _submitted(app, client, auth, ANSWER)
    page = client.get(f"/writing/attempts/{attempt_id}").get_data(as_text=True)
    with app.app_context():
        prompt = db.session.get(Item, PROMPT)
        quotes = {" ".join(kp.quote.split()) for kp in prompt.key_points}
        ids = [kp.id for kp in prompt.key_points]
    outline = page.split("<h2>Model outline</h2>")[1]
    assert outline.count("<blockquote") == len(quotes)  # one per distinct passage
    assert all(f'data-testid="outline-{i}"' in outline for i in ids)
    assert outline.count("<details>") == len(quotes)
    # the question's last part (areas of convergence) comes after its first
    headings = [h.split("</h3>")[0] for h in outline.split('<h3 class="outline-part">')[1:]]
    assert headings and headings[-1].startswith("What areas of convergence")  # the prompt's parts, in its order


def test_self_assessment_starts_blank_and_requires_every_mark(app, client, auth):
    _, attempt_id, _ = _submitted(app, client, auth, ANSWER)
    page = client.get(f"/writing/attempts/{attempt_id}").get_data(as_text=True)
    assert page.count('<option selected value="">Choose…</option>') == 4
    r = client.post(f"/writing/attempts/{attempt_id}/assess", data={
        "csrf_token": csrf_from(page), "content": "3", "structure": "", "examples": "3", "presentation": "3"})
    assert r.status_code == 422
    assert "Choose a mark for structure." in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(WritingAttempt, attempt_id).rating is None
