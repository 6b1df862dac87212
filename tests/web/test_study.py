"""Study through the JSON API, against the fsrs package and the queue's rules."""

from __future__ import annotations

import datetime as dt

import fsrs
import pytest
import sqlalchemy as sa

from quizapp.api.openapi import openapi_path
from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog, StudySettings, User
from quizapp.srs.scheduler import SrsSettings
from tests.builders import make_document, make_fact, make_item

UTC = dt.UTC
T0 = dt.datetime(2026, 1, 5, 4, 0, tzinfo=UTC)  # 09:30 IST
API_PAGE = "/study/"


class Api:
    def __init__(self, client, token) -> None:
        self.client, self.token = client, token

    def next(self, **params):
        return self.client.get("/api/v1/study/next", query_string=params)

    def post(self, path, body, headers=None):
        return self.client.post(f"/api/v1/study/{path}", json=body, headers={"X-CSRFToken": self.token, **(headers or {})})

    def answer(self, item_id, rating=None, **kw):
        body = {"item_id": item_id, "duration_ms": kw.pop("duration_ms", 4000), **kw}
        if rating is not None:
            body["rating"] = rating
        return self.post("answer", body)


def _seed(app, n_fact=3, n_mcq=1, shared_fact=False):
    with app.app_context():
        doc = make_document()
        fact = make_fact(doc) if shared_fact else None
        ids = [make_item(doc, "fact", facts=[fact] if fact else None).id for _ in range(n_fact)]
        ids += [make_item(doc, "mcq", facts=[fact] if fact else None).id for _ in range(n_mcq)]
        db.session.commit()
        return ids


def _logs(app):
    with app.app_context():
        return db.session.execute(sa.select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.correct).order_by(ReviewLog.id)).all()


def test_answers_through_the_api_match_fsrs_exactly(app, api, clock):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    ratings = [3, 3, 3, 1, 3, 2, 4, 3, 1, 3]
    scheduler = fsrs.Scheduler(enable_fuzzing=False)  # the app's defaults: retention 0.9, steps 1m/10m, relearn 10m
    card = fsrs.Card(card_id=1, due=T0)
    saw_again_in_review = False
    for rating in ratings:
        clock.at = max(clock.at, card.due)
        if card.state == fsrs.State.Review and rating == 1:
            saw_again_in_review = True
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), clock.at)
        response = api.answer(item_id, rating)
        assert response.status_code == 200, response.json
        assert dt.datetime.fromisoformat(response.json["due"]) == card.due
        assert response.json["state"] == fsrs.State(card.state).name.lower()
    assert saw_again_in_review
    with app.app_context():
        row = db.session.scalar(sa.select(Card))
        assert row.due == card.due and row.stability == pytest.approx(card.stability, abs=0) and row.difficulty == card.difficulty
        assert row.reps == len(ratings) and row.lapses == 2
        assert len(_logs(app)) == len(ratings)


def test_intervals_shown_are_the_ones_applied(app, api, clock):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    shown = api.next().json
    labels = [shown["intervals"][k]["label"] for k in "1234"]
    expected = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=T0)
    dues = [expected.review_card(card, fsrs.Rating(r), T0)[0].due for r in (1, 2, 3, 4)]
    assert [shown["intervals"][k]["due"] for k in "1234"] == [d.isoformat() for d in dues]
    assert labels[0] == "1m" and labels[3].endswith("d")
    result = api.answer(item_id, 4).json
    assert result["due"] == shown["intervals"]["4"]["due"]


def _document_order(app):
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        row = db.session.get(StudySettings, user.id) or StudySettings(user_id=user.id, srs={})
        row.new_order = "document"
        db.session.add(row)
        db.session.commit()


def test_order_learning_then_review_then_new(app, api, clock):
    ids = _seed(app, n_fact=3, n_mcq=0)
    _document_order(app)
    first = api.next().json["item"]["id"]
    assert first == ids[0]  # new items in reading order
    api.answer(ids[0], 1)  # Again: learning, due in 1 minute
    assert api.next().json["item"]["id"] == ids[1]  # learning not yet due: a new item comes first
    clock.at += dt.timedelta(minutes=2)
    assert api.next().json["item"]["id"] == ids[0]  # due learning card comes first


def test_mcq_rating_is_derived_and_can_be_overridden(app, api):
    [mcq] = _seed(app, n_fact=0, n_mcq=1)
    wrong = api.answer(mcq, response=0, duration_ms=3000)
    assert wrong.json["rating"] == 1 and wrong.json["correct"] is False
    api.post("undo", {})
    fast = api.answer(mcq, response=1, duration_ms=3000)
    assert fast.json["rating"] == 4 and fast.json["correct"] is True
    api.post("undo", {})
    slow = api.answer(mcq, response=1, duration_ms=40_000)
    assert slow.json["rating"] == 3
    api.post("undo", {})
    override = api.answer(mcq, 2, response=1, duration_ms=3000)
    assert override.json["rating"] == 2 and override.json["correct"] is True


def test_new_items_per_day_limit(app, api, clock):
    _seed(app, n_fact=5, n_mcq=0)
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        db.session.add(StudySettings(user_id=user.id, srs=SrsSettings(new_per_day=2).to_dict()))
        db.session.commit()
    assert api.next().json["counts"]["new"] == 2
    seen = set()
    for _ in range(2):
        item = api.next().json["item"]["id"]
        seen.add(item)
        api.answer(item, 4)  # Easy: graduates straight to review, due in days
    response = api.next()
    assert response.status_code == 204
    assert response.headers["X-Study-Counts"] == "new=0,learning=0,review=0"
    clock.at += dt.timedelta(days=1)
    assert api.next().json["counts"]["new"] == 2
    assert seen.isdisjoint({api.next().json["item"]["id"]})


def test_reviews_per_day_limit(app, api, clock):
    ids = _seed(app, n_fact=3, n_mcq=0)
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        db.session.add(StudySettings(user_id=user.id, srs=SrsSettings(reviews_per_day=1, new_per_day=3).to_dict()))
        db.session.commit()
    for item_id in ids:
        api.answer(item_id, 4)
    clock.at += dt.timedelta(days=60)
    first = api.next().json
    assert first["counts"]["review"] == 1
    api.answer(first["item"]["id"], 3)
    assert api.next().status_code == 204


def test_siblings_are_buried_for_the_day(app, api, clock):
    ids = _seed(app, n_fact=2, n_mcq=1, shared_fact=True)
    shown = api.next().json["item"]["id"]
    api.answer(shown, 4)
    assert api.next().status_code == 204  # the other two share its fact
    clock.at += dt.timedelta(days=1)
    nxt = api.next().json["item"]["id"]
    assert nxt in ids and nxt != shown


def test_suspend_and_flag(app, api):
    ids = _seed(app, n_fact=2, n_mcq=0)
    assert api.post("suspend", {"item_id": ids[0]}).json == {"item_id": ids[0], "suspended": True}
    assert api.next().json["item"]["id"] == ids[1]
    assert api.next().json["counts"]["new"] == 1
    api.post("suspend", {"item_id": ids[0], "value": False})
    assert api.next().json["item"]["id"] == ids[0]
    assert api.post("flag", {"item_id": ids[0]}).json["flagged"] is True
    assert api.next().json["card"]["flagged"] is True


def test_undo_restores_card_and_removes_log(app, api, clock):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    api.answer(item_id, 4)
    clock.at += dt.timedelta(days=30)
    with app.app_context():
        before = db.session.scalar(sa.select(Card))
        snap = (before.state, before.step, before.stability, before.difficulty, before.due, before.last_review, before.reps)
    api.answer(item_id, 1)
    assert len(_logs(app)) == 2
    assert api.post("undo", {}).json["undone"] == item_id
    with app.app_context():
        after = db.session.scalar(sa.select(Card))
        assert (after.state, after.step, after.stability, after.difficulty, after.due, after.last_review, after.reps) == snap
        assert after.lapses == 0
    assert len(_logs(app)) == 1
    api.post("undo", {})
    assert api.next().json["card"]["state"] == "new"
    assert api.post("undo", {}).status_code == 409


def test_repeated_answer_id_logs_once(app, api):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    first = api.answer(item_id, 3, answer_id="abc-123")
    again = api.answer(item_id, 3, answer_id="abc-123")
    assert first.status_code == again.status_code == 200
    assert again.json["replayed"] is True and again.json["due"] == first.json["due"]
    assert len(_logs(app)) == 1
    other = api.answer("q_other", 3, answer_id="abc-123")
    assert other.status_code in (404, 409)


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"item_id": "q_missing", "rating": 3}, 404, "no such item"),
        ({"rating": 3}, 400, "item_id"),
        ({"item_id": "ITEM", "rating": 7}, 400, "rating must be"),
        ({"item_id": "ITEM", "rating": 3, "duration_ms": -5}, 400, "duration_ms"),
        ({"item_id": "ITEM", "rating": "3"}, 400, "rating must be"),
        ({"item_id": "ITEM"}, 400, "a rating (1-4) is required"),
        ({"item_id": "ITEM", "rating": 3, "surprise": 1}, 400, "unknown field"),
        ([1, 2, 3], 400, "JSON object"),
    ],
)
def test_bad_answers_are_4xx_json_and_change_nothing(app, api, body, status, message):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    if isinstance(body, dict) and body.get("item_id") == "ITEM":
        body = {**body, "item_id": item_id}
    response = api.post("answer", body)
    assert response.status_code == status
    assert message in response.json["message"]
    assert _logs(app) == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Card)) == 0


def test_mcq_response_out_of_range_is_refused(app, api):
    [mcq] = _seed(app, n_fact=0, n_mcq=1)
    assert api.answer(mcq, response=4).status_code == 400
    assert api.answer(mcq, response=True).status_code == 400
    assert _logs(app) == []


def test_malformed_json_and_wrong_content_type(app, api, client):
    _seed(app)
    bad = client.post("/api/v1/study/answer", data="{nope", content_type="application/json",
                      headers={"X-CSRFToken": _csrf(client)})
    assert bad.status_code == 400 and bad.json["status"] == 400
    form = client.post("/api/v1/study/answer", data={"item_id": "x"}, headers={"X-CSRFToken": _csrf(client)})
    assert form.status_code == 415
    assert _logs(app) == []


def _csrf(client):
    from tests.conftest import csrf_from

    return csrf_from(client.get("/study/").get_data(as_text=True))


def test_api_requires_csrf_or_token(app, client, auth, runner):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    auth.register()
    no_csrf = client.post("/api/v1/study/answer", json={"item_id": item_id, "rating": 3})
    assert no_csrf.status_code == 400
    token = runner.invoke(args=["users", "token", "asha"]).output.strip()
    other = app.test_client()
    assert other.get("/api/v1/study/next").status_code == 401
    ok = other.post("/api/v1/study/answer", json={"item_id": item_id, "rating": 3}, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert len(_logs(app)) == 1


def test_users_do_not_see_each_others_cards(app, client, auth, api):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    api.answer(item_id, 4)
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).register("ravi")
    shown = other.get("/api/v1/study/next").json
    assert shown["card"]["state"] == "new" and shown["item"]["id"] == item_id
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog)) == 1


def test_retired_item_leaves_queue_but_keeps_logs(app, api, clock):
    ids = _seed(app, n_fact=2, n_mcq=0)
    api.answer(ids[0], 4)
    with app.app_context():
        from quizapp.models import Item

        db.session.get(Item, ids[0]).status = "retired"
        db.session.commit()
    clock.at += dt.timedelta(days=60)
    assert api.next().json["item"]["id"] == ids[1]
    assert [r.item_id for r in _logs(app)] == [ids[0]]
    assert api.answer(ids[0], 3).status_code == 404


def test_openapi_describes_the_routes(app, client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/") and r.rule != "/api/v1/openapi.json"}
    assert {openapi_path(rule) for rule in rules} == set(doc["paths"])
    assert not any("<" in path for path in doc["paths"])  # OpenAPI spells parameters {name}
    assert openapi_path("/api/v1/writing/attempts/<int:attempt_id>/draft") == "/api/v1/writing/attempts/{attempt_id}/draft"


def test_settings_page_validates_and_reschedules(app, client, auth, api, clock):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    api.answer(item_id, 3)
    clock.at += dt.timedelta(minutes=15)
    api.answer(item_id, 3)  # now in review
    with app.app_context():
        due_before = db.session.scalar(sa.select(Card.due))
    token = auth.csrf("/study/settings")
    bad = client.post("/study/settings", data={"desired_retention": "1.5", "learning_steps": "1x", "relearning_steps": "10m",
                                               "maximum_interval": "36500", "new_per_day": "20", "reviews_per_day": "200", "csrf_token": token})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Choose from 0.71 to 0.99." in html and "is not a step like" in html
    ok = client.post("/study/settings", data={"desired_retention": "0.80", "learning_steps": "1m 10m", "relearning_steps": "10m",
                                              "maximum_interval": "36500", "new_per_day": "5", "reviews_per_day": "100",
                                              "reschedule": "y", "csrf_token": token})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(StudySettings.srs))["desired_retention"] == 0.8
        assert db.session.scalar(sa.select(Card.due)) > due_before  # lower retention: longer interval
    assert "1 cards rescheduled" in client.get("/study/settings").get_data(as_text=True)


def test_srs_optimize_cli_needs_enough_reviews(app, runner, api):
    [item_id] = _seed(app, n_fact=1, n_mcq=0)
    api.answer(item_id, 3)
    result = runner.invoke(args=["srs", "optimize", "--user", "asha"])
    assert result.exit_code == 0
    assert "not enough reviews yet" in result.output


def test_home_page_counts_match_the_queue_without_changing_it(app, client, api):
    _seed(app, n_fact=3, n_mcq=1)
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="due-new">4<' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Card)) == 0  # a GET of the home page creates nothing
    assert api.next().json["counts"] == {"new": 4, "learning": 0, "review": 0}


def test_summary_counts_unseen_items_until_every_item_has_a_card(app, api, clock):
    from quizapp.study import service
    from quizapp.study.queue import Filters

    ids = _seed(app, n_fact=2, n_mcq=0)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        assert service.summary(user_id, Filters(), clock.at)["new"] == 2  # neither has a card yet
    for item_id in ids:
        assert api.answer(item_id, 3).status_code == 200
    with app.app_context():
        assert service.summary(user_id, Filters(), clock.at)["new"] == 0  # the shortcut: a card for every item
        make_item(db.session.get(Item, ids[0]).document, "fact")
        db.session.commit()
        assert service.summary(user_id, Filters(), clock.at)["new"] == 1  # a new item is counted again
