"""Answer writing endpoints of the JSON API, with their OpenAPI paths and schemas."""

from __future__ import annotations

from flask import jsonify

from quizapp.api.common import user_id
from quizapp.api.openapi import ITEM_ID
from quizapp.api.routes import bp
from quizapp.api.schema import content as _json
from quizapp.api.schema import errors as _errors
from quizapp.api.schema import json_body
from quizapp.enums import PRACTICE, TIMED
from quizapp.web.appstate import now as clock_now
from quizapp.writing import service
from quizapp.writing.service import MAX_TEXT, DraftConflict


@bp.errorhandler(DraftConflict)
def _conflict(err: DraftConflict):
    return jsonify(error="Conflict", message=err.message, status=409, version=err.version, text=err.text,
                   saved_at=err.saved_at.isoformat() if err.saved_at else None), 409


@bp.post("/writing/attempts")
def writing_start():
    attempt, created = service.start(user_id(), json_body(SCHEMAS["WritingStart"]))
    return jsonify(service.as_json(attempt, clock_now())), 201 if created else 200


@bp.get("/writing/attempts/<int:attempt_id>")
def writing_attempt(attempt_id: int):
    at = clock_now()
    return jsonify(service.as_json(service.attempt_or_404(user_id(), attempt_id, at), at))


@bp.put("/writing/attempts/<int:attempt_id>/draft")
def writing_draft(attempt_id: int):
    at = clock_now()
    row, attempt = service.save(user_id(), attempt_id, json_body(SCHEMAS["DraftSave"]), at)
    return jsonify(version=attempt.current_version, saved_at=row.saved_at.isoformat() if row else None,
                   late=bool(row and row.late), status=attempt.status, server_now=at.isoformat(),
                   remaining_seconds=service.remaining_seconds(attempt, at))


@bp.post("/writing/attempts/<int:attempt_id>/submit")
def writing_submit(attempt_id: int):
    at = clock_now()
    return jsonify(service.as_json(service.submit_now(user_id(), attempt_id, at), at))


ID = [{"name": "attempt_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

PATHS: dict = {
    "/api/v1/writing/attempts": {
        "post": {
            "summary": "Start an answer-writing attempt at an essay prompt; timed attempts get a server-side deadline",
            "requestBody": {"required": True, **_json("WritingStart")},
            "responses": {"201": {"description": "the attempt", **_json("WritingAttempt")}, **_errors(400, 401, 404, 415)},
        }
    },
    "/api/v1/writing/attempts/<int:attempt_id>": {
        "get": {
            "summary": "An attempt with its latest text, remaining time and (once submitted) feedback",
            "parameters": ID,
            "responses": {"200": {"description": "the attempt", **_json("WritingAttempt")}, **_errors(401, 404)},
        }
    },
    "/api/v1/writing/attempts/<int:attempt_id>/draft": {
        "put": {
            "summary": "Autosave: store the text as a new version if it changed since base_version",
            "parameters": ID,
            "requestBody": {"required": True, **_json("DraftSave")},
            "responses": {
                "200": {"description": "saved (or unchanged)", **_json("DraftSaved")},
                "409": {"description": "saved elsewhere since base_version: the current text and version",
                        **_json("DraftConflict")},
                **_errors(400, 401, 404, 413, 415),
            },
        }
    },
    "/api/v1/writing/attempts/<int:attempt_id>/submit": {
        "post": {
            "summary": "Submit the last saved text for feedback; idempotent",
            "parameters": ID,
            "responses": {"200": {"description": "the submitted attempt", **_json("WritingAttempt")}, **_errors(401, 404)},
        }
    },
}

SCHEMAS: dict = {
    "WritingStart": {"type": "object", "required": ["item_id"], "additionalProperties": False, "properties": {
        "item_id": {**ITEM_ID, "description": "an essay item"},
        "mode": {"type": "string", "enum": [TIMED, PRACTICE], "default": TIMED, "x-error": 'mode must be "timed" or "practice"'}},
        "examples": [{"item_id": "e_0001"}, {"item_id": "e_0001", "mode": "practice"}]},
    "DraftSave": {"type": "object", "required": ["text", "base_version"], "additionalProperties": False, "properties": {
        "text": {"type": "string", "maxLength": MAX_TEXT, "x-status": {"maxLength": 413},
                 "x-error": f"text must be a string; drafts are limited to {MAX_TEXT:,} characters"},
        "base_version": {"type": "integer", "minimum": 0, "description": "the version the text was edited from",
                         "x-error": "base_version must be a whole number from 0 (the version the text was edited from)"}},
        "examples": [{"text": "The monsoon brings rain.", "base_version": 0}]},
    "DraftSaved": {"type": "object", "properties": {
        "version": {"type": "integer"}, "saved_at": {"type": ["string", "null"], "format": "date-time"},
        "late": {"type": "boolean", "description": "saved after the deadline or submission: kept, not scored"},
        "status": {"type": "string"}, "server_now": {"type": "string", "format": "date-time"},
        "remaining_seconds": {"type": ["number", "null"]}}},
    "DraftConflict": {"type": "object", "properties": {
        "error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"},
        "version": {"type": "integer"}, "text": {"type": "string"},
        "saved_at": {"type": ["string", "null"], "format": "date-time"}}},
    "WritingAttempt": {"type": "object", "properties": {
        "id": {"type": "integer"}, "item_id": {"type": "string"}, "mode": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "submitted"]},
        "word_limit": {"type": "integer"}, "time_limit_minutes": {"type": "integer"},
        "deadline": {"type": ["string", "null"], "format": "date-time"},
        "server_now": {"type": "string", "format": "date-time"}, "remaining_seconds": {"type": ["number", "null"]},
        "version": {"type": "integer"}, "text": {"type": "string"},
        "feedback": {"type": ["object", "null"], "description": "coverage and structure, after submission"},
        "queued": {"type": ["array", "null"], "description": "study items made due now by missed key points"}}},
}
