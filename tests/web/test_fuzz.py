"""Malformed input to every JSON endpoint and every form: never a 5xx, never a change (issue 15's fuzz test).

A seeded generator (the same bodies on every run, so a failure reproduces)
sends at least 300 malformed bodies to each JSON endpoint in
/api/v1/openapi.json that takes a body, and at least 100 to each form: wrong
types, missing and unknown fields, deep nesting, huge numbers, NaN, lone
surrogates, long strings, broken JSON, non-UTF-8 bytes and wrong content
types. "Malformed" is checked, not assumed: a mutated JSON body that happens
to satisfy its schema is mutated again, and a form body always carries at
least one value its form refuses (or a wrong CSRF token, for button-only
forms). Before and after, every row of the user's tables is read; they must
be identical.
"""

from __future__ import annotations

import json
import random
import time

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.api.openapi import document
from quizapp.api.schema import _Validator
from quizapp.extensions import db
from quizapp.models import User
from tests.conftest import csrf_from
from tests.web.test_practice_api import Api as PracticeApi
from tests.web.test_practice_api import seed_mcqs
from tests.web.test_writing import Api as WritingApi
from tests.web.test_writing import seed_prompt

JSON_BODIES, FORM_BODIES = 300, 100
USER_TABLES = ("user", "card", "review_log", "study_settings", "study_queue", "practice_attempt", "practice_response",
               "writing_attempt", "draft_version")
PASSWORD = "monsoon-syllabus-42"

WRONG = [None, True, False, 0, -1, 1.5, -0.0, 10**310, -(2**63), 2**64, 1e308, "", "x" * 5000, "\ud800", "a\udfffb",
         "<script>alert(1)</script>", "9" * 310, "NaN", "sNaN", [], {}, [1, [2, [3]]], {"a": {"b": {}}}, ["x"] * 50]


def _nested(rng: random.Random) -> str:
    depth = rng.choice([33, 40, 100, 974, 3000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    return '{"item_id": ' + opener * depth + "1" + closer * depth + "}"


def _raw_defect(rng: random.Random, valid: dict) -> tuple[bytes | str, str]:
    text = json.dumps(valid)
    return rng.choice([
        lambda: (text[:-1], "application/json"),                       # truncated
        lambda: (text.replace('"', "'"), "application/json"),           # not JSON quotes
        lambda: ("", "application/json"),
        lambda: ("nul", "application/json"),
        lambda: (text[:-1] + ', "x": NaN}', "application/json"),
        lambda: (text[:-1] + ', "x": -Infinity}', "application/json"),
        lambda: (text[:-1] + ', "x": 1' + "0" * 5000 + "}", "application/json"),
        lambda: (text[:-1] + ', "x": 1e999}', "application/json"),
        lambda: (_nested(rng), "application/json"),
        lambda: (text.replace("}", ', "z": "\\ud800"}', 1), "application/json"),
        lambda: (b'{"item_id": "\xff\xfe"}', "application/json"),
        lambda: (text, "text/plain"),
        lambda: (text, "application/x-www-form-urlencoded"),
        lambda: ("item_id=x&rating=3", "application/x-www-form-urlencoded"),
        lambda: (text, "multipart/form-data; boundary=zz"),
    ])()


def _mutate(rng: random.Random, schema: dict, valid: dict):
    """A JSON value that violates ``schema``; checked with the same validator the API runs."""
    validator = _Validator(schema)
    for _ in range(20):
        body = dict(valid)
        roll = rng.random()
        if roll < 0.1:
            body = rng.choice([[], [body], "body", 42, None, True])
        elif roll < 0.2 and schema.get("required"):
            body.pop(rng.choice(schema["required"]), None)
        elif roll < 0.3 and schema.get("additionalProperties") is False:
            body[rng.choice(["zz", "__proto__", "rating ", "\u00e9"])] = rng.choice(WRONG)
        else:
            for field in rng.sample(sorted(schema["properties"]), k=min(len(schema["properties"]), rng.randint(1, 3))):
                body[field] = rng.choice(WRONG)
        if not validator.is_valid(body):
            return body
    return [valid]


def json_cases(rng: random.Random, schema: dict, n: int):
    valid = schema["examples"][0]
    for k in range(n):
        if k % 3 == 0:
            yield _raw_defect(rng, valid)
        else:
            yield json.dumps(_mutate(rng, schema, valid)), "application/json"


BAD_FORM_VALUES = ["", "sNaN", "NaN", "inf", "-1", "9" * 310, "-" + "9" * 310, "1e310", "0s", "1000000000d", "x" * 5000,
                   "<b>", "\u00e9\u0000", "0.70", "1.5", "99", "timed ", "%ED%A0%80"]


def _form_body(rng: random.Random, fields: dict, token: str, forced: str | None):
    data = {"csrf_token": token}
    for name, good in fields.items():
        roll = rng.random()
        if roll < 0.15:
            continue  # missing
        data[name] = rng.choice(BAD_FORM_VALUES) if roll < 0.6 else good
    if forced:
        data[forced] = rng.choice(FORCED[forced])
    else:  # a button-only form: any valid token would be a real request, so the token itself is bad
        data["csrf_token"] = rng.choice(["", token[:-2], token[::-1], "x" * 4000, None])
    if data.get("csrf_token") is None:
        data.pop("csrf_token")
    if rng.random() < 0.1:
        data[rng.choice(["zz", "csrf_token2"])] = rng.choice(BAD_FORM_VALUES)
    return data


# Values each forced field's form always refuses.
FORCED = {
    "desired_retention": ["0.70", "sNaN", "NaN", "9" * 310, "-1", "", "abc", "1.00", "0.5"],
    "size": ["", "12", "0", "9" * 310, "-10", "ten", "10.0"],
    "mode": ["", "exam", "TIMED", "9" * 310, "timed\u0000"],
    "content": ["", "9", "-1", "9" * 310, "x"],
    "confirm": ["never-the-password"],
    # Mostly blank: a non-blank wrong password costs an scrypt hash (a tenth of a second), and the
    # point here is malformed input, which the brute-force tests cover for real passwords.
    "current": ["", "", "", "", "", "", "", "", "wrong-password", "x" * 5000],
    "password": ["", "", "", "", "", "", "", "", "wrong-password", "x" * 5000],
    "username": ["", "a", "x" * 5000, "<script>", "two words", "\u0000"],
}


def _state(app) -> dict:
    with app.app_context():
        conn = db.session.connection()
        out = {}
        for table in USER_TABLES:
            t = db.metadata.tables[table]
            out[table] = [tuple(map(repr, row)) for row in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
        db.session.rollback()
        return out


@pytest.fixture
def world(app, client, auth):
    """A user with a card answered, an open mock test, an open and a submitted answer."""
    seed_mcqs(app, n=10)
    auth.register()
    with app.app_context():
        # The same password under a cheaper scrypt (n=2^10 instead of 2^15): the forms below check it about
        # forty times, each a tenth of a second at full cost, and what is under test is the handling of
        # malformed input, not the hash. check_password_hash reads the cost from the stored hash.
        user = db.session.scalar(sa.select(User).where(User.username == "asha"))
        assert check_password_hash(user.password_hash, PASSWORD)
        user.password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
        db.session.commit()
    token = auth.csrf("/study/")
    first = client.get("/api/v1/study/next").json["item"]["id"]
    assert client.post("/api/v1/study/answer", json={"item_id": first, "rating": 3},
                       headers={"X-CSRFToken": token}).status_code == 200
    # The prompt comes after the answer: new cards come in a mixed order now, and an essay card is
    # rated from what is written, never from study.
    prompt = seed_prompt(app)
    practice = PracticeApi(client, token).create(size=10).json
    writing = WritingApi(client, token)
    done = writing.start(prompt).json
    writing.save(done["id"], "The monsoon arrives in June.", 0)
    writing.submit(done["id"])
    return {"token": token, "practice": practice["id"], "writing": done["id"], "prompt": prompt, "item": first}


def _json_endpoints(world):
    doc = document()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            if not ref:
                continue
            schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
            attempt = world["writing"] if "/writing/" in path else world["practice"]
            yield method, path.replace("{attempt_id}", str(attempt)), schema


def test_fuzz_json_and_forms_never_5xx_and_change_nothing(app, client, world):
    started = time.monotonic()
    rng = random.Random(20261201)
    token = world["token"]
    before = _state(app)
    failures, counts, spent = [], {}, {}

    endpoints = list(_json_endpoints(world))
    assert len(endpoints) == 8
    for method, path, schema in endpoints:
        for body, content_type in json_cases(rng, schema, JSON_BODIES):
            t0 = time.monotonic()
            r = client.open(path, method=method.upper(), data=body, content_type=content_type, headers={"X-CSRFToken": token})
            counts[path] = counts.get(path, 0) + 1
            spent[path] = spent.get(path, 0.0) + time.monotonic() - t0
            if not 400 <= r.status_code < 500:
                failures.append((method, path, str(body)[:200], r.status_code))

    page = client.get(f"/writing/attempts/{world['writing']}").get_data(as_text=True)
    form_token = csrf_from(page)
    forms = [
        ("/study/settings", {"desired_retention": "0.9", "learning_steps": "1m", "relearning_steps": "10m",
                             "maximum_interval": "365", "new_per_day": "20", "reviews_per_day": "200", "reschedule": "y"},
         "desired_retention"),
        ("/study/settings/optimise", {}, None),
        ("/practice/", {"banks": "bank-a", "topics": "Polity", "tags": "t-even", "size": "10", "scheme": "upsc", "minutes": "5"},
         "size"),
        ("/practice/retake", {}, None),
        (f"/practice/{world['practice']}/submit", {}, None),
        (f"/writing/prompts/{world['prompt']}/start", {"mode": "timed"}, "mode"),
        (f"/writing/attempts/{world['writing']}/submit", {}, None),
        (f"/writing/attempts/{world['writing']}/assess",
         {"content": "3", "structure": "3", "examples": "2", "presentation": "3"}, "content"),
        ("/auth/login", {"username": "asha", "password": "wrong", "remember": "y", "next": "/"}, "password"),
        ("/auth/register", {"username": "ravi", "password": PASSWORD, "confirm": PASSWORD}, "confirm"),
        ("/auth/account/password", {"current": "wrong", "password": "a-new-long-password", "confirm": "a-new-long-password"},
         "current"),
        ("/auth/account/delete", {"password": "wrong", "confirm": "asha"}, "password"),
        ("/progress/import", {}, None),
    ]
    for path, fields, forced in forms:
        for k in range(FORM_BODIES):
            data = _form_body(rng, fields, form_token, forced)
            t0 = time.monotonic()
            roll = k % 10
            if roll == 0:
                r = client.post(path, data=json.dumps(data), content_type="application/json")
            elif roll == 1:
                raw = "&".join(f"{key}={value}" for key, value in data.items() if isinstance(value, str))
                r = client.post(path, data=raw.encode() + b"&x=%ED%A0%80%FF", content_type="application/x-www-form-urlencoded")
            elif roll == 2:
                r = client.post(path, data=data, content_type="multipart/form-data")
            else:
                r = client.post(path, data=data)
            counts[path] = counts.get(path, 0) + 1
            spent[path] = spent.get(path, 0.0) + time.monotonic() - t0
            if r.status_code >= 500:
                failures.append(("post", path, str(data)[:200], r.status_code))

    assert failures == []
    assert min(counts[p] for _, p, _ in endpoints) >= JSON_BODIES
    assert min(counts[p] for p, _, _ in forms) >= FORM_BODIES
    after = _state(app)
    assert {t: rows for t, rows in after.items() if rows != before[t]} == {}
    # Still logged in and working: the fuzz did not knock the session out.
    assert client.get("/api/v1/progress/summary").status_code == 200
    print(f"fuzz: {sum(counts.values())} requests in {time.monotonic() - started:.1f} s;",
          ", ".join(f"{p} {t:.1f}" for p, t in sorted(spent.items(), key=lambda kv: -kv[1])))
