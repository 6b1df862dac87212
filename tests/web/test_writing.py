"""Answer writing through the JSON API and the pages: saves, conflicts, the deadline, ownership, limits."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, Item, KeyPoint
from quizapp.models.writing import DraftVersion, WritingAttempt
from quizapp.writing.service import sweep
from tests.builders import make_document, make_item
from tests.conftest import AuthActions, csrf_from

UTC = dt.UTC
T0 = dt.datetime(2026, 1, 5, 4, 0, tzinfo=UTC)

API_PAGE = "/writing/"


class Api:
    def __init__(self, client, token: str) -> None:
        self.client, self.token = client, token

    def start(self, item_id, mode="timed", **extra):
        return self.client.post("/api/v1/writing/attempts", json={"item_id": item_id, "mode": mode, **extra},
                                headers={"X-CSRFToken": self.token})

    def save(self, attempt_id, text, base, **kw):
        return self.client.put(f"/api/v1/writing/attempts/{attempt_id}/draft", json={"text": text, "base_version": base},
                               headers={"X-CSRFToken": self.token}, **kw)

    def get(self, attempt_id):
        return self.client.get(f"/api/v1/writing/attempts/{attempt_id}")

    def submit(self, attempt_id):
        return self.client.post(f"/api/v1/writing/attempts/{attempt_id}/submit", headers={"X-CSRFToken": self.token})


def seed_prompt(app, **kw) -> str:
    """One essay prompt with two key points, each taught by one fact item."""
    with app.app_context():
        doc = make_document()
        teach_a, teach_b = make_item(doc, "fact"), make_item(doc, "cloze")
        prompt = make_item(doc, "essay", stem="Discuss the monsoon and the rivers.", directive="Discuss", **kw)
        prompt.key_points = [
            KeyPoint(id="kp-a", position=0, text="The monsoon brings rain.", keywords=["monsoon", "rainfall", "June"],
                     fact_ids=[], start=0, end=10, quote="The monsoon arrives in June with heavy rainfall."),
            KeyPoint(id="kp-b", position=1, text="Rivers flood the plains.", keywords=["floods", "plains", "Ganga"],
                     fact_ids=[], start=10, end=20, quote="The Ganga floods the plains."),
        ]
        db.session.flush()
        prompt.key_points[0].teaching_items = [teach_a]
        prompt.key_points[1].teaching_items = [teach_b]
        db.session.commit()
        return prompt.id


def _versions(app, attempt_id):
    with app.app_context():
        return db.session.execute(sa.select(DraftVersion.version, DraftVersion.text, DraftVersion.late)
                                  .where(DraftVersion.attempt_id == attempt_id).order_by(DraftVersion.version)).all()


def test_start_save_and_read_back(app, api, clock):
    item_id = seed_prompt(app)
    res = api.start(item_id)
    assert res.status_code == 201
    a = res.json
    assert a["deadline"] == (T0 + dt.timedelta(minutes=11)).isoformat() and a["remaining_seconds"] == 660
    assert (a["word_limit"], a["time_limit_minutes"], a["version"], a["text"]) == (250, 11, 0, "")
    clock.at += dt.timedelta(seconds=30)
    saved = api.save(a["id"], "First words.", 0)
    assert saved.status_code == 200 and saved.json["version"] == 1
    assert saved.json["saved_at"] == clock.at.isoformat() and saved.json["remaining_seconds"] == 630
    same = api.save(a["id"], "First words.", 1)  # unchanged text: no new version
    assert same.json["version"] == 1
    assert api.save(a["id"], "First words. More.", 1).json["version"] == 2
    got = api.get(a["id"]).json
    assert (got["version"], got["text"], got["status"]) == (2, "First words. More.", "open")
    assert _versions(app, a["id"]) == [(1, "First words.", False), (2, "First words. More.", False)]


def test_practice_mode_has_no_deadline_and_essay_paper_defaults(app, api, clock):
    item_id = seed_prompt(app, marks=125, word_limit=None, time_limit_minutes=None)
    a = api.start(item_id, "practice").json
    assert a["deadline"] is None and a["remaining_seconds"] is None
    assert (a["word_limit"], a["word_min"], a["time_limit_minutes"]) == (1200, 1000, 90)
    clock.at += dt.timedelta(days=2)
    assert api.get(a["id"]).json["status"] == "open"


def test_stale_base_version_is_a_409_with_the_current_text(app, api, clock):
    a = api.start(seed_prompt(app)).json
    assert api.save(a["id"], "tab one", 0).json["version"] == 1
    conflict = api.save(a["id"], "tab two", 0)
    assert conflict.status_code == 409
    assert (conflict.json["version"], conflict.json["text"]) == (1, "tab one")
    assert _versions(app, a["id"]) == [(1, "tab one", False)]
    # The page resolves by saving its text on top of the version it was shown.
    assert api.save(a["id"], "tab two", 1).json["version"] == 2
    assert [v.text for v in _versions(app, a["id"])] == ["tab one", "tab two"]


def test_over_100000_characters_is_a_413_and_the_draft_is_untouched(app, api, clock):
    a = api.start(seed_prompt(app)).json
    api.save(a["id"], "kept", 0)
    res = api.save(a["id"], "x" * 100_001, 1)
    assert res.status_code == 413 and "100,000" in res.json["message"]
    assert api.save(a["id"], "y" * 100_000, 1).status_code == 200  # exactly the limit is fine
    assert [v.version for v in _versions(app, a["id"])] == [1, 2]
    assert api.get(a["id"]).json["version"] == 2


@pytest.mark.parametrize("body,message", [
    ({"text": 5, "base_version": 0}, "text must be a string"),
    ({"text": "a", "base_version": "0"}, "base_version must be a whole number"),
    ({"text": "a", "base_version": -1}, "base_version must be a whole number"),
    ({"text": "a", "base_version": True}, "base_version must be a whole number"),
    ({"text": "a", "base_version": 0, "extra": 1}, "unknown field(s): extra"),
    (["text"], "the body must be a JSON object"),
])
def test_bad_draft_bodies_are_400_json_and_change_nothing(app, api, clock, body, message):
    a = api.start(seed_prompt(app)).json
    api.save(a["id"], "kept", 0)
    res = api.client.put(f"/api/v1/writing/attempts/{a['id']}/draft", json=body, headers={"X-CSRFToken": api.token})
    assert res.status_code == 400 and message in res.json["message"] and res.json["status"] == 400
    assert _versions(app, a["id"]) == [(1, "kept", False)]


def test_bad_starts_and_non_json(app, api, clock):
    item_id = seed_prompt(app)
    assert api.start(item_id, "exam").status_code == 400
    assert "unknown field(s): x" in api.start(item_id, x=1).json["message"]
    assert api.start("no-such-item").status_code == 404
    with app.app_context():
        not_essay = db.session.scalar(sa.select(Item.id).where(Item.type == "fact"))
    assert api.start(not_essay).status_code == 404
    res = api.client.put("/api/v1/writing/attempts/1/draft", data="text", headers={"X-CSRFToken": api.token})
    assert res.status_code == 415
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(WritingAttempt)) == 0


def test_csrf_is_required_for_session_saves(app, api, clock):
    a = api.start(seed_prompt(app)).json
    res = api.client.put(f"/api/v1/writing/attempts/{a['id']}/draft", json={"text": "x", "base_version": 0})
    assert res.status_code == 400
    assert _versions(app, a["id"]) == []


def test_another_users_attempt_is_a_404_everywhere(app, client, api, clock):
    a = api.start(seed_prompt(app)).json
    api.save(a["id"], "mine", 0)
    auth = AuthActions(client)
    auth.logout()
    auth.register("ravi", "brahmaputra-basin-77")
    token = auth.csrf("/writing/")
    other = Api(client, token)
    assert other.get(a["id"]).status_code == 404
    assert other.save(a["id"], "theirs", 1).status_code == 404
    assert other.submit(a["id"]).status_code == 404
    for path in (f"/writing/attempts/{a['id']}", f"/writing/attempts/{a['id']}/history"):
        assert client.get(path).status_code == 404
    assert client.post(f"/writing/attempts/{a['id']}/submit", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/writing/attempts/{a['id']}/assess", data={"csrf_token": token}).status_code == 404
    assert _versions(app, a["id"]) == [(1, "mine", False)]
    with app.app_context():
        assert db.session.get(WritingAttempt, a["id"]).status == "open"


def test_deadline_sweep_submits_the_last_saved_text_and_later_saves_are_late(app, api, clock):
    a = api.start(seed_prompt(app)).json
    clock.at += dt.timedelta(minutes=5)
    api.save(a["id"], "The monsoon brings rainfall in June.", 0)
    clock.at += dt.timedelta(minutes=5, seconds=59)
    assert api.save(a["id"], "The monsoon brings rainfall in June. Floods hit the plains.", 1).json["version"] == 2
    # The browser goes away. One second after the deadline the sweep submits.
    with app.app_context():
        assert sweep(T0 + dt.timedelta(minutes=10, seconds=59)) == 0
        assert sweep(T0 + dt.timedelta(minutes=11, seconds=1)) == 1
        assert sweep(T0 + dt.timedelta(minutes=12)) == 0  # idempotent
        attempt = db.session.get(WritingAttempt, a["id"])
        assert (attempt.status, attempt.submitted_by, attempt.submitted_version) == ("submitted", "deadline", 2)
        assert attempt.submitted_at == T0 + dt.timedelta(minutes=11)
        assert attempt.feedback["coverage"]["covered"] == 2
    clock.at = T0 + dt.timedelta(minutes=12)
    late = api.save(a["id"], "A late afterthought.", 2)
    assert late.status_code == 200 and late.json["late"] is True and late.json["version"] == 3
    assert _versions(app, a["id"])[-1] == (3, "A late afterthought.", True)
    got = api.get(a["id"]).json
    assert got["submitted_version"] == 2 and got["text"] == "A late afterthought."
    assert got["feedback"]["words"] == 10  # scored on version 2, not the late text
    page = api.client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
    assert "automatically at the deadline" in page and "1 version saved after the deadline" in page


def test_next_request_after_the_deadline_submits_without_the_sweep(app, api, clock):
    a = api.start(seed_prompt(app)).json
    api.save(a["id"], "Only rivers and floods on the plains.", 0)
    clock.at += dt.timedelta(minutes=11)
    res = api.save(a["id"], "typed at the very deadline", 1)
    assert res.json["late"] is True and res.json["status"] == "submitted"
    with app.app_context():
        attempt = db.session.get(WritingAttempt, a["id"])
        assert (attempt.submitted_version, attempt.submitted_by) == (1, "deadline")


def test_index_page_submits_expired_attempts_and_shows_due(app, client, api, clock):
    item_id = seed_prompt(app)
    a = api.start(item_id).json
    clock.at += dt.timedelta(minutes=20)
    page = client.get("/writing/").get_data(as_text=True)
    assert "Discuss the monsoon and the rivers." in page and "submitted" in page
    with app.app_context():
        assert db.session.get(WritingAttempt, a["id"]).submitted_version == 0


def test_submit_queues_only_missed_points_and_assessment_rates_the_card(app, client, api, clock):
    item_id = seed_prompt(app)
    a = api.start(item_id).json
    api.save(a["id"], "Intro.\nThe monsoon arrives in June with rainfall.\nThus, prepare.", 0)
    clock.at += dt.timedelta(minutes=8)
    res = api.submit(a["id"])
    assert res.status_code == 200 and res.json["status"] == "submitted"
    points = {p["id"]: p["covered"] for p in res.json["feedback"]["coverage"]["points"]}
    assert points == {"kp-a": True, "kp-b": False}
    [queued] = res.json["queued"]
    assert queued["key_point_id"] == "kp-b"
    with app.app_context():
        cards = dict(db.session.execute(sa.select(Card.item_id, Card.due)).all())
    assert list(cards) == [queued["item_id"]] and cards[queued["item_id"]] <= clock.at
    assert api.submit(a["id"]).json["queued"] == res.json["queued"]  # idempotent
    page = client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
    token = csrf_from(page)
    bad = client.post(f"/writing/attempts/{a['id']}/assess", data={"csrf_token": token, "content": "9", "structure": "2",
                                                                   "examples": "2", "presentation": "2"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    ok = client.post(f"/writing/attempts/{a['id']}/assess", data={"csrf_token": token, "content": "3", "structure": "3",
                                                                  "examples": "2", "presentation": "3"})
    assert ok.status_code == 302
    with app.app_context():
        attempt = db.session.get(WritingAttempt, a["id"])
        assert attempt.rating == 2  # 1 of 2 points (50 %): Hard
        prompt_card = db.session.scalar(sa.select(Card).where(Card.item_id == item_id))
        assert prompt_card.reps == 1 and prompt_card.due > clock.at
    again = client.post(f"/writing/attempts/{a['id']}/assess", data={"csrf_token": token, "content": "4", "structure": "4",
                                                                     "examples": "4", "presentation": "4"})
    assert again.status_code == 409
    with app.app_context():
        assert db.session.get(WritingAttempt, a["id"]).rating == 2


def test_answers_are_inert_in_feedback_history_and_diff(app, client, api, clock):
    a = api.start(seed_prompt(app)).json
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> monsoon'
    api.save(a["id"], "plain start", 0)
    api.save(a["id"], evil, 1)
    api.submit(a["id"])
    pages = [client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True),
             client.get(f"/writing/attempts/{a['id']}/history?a=1&b=2").get_data(as_text=True)]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert html.escape(evil, quote=False).split("&lt;img")[0] in page.replace("&#34;", '"')
    assert "<ins>&lt;script&gt;" in pages[1]
    assert client.get(f"/api/v1/writing/attempts/{a['id']}").json["text"] == evil


def test_pages_render_for_the_writer(app, client, api, clock):
    item_id = seed_prompt(app)
    page = client.get(f"/writing/prompts/{item_id}")
    assert page.status_code == 200 and "Start writing" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    started = client.post(f"/writing/prompts/{item_id}/start", data={"csrf_token": token, "mode": "practice"})
    assert started.status_code == 302
    write = client.get(started.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="answer"' in write and "Untimed practice" in write and "Discuss" in write
    assert client.get("/writing/prompts/nope").status_code == 404
    with app.app_context():
        attempt = db.session.scalar(sa.select(WritingAttempt))
        assert attempt.mode == "practice" and attempt.deadline is None
    assert client.post(f"/writing/attempts/{attempt.id}/submit", data={"csrf_token": token}).status_code == 302
    assert "Self-assessment" in client.get(f"/writing/attempts/{attempt.id}").get_data(as_text=True)


def test_sweep_command(app, runner, api, clock):
    api.start(seed_prompt(app))
    clock.at += dt.timedelta(hours=1)
    result = runner.invoke(args=["writing", "sweep"])
    assert result.exit_code == 0 and "Submitted 1 attempt(s)" in result.output


def test_a_second_start_resumes_the_unfinished_attempt(app, api, clock, client):
    item_id = seed_prompt(app)
    first = api.start(item_id)
    assert api.save(first.json["id"], "Kept words.", 0).status_code == 200
    clock.at += dt.timedelta(minutes=2)
    again = api.start(item_id, "practice")  # another tab, or Start pressed twice
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert (again.json["text"], again.json["deadline"]) == ("Kept words.", first.json["deadline"])
    page = client.post(f"/writing/prompts/{item_id}/start", data={"mode": "timed", "csrf_token": api.token})
    assert page.headers["Location"].endswith(f"/writing/attempts/{first.json['id']}")
    assert api.submit(first.json["id"]).status_code == 200
    fresh = api.start(item_id)  # once submitted, Start begins a new attempt
    assert fresh.status_code == 201 and fresh.json["id"] != first.json["id"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(WritingAttempt)) == 2


def test_prompt_page_offers_to_continue_an_unfinished_answer(app, api, client):
    item_id = seed_prompt(app)
    page = client.get(f"/writing/prompts/{item_id}").get_data(as_text=True)
    assert "Start writing" in page and 'data-testid="continue"' not in page
    attempt_id = api.start(item_id).json["id"]
    page = client.get(f"/writing/prompts/{item_id}").get_data(as_text=True)
    assert f'href="/writing/attempts/{attempt_id}"' in page and 'data-testid="continue"' in page
    assert "Start writing" not in page
