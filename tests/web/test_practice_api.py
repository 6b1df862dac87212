"""Practice tests through the JSON API: building, saving, the deadline, results, mistakes, bad input."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, Item, ReviewLog, User
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.practice import attempts, queries
from tests.builders import make_document, make_item, make_topic

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
BASE = "/api/v1/practice/attempts"
STYLES = ["single", "statements", "how_many", "not"]


def seed_mcqs(app, n=30, topics=("Polity", "Economy", "History")) -> dict[str, int]:
    """``n`` MCQs over a few topics and every style; returns {item_id: key}."""
    with app.app_context():
        doc = make_document("bank-a")
        keys = {}
        for k in range(n):
            item = make_item(doc, "mcq", id=f"mcq-{k:03d}", answer=k % 4, style=STYLES[k % 4],
                             topic=make_topic(topics[k % len(topics)]), tags=["t-even"] if k % 2 == 0 else [],
                             options=[f"opt {k}-{j}" for j in range(4)])
            keys[item.id] = item.answer
        db.session.flush()
        from quizapp.models import ItemTag
        for item_id in keys:
            if int(item_id[-3:]) % 2 == 0:
                db.session.add(ItemTag(item_id=item_id, tag="t-even"))
        db.session.commit()
        return keys

API_PAGE = "/practice/"


class Api:
    def __init__(self, client, token):
        self.client, self.token = client, token

    def create(self, **body):
        return self.client.post(BASE, json=body, headers={"X-CSRFToken": self.token})

    def get(self, attempt_id):
        return self.client.get(f"{BASE}/{attempt_id}")

    def put(self, attempt_id, body):
        return self.client.put(f"{BASE}/{attempt_id}/responses", json=body, headers={"X-CSRFToken": self.token})

    def submit(self, attempt_id):
        return self.client.post(f"{BASE}/{attempt_id}/submit", headers={"X-CSRFToken": self.token})

    def results(self, attempt_id):
        return self.client.get(f"{BASE}/{attempt_id}/results")


def wrong_choice(key: int) -> int:
    return (key + 1) % 4


def snapshot(app, attempt_id):
    with app.app_context():
        return db.session.execute(sa.select(
            PracticeResponse.item_id, PracticeResponse.choice, PracticeResponse.marked, PracticeResponse.visited,
            PracticeResponse.time_spent_ms).where(PracticeResponse.attempt_id == attempt_id)
            .order_by(PracticeResponse.position)).all()


def test_create_shows_shuffled_options_and_no_keys(app, api):
    seed_mcqs(app)
    r = api.create(size=10)
    assert r.status_code == 201, r.json
    body = r.json
    assert body["status"] == "open" and body["question_count"] == 10 and body["scheme"] == "upsc"
    assert body["remaining_ms"] == 10 * 72 * 1000
    assert dt.datetime.fromisoformat(body["deadline"]) == T0 + dt.timedelta(minutes=12)
    assert [q["position"] for q in body["questions"]] == list(range(1, 11))
    assert all(q["state"] == "not-visited" for q in body["questions"])
    assert {s for q in body["questions"] for s in [q["style"]]} == set(STYLES)
    with app.app_context():
        for q in body["questions"]:
            item = db.session.get(Item, q["item_id"])
            assert [o["text"] for o in q["options"]] == [item.options[o["index"]] for o in q["options"]]
            assert sorted(o["index"] for o in q["options"]) == [0, 1, 2, 3]
    assert sum([o["index"] for o in q["options"]] != [0, 1, 2, 3] for q in body["questions"]) >= 5
    assert "answer" not in str(body) and "explanation" not in str(body)


def test_filters_and_a_short_pool(app, api):
    seed_mcqs(app, n=30)
    r = api.create(size=25, topics=["Polity"])
    assert r.status_code == 400
    assert r.json["message"].startswith("Only 10 questions match") and "choose 10 questions" in r.json["message"]
    ok = api.create(size=10, topics=["Polity"], scheme="quarter", time_limit_minutes=5)
    assert ok.status_code == 201
    with app.app_context():
        topics = {db.session.get(Item, q["item_id"]).topic.name for q in ok.json["questions"]}
    assert topics == {"Polity"} and ok.json["remaining_ms"] == 300_000
    tagged = api.create(size=10, tags=["t-even"], banks=["bank-a"])
    assert tagged.status_code == 201
    assert all(int(q["item_id"][-3:]) % 2 == 0 for q in tagged.json["questions"])
    assert api.create(size=10, banks=["no-such-bank"]).json["message"].startswith("Only 0 questions")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 2


def test_saving_is_idempotent_partial_and_resumable(app, api, clock):
    keys = seed_mcqs(app)
    attempt = api.create(size=10).json
    q1, q2 = attempt["questions"][0], attempt["questions"][1]
    body = {"item_id": q1["item_id"], "choice": keys[q1["item_id"]], "time_spent_ms": 4000}
    first, again = api.put(attempt["id"], body), api.put(attempt["id"], body)
    assert first.status_code == again.status_code == 200
    assert first.json == again.json and first.json["state"] == "answered"
    assert api.put(attempt["id"], {"item_id": q1["item_id"], "marked": True, "time_spent_ms": 1000}).json["state"] == "answered-marked"
    assert api.put(attempt["id"], {"item_id": q2["item_id"], "marked": True}).json["state"] == "marked"
    assert api.put(attempt["id"], {"item_id": q2["item_id"], "marked": False}).json["state"] == "not-answered"
    rows = snapshot(app, attempt["id"])
    assert rows[0] == (q1["item_id"], keys[q1["item_id"]], True, True, 4000)  # time only grows
    assert rows[1] == (q2["item_id"], None, False, True, 0)
    assert all(r.choice is None and not r.visited for r in rows[2:])
    # The server is the truth: a fresh load (refresh, second tab) sees the same state and the same clock.
    clock.at += dt.timedelta(minutes=5)
    again = api.get(attempt["id"]).json
    assert [q["state"] for q in again["questions"][:3]] == ["answered-marked", "not-answered", "not-visited"]
    assert again["questions"][0]["choice"] == keys[q1["item_id"]]
    assert again["remaining_ms"] == 7 * 60 * 1000
    assert [q["options"] for q in again["questions"]] == [q["options"] for q in attempt["questions"]]
    assert api.put(attempt["id"], {"item_id": q1["item_id"], "choice": None}).json["state"] == "marked"


@pytest.mark.parametrize("body, message", [
    ({"item_id": "mcq-000", "choice": 4}, "choice must be from 0 to 3"),
    ({"item_id": "mcq-000", "choice": -1}, "choice must be from 0 to 3"),
    ({"item_id": "mcq-000", "choice": "B"}, "choice must be an option index"),
    ({"item_id": "mcq-000", "choice": True}, "choice must be an option index"),
    ({"item_id": "not-in-test", "choice": 1}, "is not in this test"),
    ({"item_id": "mcq-000", "marked": "yes"}, "marked must be true or false"),
    ({"item_id": "mcq-000", "time_spent_ms": -5}, "time_spent_ms must be"),
    ({"item_id": "mcq-000", "choice": 1, "rating": 3}, "unknown field(s): rating"),
    ({"choice": 1}, "item_id must be a non-empty string"),
    ([1, 2], "the body must be a JSON object"),
])
def test_bad_responses_are_4xx_and_change_nothing(app, api, body, message):
    seed_mcqs(app, n=10)
    attempt = api.create(size=10).json
    api.put(attempt["id"], {"item_id": "mcq-000", "choice": 2, "time_spent_ms": 10})
    before = snapshot(app, attempt["id"])
    r = api.put(attempt["id"], body)
    assert r.status_code == 400 and message in r.json["message"] and r.json["status"] == 400
    assert snapshot(app, attempt["id"]) == before


def test_not_json_csrf_and_bad_create(app, api, client):
    seed_mcqs(app, n=10)
    attempt = api.create(size=10).json
    before = snapshot(app, attempt["id"])
    assert client.put(f"{BASE}/{attempt['id']}/responses", data="choice=1", headers={"X-CSRFToken": api.token}).status_code == 415
    no_csrf = client.put(f"{BASE}/{attempt['id']}/responses", json={"item_id": "mcq-000", "choice": 1})
    assert no_csrf.status_code == 400 and "security token" in no_csrf.json["message"]
    assert snapshot(app, attempt["id"]) == before
    for body, message in [({"size": 12}, "Choose 10, 25, 50 or 100"), ({"scheme": "cbse"}, "unknown marking scheme"),
                          ({"time_limit_minutes": 0}, "from 1 to 300"), ({"topics": "Polity"}, "topics must be a list"),
                          ({"retake": True}, "No mistakes to retake")]:
        r = api.create(**body)
        assert r.status_code in (400, 409) and message in r.json["message"], (body, r.json)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 1


def test_another_users_attempt_is_404_everywhere(app, api, client, auth):
    seed_mcqs(app, n=10)
    attempt = api.create(size=10).json
    auth.logout()
    auth.register("bina", "cauvery-basin-2029")
    token = auth.csrf("/practice/")
    other = Api(client, token)
    assert other.get(attempt["id"]).status_code == 404
    assert other.put(attempt["id"], {"item_id": attempt["questions"][0]["item_id"], "choice": 1}).status_code == 404
    assert other.submit(attempt["id"]).status_code == 404
    assert other.results(attempt["id"]).status_code == 404
    assert other.get(999_999).status_code == 404
    assert client.get(f"/practice/{attempt['id']}").status_code == 404
    assert client.get(f"/practice/{attempt['id']}/results").status_code == 404
    assert client.post(f"/practice/{attempt['id']}/submit", data={"csrf_token": token}).status_code == 404
    assert all(r.choice is None for r in snapshot(app, attempt["id"]))
    assert client.get(BASE).json["attempts"] == []


def test_deadline_sweep_submits_with_every_saved_response(app, api, clock, runner):
    keys = seed_mcqs(app)
    attempt = api.create(size=10, time_limit_minutes=2).json
    qs = attempt["questions"]
    plan = {qs[0]["item_id"]: keys[qs[0]["item_id"]], qs[1]["item_id"]: wrong_choice(keys[qs[1]["item_id"]]),
            qs[2]["item_id"]: keys[qs[2]["item_id"]]}
    for n, (item_id, choice) in enumerate(plan.items()):
        clock.at = T0 + dt.timedelta(seconds=30 * n)
        assert api.put(attempt["id"], {"item_id": item_id, "choice": choice, "time_spent_ms": 20_000}).status_code == 200
    api.put(attempt["id"], {"item_id": qs[3]["item_id"], "marked": True})
    # The browser goes away. Just before the deadline the sweep leaves the attempt alone...
    with app.app_context():
        assert attempts.sweep(T0 + dt.timedelta(minutes=2)) == 0
        assert attempts.sweep(T0 + dt.timedelta(minutes=2, seconds=3)) == 1
        assert attempts.sweep(T0 + dt.timedelta(minutes=3)) == 0  # once only
        row = db.session.get(PracticeAttempt, attempt["id"])
        assert row.status == "submitted" and row.submitted_by == "deadline"
        assert row.submitted_at == T0 + dt.timedelta(minutes=2)
        assert Fraction(row.score) == 2 + 2 - Fraction(2, 3)
    saved = {r.item_id: r.choice for r in snapshot(app, attempt["id"]) if r.choice is not None}
    assert saved == plan
    clock.at = T0 + dt.timedelta(minutes=4)
    late = api.put(attempt["id"], {"item_id": qs[4]["item_id"], "choice": 1})
    assert late.status_code == 409 and "submitted" in late.json["message"]
    assert {r.item_id: r.choice for r in snapshot(app, attempt["id"]) if r.choice is not None} == plan
    res = api.results(attempt["id"]).json
    assert (res["correct"], res["wrong"], res["blank"], res["score"]) == (2, 1, 7, "3.33")
    # The CLI wraps the same function.
    second = api.create(size=10, time_limit_minutes=1).json
    api.put(second["id"], {"item_id": second["questions"][0]["item_id"], "choice": 0})
    clock.at += dt.timedelta(minutes=2)
    out = runner.invoke(args=["practice", "sweep"])
    assert out.exit_code == 0 and "Submitted 1 practice test(s)" in out.output
    assert [r.choice for r in snapshot(app, second["id"])][0] == 0


def test_loading_attempts_submits_expired_ones(app, api, clock):
    seed_mcqs(app, n=10)
    attempt = api.create(size=10, time_limit_minutes=1).json
    api.put(attempt["id"], {"item_id": attempt["questions"][0]["item_id"], "choice": 3})
    clock.at += dt.timedelta(minutes=1, seconds=30)
    listed = api.client.get(BASE).json["attempts"]
    assert [(a["id"], a["status"]) for a in listed] == [(attempt["id"], "submitted")]
    assert api.get(attempt["id"]).json["remaining_ms"] == 0
    assert snapshot(app, attempt["id"])[0].choice == 3


def test_wrong_answers_become_due_in_the_study_queue(app, api, clock):
    keys = seed_mcqs(app)
    attempt = api.create(size=10).json
    qs = [q["item_id"] for q in attempt["questions"]]
    wrong, right, blank = qs[:3], qs[3:7], qs[7:]
    for item_id in wrong:
        api.put(attempt["id"], {"item_id": item_id, "choice": wrong_choice(keys[item_id]), "time_spent_ms": 9000})
    for item_id in right:
        api.put(attempt["id"], {"item_id": item_id, "choice": keys[item_id]})
    clock.at += dt.timedelta(minutes=5)
    res = api.submit(attempt["id"])
    assert res.status_code == 200 and res.json["wrong"] == 3
    assert api.submit(attempt["id"]).json == res.json  # idempotent
    with app.app_context():
        logs = db.session.execute(sa.select(ReviewLog.item_id, ReviewLog.rating, ReviewLog.correct, ReviewLog.origin,
                                            ReviewLog.duration_ms, ReviewLog.answer_id)).all()
        assert sorted(logs) == sorted((i, 1, False, "test", 9000, f"test-{attempt['id']}-{i}") for i in wrong)
        cards = dict(db.session.execute(sa.select(Card.item_id, Card.due)).all())
        assert set(cards) == set(wrong) and all(d <= clock.at for d in cards.values())
    # The study queue shows them now, before anything new.
    seen = []
    for _ in wrong:
        nxt = api.client.get("/api/v1/study/next").json
        if not seen:
            assert nxt["counts"]["learning"] == len(wrong)
        seen.append(nxt["item"]["id"])
        r = api.client.post("/api/v1/study/answer", json={"item_id": nxt["item"]["id"], "rating": 3},
                            headers={"X-CSRFToken": api.token})
        assert r.status_code == 200
    assert sorted(seen) == sorted(wrong)
    assert not set(blank) & set(seen)


def test_retake_builds_exactly_the_latest_mistakes(app, api, clock):
    keys = seed_mcqs(app, n=12)
    first = api.create(size=10).json
    ids1 = [q["item_id"] for q in first["questions"]]
    # Test 1: a..d wrong, e right, f blank.
    a, b, c, d, e, f = ids1[:6]
    for i in (a, b, c, d):
        api.put(first["id"], {"item_id": i, "choice": wrong_choice(keys[i])})
    api.put(first["id"], {"item_id": e, "choice": keys[e]})
    clock.at += dt.timedelta(minutes=1)
    api.submit(first["id"])
    # Test 2 (a retake of a..d): a now right, b wrong again, c blank, d wrong.
    clock.at += dt.timedelta(minutes=1)
    second = api.create(retake=True).json
    assert second["kind"] == "retake"
    assert sorted(q["item_id"] for q in second["questions"]) == sorted([a, b, c, d])
    assert second["remaining_ms"] == 4 * 72 * 1000
    api.put(second["id"], {"item_id": a, "choice": keys[a]})
    api.put(second["id"], {"item_id": b, "choice": wrong_choice(keys[b])})
    api.put(second["id"], {"item_id": d, "choice": wrong_choice(keys[d])})
    # An open test's answers do not count until it is submitted.
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        assert queries.mistakes(user_id) == sorted([a, b, c, d])
    clock.at += dt.timedelta(minutes=1)
    api.submit(second["id"])
    with app.app_context():
        assert queries.mistakes(user_id) == sorted([b, c, d])
    third = api.create(retake=True, scheme="none").json
    assert sorted(q["item_id"] for q in third["questions"]) == sorted([b, c, d]) and third["scheme"] == "none"


def test_results_api_figures_and_review(app, api, clock):
    keys = seed_mcqs(app, n=10, topics=("Polity",))
    attempt = api.create(size=10).json
    qs = [q["item_id"] for q in attempt["questions"]]
    for n, item_id in enumerate(qs[:6]):
        choice = keys[item_id] if n < 4 else wrong_choice(keys[item_id])
        api.put(attempt["id"], {"item_id": item_id, "choice": choice, "time_spent_ms": 1000 * (n + 1)})
    clock.at += dt.timedelta(minutes=3)
    open_results = api.results(attempt["id"])
    assert open_results.status_code == 409 and "still open" in open_results.json["message"]
    res = api.submit(attempt["id"]).json
    assert (res["correct"], res["wrong"], res["blank"], res["attempted"]) == (4, 2, 4, 6)
    assert res["score_exact"] == str(Fraction(8) - Fraction(4, 3)) and res["score"] == "6.67"
    assert res["accuracy"] == pytest.approx(4 / 6) and res["attempt_rate"] == 0.6
    assert res["negative_marks_lost"] == "1.33" and res["max_score"] == "20.00"
    assert [s["position"] for s in res["slowest"]] == [6, 5, 4, 3, 2]
    assert res["topics"] == [{"topic": "Polity", "questions": 10, "attempted": 6, "correct": 4,
                              "accuracy": pytest.approx(4 / 6), "marks": "6.67"}]
    review = res["questions"][0]
    assert review["key"] == keys[review["item_id"]] and review["outcome"] == "correct"
    assert review["options"] == attempt["questions"][0]["options"]
    assert review["source_url"].startswith("/library/documents/bank-a?quote=")
