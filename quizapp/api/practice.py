"""Practice tests endpoints of the JSON API, with their OpenAPI paths and schemas.

Choices go in and come out as the item's ORIGINAL option index (0-3, the
order of ``item.options``), never the shuffled letter: the shuffle is a
presentation detail, and an index that does not depend on it keeps a retried
PUT meaning the same thing. Each question lists its options in the order shown,
each with that ``index``.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify

from quizapp.api import bp
from quizapp.api.common import json_body, user_id
from quizapp.practice import service
from quizapp.practice.service import PracticeError, Spec
from quizapp.study.clock import now as clock_now

BASE = "/api/v1/practice/attempts"


def _strings(body: dict, key: str, problems: list[str]) -> tuple[str, ...]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{key} must be a list of non-empty strings")
        return ()
    return tuple(value)


def _spec(body: Any) -> tuple[Spec, bool]:
    if not isinstance(body, dict):
        raise PracticeError("the body must be a JSON object")
    problems: list[str] = []
    unknown = set(body) - {"banks", "topics", "tags", "size", "scheme", "time_limit_minutes", "retake"}
    if unknown:
        problems.append(f"unknown field(s): {', '.join(sorted(unknown))}")
    size = body.get("size", 10)
    if isinstance(size, bool) or not isinstance(size, int):
        problems.append("size must be 10, 25, 50 or 100")
    minutes = body.get("time_limit_minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)):
        problems.append("time_limit_minutes must be a whole number or null for the default (72 s a question)")
    scheme = body.get("scheme", "upsc")
    if not isinstance(scheme, str):
        problems.append("scheme must be one of upsc, quarter, none")
    retake = body.get("retake", False)
    if not isinstance(retake, bool):
        problems.append("retake must be true or false")
    spec = Spec(_strings(body, "banks", problems), _strings(body, "topics", problems), _strings(body, "tags", problems),
                size, scheme, minutes)
    if problems:
        raise PracticeError("; ".join(problems))
    return spec, retake


def _summary(a) -> dict[str, Any]:
    return {"id": a.id, "status": a.status, "kind": a.kind, "scheme": a.scheme, "question_count": a.question_count,
            "created_at": a.created_at.isoformat(), "deadline": a.deadline.isoformat(),
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "url": f"/practice/{a.id}"}


@bp.get("/practice/attempts")
def practice_attempts():
    return jsonify(attempts=[_summary(a) for a in service.attempts(user_id())])


@bp.post("/practice/attempts")
def practice_create():
    spec, retake = _spec(json_body())
    at = clock_now()
    if retake:
        attempt = service.retake(user_id(), at, scheme=spec.scheme, minutes=spec.minutes)
    else:
        attempt = service.create(user_id(), spec, at)
    return jsonify(service.attempt_json(attempt, at)), 201


@bp.get("/practice/attempts/<int:attempt_id>")
def practice_attempt(attempt_id: int):
    at = clock_now()
    return jsonify(service.attempt_json(service.load(user_id(), attempt_id, at), at))


@bp.put("/practice/attempts/<int:attempt_id>/responses")
def practice_response(attempt_id: int):
    return jsonify(service.save(user_id(), attempt_id, json_body()))


@bp.post("/practice/attempts/<int:attempt_id>/submit")
def practice_submit(attempt_id: int):
    attempt = service.submit_own(user_id(), attempt_id)
    return jsonify(service.results_json(service.results(attempt)))


@bp.get("/practice/attempts/<int:attempt_id>/results")
def practice_results(attempt_id: int):
    return jsonify(service.results_json(service.results(service.load(user_id(), attempt_id))))


# --------------------------------------------------------------------------- OpenAPI

ERROR = {"$ref": "#/components/schemas/Error"}
ATTEMPT_ID = [{"name": "attempt_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def _errors(*codes: int) -> dict:
    return {str(c): {"description": "error", "content": {"application/json": {"schema": ERROR}}} for c in codes}


def _json(ref: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


PATHS: dict = {
    BASE: {
        "get": {"summary": "The user's practice tests, newest first (tests past their deadline are submitted first)",
                "responses": {"200": {"description": "attempts"}, **_errors(401)}},
        "post": {"summary": "Build a test from the banks (or retake: true for the user's mistakes) and start its clock",
                 "requestBody": {"required": True, **_json("PracticeCreate")},
                 "responses": {"201": {"description": "the attempt", **_json("PracticeAttempt")},
                               **_errors(400, 401, 409, 415)}},
    },
    BASE + "/{attempt_id}": {
        "get": {"summary": "An attempt as the test page shows it: questions, shuffled options, saved responses, deadline",
                "parameters": ATTEMPT_ID,
                "responses": {"200": {"description": "the attempt", **_json("PracticeAttempt")}, **_errors(401, 404)}},
    },
    BASE + "/{attempt_id}/responses": {
        "put": {"summary": "Save one question's response; idempotent (fields left out keep their value)",
                "parameters": ATTEMPT_ID, "requestBody": {"required": True, **_json("PracticeResponse")},
                "responses": {"200": {"description": "the saved response"}, **_errors(400, 401, 404, 409, 415)}},
    },
    BASE + "/{attempt_id}/submit": {
        "post": {"summary": "Submit the test (idempotent); wrong answers become due in the study queue",
                 "parameters": ATTEMPT_ID,
                 "responses": {"200": {"description": "the results", **_json("PracticeResults")}, **_errors(401, 404)}},
    },
    BASE + "/{attempt_id}/results": {
        "get": {"summary": "Score and analysis of a submitted test", "parameters": ATTEMPT_ID,
                "responses": {"200": {"description": "the results", **_json("PracticeResults")},
                              **_errors(401, 404, 409)}},
    },
}

SCHEMAS: dict = {
    "PracticeCreate": {"type": "object", "additionalProperties": False, "properties": {
        "banks": {"type": "array", "items": {"type": "string"}, "description": "document ids; empty for all"},
        "topics": {"type": "array", "items": {"type": "string"}},
        "tags": {"type": "array", "items": {"type": "string"}},
        "size": {"type": "integer", "enum": [10, 25, 50, 100], "default": 10},
        "scheme": {"type": "string", "enum": ["upsc", "quarter", "none"], "default": "upsc"},
        "time_limit_minutes": {"type": ["integer", "null"], "minimum": 1, "maximum": 300,
                               "description": "default 72 seconds a question"},
        "retake": {"type": "boolean", "default": False,
                   "description": "a test of exactly the items whose latest answer in a submitted test was wrong"}}},
    "PracticeResponse": {"type": "object", "required": ["item_id"], "additionalProperties": False, "properties": {
        "item_id": {"type": "string"},
        "choice": {"type": ["integer", "null"], "minimum": 0, "maximum": 3,
                   "description": "the ORIGINAL option index (each shown option carries it as `index`); null clears"},
        "marked": {"type": "boolean", "description": "marked for review"},
        "visited": {"type": "boolean", "default": True},
        "time_spent_ms": {"type": "integer", "minimum": 0, "description": "total time on the question; never decreases"}}},
    "PracticeAttempt": {"type": "object", "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": ["open", "submitted"]},
        "deadline": {"type": "string", "format": "date-time"}, "server_now": {"type": "string", "format": "date-time"},
        "remaining_ms": {"type": "integer"}, "questions": {"type": "array", "items": {"type": "object"}}}},
    "PracticeResults": {"type": "object", "properties": {
        "score": {"type": "string", "description": "two decimals; score_exact is the fraction"},
        "score_exact": {"type": "string"}, "max_score": {"type": "string"},
        "correct": {"type": "integer"}, "wrong": {"type": "integer"}, "blank": {"type": "integer"},
        "accuracy": {"type": ["number", "null"], "description": "correct ÷ attempted"},
        "attempt_rate": {"type": ["number", "null"]}, "negative_marks_lost": {"type": "string"},
        "topics": {"type": "array", "items": {"type": "object"}}, "slowest": {"type": "array", "items": {"type": "object"}},
        "previous": {"type": "array", "items": {"type": "object"}},
        "questions": {"type": "array", "items": {"type": "object"}}}},
}
