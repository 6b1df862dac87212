"""Input that used to answer 500 (issue 15, findings 4, 13 and 14): each is now a form error or a 4xx JSON, and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item, ReviewLog, StudySettings
from quizapp.models.practice import PracticeAttempt
from quizapp.models.writing import WritingAttempt
from quizapp.writing import service as writing
from tests.conftest import csrf_from
from tests.web.test_practice_api import Api as PracticeApi
from tests.web.test_practice_api import seed_mcqs, wrong_choice
from tests.web.test_writing import Api as WritingApi
from tests.web.test_writing import seed_prompt

SETTINGS = {"desired_retention": "0.90", "learning_steps": "1m 10m", "relearning_steps": "10m",
            "maximum_interval": "36500", "new_per_day": "20", "reviews_per_day": "200"}


def _settings_row(app):
    with app.app_context():
        row = db.session.get(StudySettings, 1)
        return None if row is None else (row.srs, row.timezone)


@pytest.mark.parametrize("field, value, shown", [
    ("desired_retention", "0.70", "Choose from 0.71 to 0.99."),  # the form used to offer 0.70; fsrs needs more
    ("desired_retention", "sNaN", "Choose from 0.71 to 0.99."),
    ("desired_retention", "NaN", "Choose from 0.71 to 0.99."),
    ("desired_retention", "9" * 310, "Choose from 0.71 to 0.99."),
    ("learning_steps", "0s", "each step must be from 1s to 365d"),
    ("relearning_steps", "0m", "each step must be from 1s to 365d"),
    ("learning_steps", "1000000000d", "each step must be from 1s to 365d"),
    ("learning_steps", "9" * 310 + "d", "each step must be from 1s to 365d"),
    ("learning_steps", "1m " * 500, "at most 20 steps"),
    ("maximum_interval", "9" * 310, "Number must be between 1 and 36500."),
    ("new_per_day", "9" * 310, "Number must be between 0 and 9999."),
    ("reviews_per_day", "-" + "9" * 310, "Number must be between 0 and 99999."),
])
def test_settings_form_refuses_odd_numbers_with_a_message(app, client, auth, field, value, shown):
    auth.register()
    token = auth.csrf("/study/settings")
    before = _settings_row(app)
    r = client.post("/study/settings", data={**SETTINGS, field: value, "csrf_token": token})
    assert r.status_code == 422
    assert shown in r.get_data(as_text=True)
    assert _settings_row(app) == before


def test_retention_just_above_the_schedulers_bound_is_saved(app, client, auth):
    auth.register()
    r = client.post("/study/settings", data={**SETTINGS, "desired_retention": "0.71", "csrf_token": auth.csrf("/study/settings")})
    assert r.status_code == 302
    assert _settings_row(app)[0]["desired_retention"] == 0.71


@pytest.mark.parametrize("minutes", ["9" * 310, "-" + "9" * 310, "sNaN"])
def test_practice_time_limit_with_310_digits_is_a_form_error(app, client, auth, minutes):
    seed_mcqs(app, n=10)
    auth.register()
    r = client.post("/practice/", data={"size": "10", "scheme": "upsc", "minutes": minutes, "csrf_token": auth.csrf("/practice/")})
    assert r.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 0


@pytest.fixture
def token(client, auth):
    auth.register()
    return auth.csrf("/study/")


JSON_ENDPOINTS = [("post", "/api/v1/study/answer"), ("post", "/api/v1/study/suspend"), ("post", "/api/v1/study/flag"),
                  ("post", "/api/v1/practice/attempts"), ("put", "/api/v1/practice/attempts/1/responses"),
                  ("post", "/api/v1/writing/attempts"), ("put", "/api/v1/writing/attempts/1/draft")]


@pytest.mark.parametrize("method, path", JSON_ENDPOINTS)
def test_deep_nesting_is_a_400_before_parsing(client, token, method, path):
    body = '{"item_id": ' + "[" * 974 + "]" * 974 + "}"
    r = getattr(client, method)(path, data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 400 and "nests" in r.json["message"]
    just_deep_enough = '{"item_id": ' + "[" * 31 + "]" * 31 + "}"
    r = getattr(client, method)(path, data=just_deep_enough, content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code in (400, 404) and "nests" not in r.json["message"]


@pytest.mark.parametrize("method, path", JSON_ENDPOINTS)
def test_bodies_over_a_mebibyte_are_a_413(client, token, method, path):
    body = '{"text": "' + "x" * (1024 * 1024) + '", "base_version": 0}'
    r = getattr(client, method)(path, data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 413 and r.json["status"] == 413


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_not_numbers(client, token, literal):
    r = client.post("/api/v1/study/answer", data='{"item_id": "x", "rating": 3, "duration_ms": ' + literal + "}",
                    content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 400


def test_a_lone_surrogate_in_an_item_id_or_a_draft_is_a_400(app, client, auth, token):
    raw = '{"item_id": "q\\ud800", "rating": 3}'
    r = client.post("/api/v1/study/answer", data=raw, content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 400 and "surrogate" in r.json["message"]
    api = WritingApi(client, auth.csrf("/writing/"))
    a = api.start(seed_prompt(app)).json
    r = client.put(f"/api/v1/writing/attempts/{a['id']}/draft", data='{"text": "monsoon \\udfff", "base_version": 0}',
                   content_type="application/json", headers={"X-CSRFToken": token})
    assert r.status_code == 400 and "surrogate" in r.json["message"]
    assert api.get(a["id"]).json["version"] == 0
    paired = client.put(f"/api/v1/writing/attempts/{a['id']}/draft", data='{"text": "\\ud83d\\ude00", "base_version": 0}',
                        content_type="application/json", headers={"X-CSRFToken": token})
    assert paired.status_code == 200  # a proper pair is an emoji, not a surrogate


@pytest.mark.parametrize("path", ["/api/v1/writing/attempts/9223372036854775808", "/api/v1/practice/attempts/99999999999999999999",
                                  "/practice/9223372036854775808", "/writing/attempts/9223372036854775808",
                                  "/api/v1/writing/attempts/2147483648", "/practice/2147483648/results"])
def test_path_ids_beyond_the_id_columns_are_a_404(client, token, path):
    assert client.get(path).status_code == 404


def test_the_largest_id_is_a_plain_404(client, token):
    assert client.get("/api/v1/writing/attempts/2147483647").status_code == 404
    assert client.get("/api/v1/practice/attempts/2147483647").status_code == 404


def test_retake_whose_items_cannot_make_a_test_is_a_409_not_a_500(app, client, auth):
    keys = seed_mcqs(app, n=10)
    auth.register()
    api = PracticeApi(client, auth.csrf("/practice/"))
    attempt = api.create(size=10).json
    wrong = attempt["questions"][0]["item_id"]
    api.put(attempt["id"], {"item_id": wrong, "choice": wrong_choice(keys[wrong])})
    assert api.submit(attempt["id"]).status_code == 200
    with app.app_context():  # the bank was rebuilt: the mistake's item now has a single option
        db.session.get(Item, wrong).options = ["only one"]
        db.session.commit()
    r = api.create(retake=True)
    assert r.status_code == 409 and "no questions" in r.json["message"]
    page = client.post("/practice/retake", data={"csrf_token": api.token}, follow_redirects=True)
    assert page.status_code == 200 and "no questions to put in this test" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)) == 1


def test_two_simultaneous_self_assessments_give_one_rating_and_a_409(app, client, auth):
    """The first request read the attempt (no rating yet); the second commits in between, on its own connection."""
    prompt = seed_prompt(app)
    auth.register()
    api = WritingApi(client, auth.csrf("/writing/"))
    a = api.start(prompt).json
    api.save(a["id"], "The monsoon arrives in June with rainfall.", 0)
    assert api.submit(a["id"]).status_code == 200
    marks = {"content": 3, "structure": 3, "examples": 2, "presentation": 3}
    at = dt.datetime.now(dt.UTC)
    with app.app_context():
        uid = db.session.scalar(sa.select(WritingAttempt.user_id))
        first = db.session.get(WritingAttempt, a["id"])
        assert first.rating is None
        # Meanwhile, another request (its own app context, session and connection) assesses and commits.
        page = client.get(f"/writing/attempts/{a['id']}").get_data(as_text=True)
        other = client.post(f"/writing/attempts/{a['id']}/assess", data={"csrf_token": csrf_from(page), **marks})
        assert other.status_code == 302
        with pytest.raises(writing.ClientError) as refused:
            writing.assess(uid, first, marks, at)
        assert refused.value.status == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(ReviewLog.origin == "writing")) == 1
        assert db.session.get(WritingAttempt, a["id"]).rating is not None


@pytest.mark.parametrize("path", ["/library/items/q%ED%A0%80", "/writing/prompts/e%ED%A0%80", "/library/documents/d%ED%A0%80",
                                  "/library/items/%FF%FE"])
def test_undecodable_bytes_in_a_path_are_a_404(client, token, path):
    assert client.get(path).status_code == 404


def _rows(app) -> tuple[int, ...]:
    from quizapp.models import AuthThrottle, User
    from quizapp.models.writing import WritingAttempt as Attempt

    with app.app_context():
        return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (User, AuthThrottle, Attempt))


def test_a_nul_character_in_a_form_a_query_or_json_is_a_400_that_writes_nothing(app, client, auth, token):
    """PostgreSQL cannot store NUL in text (the fuzz test's "é\\x00" username was a 500 there); SQLite can, so the
    refusal is the app's, the same on both."""
    auth.logout()
    before = _rows(app)
    r = auth.login("é\x00", "monsoon-syllabus-42")
    assert r.status_code == 400 and "NUL" in r.get_data(as_text=True)
    assert auth.register("ra\x00vi").status_code == 400
    assert _rows(app) == before
    auth.login()
    assert client.get("/study/browse/", query_string={"q": "Wu\x00han"}).status_code == 400
    r = client.post("/api/v1/writing/attempts", json={"prompt_id": "x\x00"}, headers={"X-CSRFToken": auth.csrf("/study/")})
    assert r.status_code == 400 and "NUL" in r.json["message"]
    assert client.get("/study/browse/", query_string={"q": "Wuhan"}).status_code == 200
    assert _rows(app)[2] == before[2]
