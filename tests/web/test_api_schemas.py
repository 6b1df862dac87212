"""The OpenAPI document's request schemas are the validators: every example passes, every bound holds at its edge.

Each request body's schema (``components.schemas``) is read from the served
document; the body is posted with each documented example, and with every
``minimum``/``maximum``/``minLength``/``maxLength`` just inside and just
outside. Inside, the field's own ``x-error`` never appears; outside, it does.
Path ids name no row, so a body that passes the schema ends as a 404 (or a
service's own 4xx), which shows validation ran first.
"""

from __future__ import annotations

import pytest

from quizapp.api.openapi import document
from quizapp.api.schema import MAX_DEPTH, too_deep

SCHEMA_ERRORS = ("unknown field(s)", "the body must be a JSON object")


def _bodies():
    doc = document()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[1]
                yield method, path.replace("{attempt_id}", "999999"), name, doc["components"]["schemas"][name]


BODIES = list(_bodies())


def _x_errors(schema):
    return [p["x-error"] for p in schema["properties"].values() if "x-error" in p]


def _post(client, token, method, path, body):
    return getattr(client, method)(path, json=body, headers={"X-CSRFToken": token})


@pytest.fixture
def token(client, auth):
    auth.register()
    return auth.csrf("/study/")


def test_the_served_document_is_the_one_the_validators_use(client, token):
    assert client.get("/api/v1/openapi.json").json == document()


def test_every_request_body_is_documented_with_examples():
    names = {name for *_, name, _ in BODIES}
    assert names == {"Answer", "Toggle", "Skip", "Flag", "PracticeCreate", "PracticeResponse", "WritingStart", "DraftSave"}
    assert all(schema.get("examples") for *_, schema in BODIES)


@pytest.mark.parametrize("method, path, name, schema", BODIES, ids=[b[2] for b in BODIES])
def test_every_documented_example_passes_validation(client, token, method, path, name, schema):
    for example in schema["examples"]:
        r = _post(client, token, method, path, example)
        assert r.status_code < 500, (example, r.json)
        message = (r.json or {}).get("message", "")
        assert not any(e in message for e in (*SCHEMA_ERRORS, *_x_errors(schema))), (example, message)


def _edges(prop):
    """(inside, outside) values at each documented bound of one property."""
    if "minimum" in prop:
        yield prop["minimum"], prop["minimum"] - 1
    if "maximum" in prop:
        yield prop["maximum"], prop["maximum"] + 1
    if "minLength" in prop:
        yield "a" * prop["minLength"], "a" * (prop["minLength"] - 1)
    if "maxLength" in prop:
        yield "a" * prop["maxLength"], "a" * (prop["maxLength"] + 1)


CASES = [(m, p, n, s, field, inside, outside)
         for m, p, n, s in BODIES for field, prop in s["properties"].items() for inside, outside in _edges(prop)]


@pytest.mark.parametrize("method, path, name, schema, field, inside, outside", CASES,
                         ids=[f"{c[2]}.{c[4]}={str(c[6])[:12]}" for c in CASES])
def test_every_documented_bound_holds_just_inside_and_just_outside(client, token, method, path, name, schema, field,
                                                                    inside, outside):
    base = schema["examples"][0]
    expected = schema["properties"][field]["x-error"]
    ok = _post(client, token, method, path, {**base, field: inside})
    assert ok.status_code < 500 and expected not in ok.json.get("message", ""), ok.json
    bad = _post(client, token, method, path, {**base, field: outside})
    status = schema["properties"][field].get("x-status", {}).get("maxLength" if isinstance(outside, str) else "", 400)
    assert bad.status_code == status and expected in bad.json["message"], bad.json


def test_the_nesting_limit_is_exact():
    assert not too_deep("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert too_deep("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert not too_deep('["' + "[" * 100 + '"]')  # brackets inside a string do not nest
    assert not too_deep('["\\"' + "{" * 100 + '"]')
