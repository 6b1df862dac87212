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

from quizapp.api.common import user_id
from quizapp.api.openapi import ITEM_ID
from quizapp.api.routes import bp
from quizapp.api.schema import content as _json
from quizapp.api.schema import errors as _errors
from quizapp.api.schema import json_body
from quizapp.enums import AttemptStatus
from quizapp.practice import attempts, serialize
from quizapp.practice.builder import MAX_MINUTES, MIN_MINUTES, SECONDS_PER_QUESTION, SIZES
from quizapp.practice.marking import DEFAULT_SCHEME, SCHEMES
from quizapp.practice.queries import Spec
from quizapp.web.appstate import now as clock_now

BASE = "/api/v1/practice/attempts"


def _spec(body: dict[str, Any]) -> tuple[Spec, bool]:
    return Spec(tuple(body.get("banks", ())), tuple(body.get("topics", ())), tuple(body.get("tags", ())),
                body.get("size", SIZES[0]), body.get("scheme", DEFAULT_SCHEME), body.get("time_limit_minutes")), \
        body.get("retake", False)


def _summary(a) -> dict[str, Any]:
    return {"id": a.id, "status": a.status, "kind": a.kind, "scheme": a.scheme, "question_count": a.question_count,
            "created_at": a.created_at.isoformat(), "deadline": a.deadline.isoformat(),
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "url": f"/practice/{a.id}"}


@bp.get("/practice/attempts")
def practice_attempts():
    return jsonify(attempts=[_summary(a) for a in attempts.attempts(user_id())])


@bp.post("/practice/attempts")
def practice_create():
    spec, retake = _spec(json_body(SCHEMAS["PracticeCreate"]))
    at = clock_now()
    if retake:
        attempt = attempts.retake(user_id(), at, scheme=spec.scheme, minutes=spec.minutes)
    else:
        attempt = attempts.create(user_id(), spec, at)
    return jsonify(serialize.attempt_json(attempt, at)), 201


@bp.get("/practice/attempts/<int:attempt_id>")
def practice_attempt(attempt_id: int):
    at = clock_now()
    return jsonify(serialize.attempt_json(attempts.load(user_id(), attempt_id, at), at))


@bp.put("/practice/attempts/<int:attempt_id>/responses")
def practice_response(attempt_id: int):
    return jsonify(attempts.save(user_id(), attempt_id, json_body(SCHEMAS["PracticeResponse"])))


@bp.post("/practice/attempts/<int:attempt_id>/submit")
def practice_submit(attempt_id: int):
    attempt = attempts.submit_own(user_id(), attempt_id)
    return jsonify(serialize.results_json(attempts.results(attempt)))


@bp.get("/practice/attempts/<int:attempt_id>/results")
def practice_results(attempt_id: int):
    return jsonify(serialize.results_json(attempts.results(attempts.load(user_id(), attempt_id))))


# --------------------------------------------------------------------------- OpenAPI

ATTEMPT_ID = [{"name": "attempt_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


_NAMES = {"type": "array", "items": {"type": "string", "minLength": 1}}

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
        "banks": {**_NAMES, "description": "document ids; empty for all", "x-error": "banks must be a list of non-empty strings"},
        "topics": {**_NAMES, "x-error": "topics must be a list of non-empty strings"},
        "tags": {**_NAMES, "x-error": "tags must be a list of non-empty strings"},
        "size": {"type": "integer", "enum": list(SIZES), "default": SIZES[0],
                 "x-error": f"Choose {', '.join(map(str, SIZES[:-1]))} or {SIZES[-1]} questions."},
        "scheme": {"type": "string", "enum": list(SCHEMES), "default": DEFAULT_SCHEME,
                   "x-error": f"unknown marking scheme: choose one of {', '.join(SCHEMES)}"},
        "time_limit_minutes": {"type": ["integer", "null"], "minimum": MIN_MINUTES, "maximum": MAX_MINUTES,
                               "description": f"default {SECONDS_PER_QUESTION} seconds a question",
                               "x-error": f"time_limit_minutes must be a whole number from {MIN_MINUTES} to {MAX_MINUTES}, "
                                          f"or null for the default ({SECONDS_PER_QUESTION} s a question)"},
        "retake": {"type": "boolean", "default": False, "x-error": "retake must be true or false",
                   "description": "a test of exactly the items whose latest answer in a submitted test was wrong"}},
        "examples": [{"size": 10}, {"banks": ["polity-basics"], "size": 25, "scheme": "quarter", "time_limit_minutes": 30},
                     {"retake": True}]},
    "PracticeResponse": {"type": "object", "required": ["item_id"], "additionalProperties": False, "properties": {
        "item_id": ITEM_ID,
        "choice": {"type": ["integer", "null"],
                   "description": "the ORIGINAL option index (each shown option carries it as `index`), from 0 to the "
                                  "item's option count - 1 (checked per item); null clears",
                   "x-error": "choice must be an option index (the item's original order, from 0) or null"},
        "marked": {"type": "boolean", "description": "marked for review", "x-error": "marked must be true or false"},
        "visited": {"type": "boolean", "default": True, "x-error": "visited must be true or false"},
        "current": {"type": "boolean", "description": "this is the question being viewed: a reload reopens at it",
                    "x-error": "current must be true or false"},
        "time_spent_ms": {"type": "integer", "minimum": 0, "maximum": 86_400_000,
                          "description": "total time on the question; never decreases",
                          "x-error": "time_spent_ms must be a whole number of milliseconds from 0 to 86400000"}},
        "examples": [{"item_id": "mcq-000", "choice": 2, "time_spent_ms": 4000},
                     {"item_id": "mcq-000", "choice": None, "marked": True, "visited": True}]},
    "PracticeAttempt": {"type": "object", "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": list(AttemptStatus)},
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
