"""The OpenAPI document, built from one table so it cannot drift far from the routes.

A test compares the paths here with the app's URL map.
"""

from __future__ import annotations

import re

from flask import jsonify

from quizapp.api.routes import bp
from quizapp.api.schema import content as _json
from quizapp.api.schema import errors as _errors

FILTERS = [
    {"name": n, "in": "query", "required": False, "schema": {"type": "string"}, "description": d}
    for n, d in (("bank", "document id of a bank"), ("topic", "topic name"), ("tag", "item tag"))
]


PATHS = {
    "/api/v1/study/next": {
        "get": {
            "summary": "The next item to study, with the next interval for each rating",
            "parameters": FILTERS,
            "responses": {"200": {"description": "an item", **_json({"$ref": "#/components/schemas/NextItem"})},
                          "204": {"description": "nothing is due today"}, **_errors(401)},
        }
    },
    "/api/v1/study/answer": {
        "post": {
            "summary": "Answer an item; idempotent per answer_id",
            "parameters": [{"name": "next", "in": "query", "required": False, "schema": {"type": "string", "enum": ["1"]},
                            "description": "also return the next item (as GET next, or item null when done)"},
                           *FILTERS],
            "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Answer"})},
            "responses": {"200": {"description": "the new schedule", **_json({"$ref": "#/components/schemas/AnswerResult"})},
                          **_errors(400, 401, 404, 409, 415)},
        }
    },
    "/api/v1/study/undo": {
        "post": {"summary": "Undo the last study answer",
                 "responses": {"200": {"description": "undone"}, **_errors(401, 409)}}
    },
    "/api/v1/study/suspend": {
        "post": {"summary": "Suspend (or with value=false unsuspend) an item",
                 "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Toggle"})},
                 "responses": {"200": {"description": "done"}, **_errors(400, 401, 404)}}
    },
    "/api/v1/study/skip": {
        "post": {"summary": "Skip an item until tomorrow (Anki's bury; with value=false bring it back today)",
                 "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Skip"})},
                 "responses": {"200": {"description": "done", **_json({"$ref": "#/components/schemas/Skipped"})},
                               **_errors(400, 401, 404, 415)}}
    },
    "/api/v1/study/flag": {
        "post": {"summary": "Flag (or unflag) an item; with a reason the flag reaches the item's review queue",
                 "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Flag"})},
                 "responses": {"200": {"description": "done"}, **_errors(400, 401, 404)}}
    },
}

# Item ids are at most 40 characters (the column); a longer one cannot name an item.
ITEM_ID = {"type": "string", "minLength": 1, "maxLength": 40, "x-error": "item_id must be a non-empty string of at most 40 characters"}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error", "message", "status"],
              "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "status": {"type": "integer"}}},
    "Answer": {
        "type": "object", "required": ["item_id"], "additionalProperties": False,
        "properties": {
            "item_id": ITEM_ID,
            "rating": {"type": "integer", "enum": [1, 2, 3, 4], "description": "1 Again, 2 Hard, 3 Good, 4 Easy; derived for MCQs if omitted",
                       "x-error": "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)"},
            "response": {"description": "MCQ: the chosen option index (checked against the item's own options)"},
            "duration_ms": {"type": "integer", "minimum": 0, "maximum": 86_400_000, "default": 0,
                            "x-error": "duration_ms must be a whole number of milliseconds from 0 to 86400000"},
            "answer_id": {"type": "string", "minLength": 1, "maxLength": 64,
                          "description": "client-generated; a retry with the same id is not logged twice",
                          "x-error": "answer_id must be a string of 1 to 64 characters"},
        },
        "examples": [{"item_id": "q_0001", "rating": 3, "duration_ms": 4000, "answer_id": "a1b2c3"},
                     {"item_id": "q_0002", "response": 1, "duration_ms": 9000}],
    },
    "AnswerResult": {"type": "object", "properties": {
        "item_id": {"type": "string"}, "rating": {"type": "integer"}, "correct": {"type": ["boolean", "null"]},
        "state": {"type": "string"}, "due": {"type": "string", "format": "date-time"}, "replayed": {"type": "boolean"},
        "next": {"description": "with ?next=1: the next item as GET next returns it; item is null (with counts "
                                "and tomorrow) when nothing is due", "$ref": "#/components/schemas/NextItem"}}},
    "Flag": {"type": "object", "required": ["item_id"], "additionalProperties": False,
             "properties": {"item_id": ITEM_ID,
                            "value": {"type": "boolean", "default": True, "x-error": "value must be true or false"},
                            "reason": {"enum": ["wrong_key", "unclear", "outdated", "duplicate", "other"],
                                       "x-error": "reason must be one of wrong_key, unclear, outdated, duplicate, other"},
                            "note": {"type": "string", "maxLength": 500, "x-error": "note must be text of at most 500 characters"}},
             "examples": [{"item_id": "q_0001", "reason": "wrong_key", "note": "the source says 2019"},
                          {"item_id": "q_0001", "value": False}]},
    "Toggle": {"type": "object", "required": ["item_id"],
               "properties": {"item_id": ITEM_ID,
                              "value": {"type": "boolean", "default": True, "x-error": "value must be true or false"}},
               "examples": [{"item_id": "q_0001"}, {"item_id": "q_0001", "value": False}]},
    "Skip": {"type": "object", "required": ["item_id"], "additionalProperties": False,
             "properties": {"item_id": ITEM_ID,
                            "value": {"type": "boolean", "default": True,
                                      "description": "true skips until the start of the user's next day; false undoes it",
                                      "x-error": "value must be true or false"}},
             "examples": [{"item_id": "q_0001"}, {"item_id": "q_0001", "value": False}]},
    "Skipped": {"type": "object", "properties": {
        "item_id": {"type": "string"},
        "skipped_until": {"type": ["string", "null"], "format": "date-time"}}},
    "NextItem": {"type": "object", "properties": {
        "item": {"type": "object"}, "card": {"type": "object"}, "counts": {"type": "object"},
        "intervals": {"type": "object", "description": "per rating 1-4: label, due, state"}}},
}


def openapi_path(rule: str) -> str:
    """A Flask rule in OpenAPI's spelling: ``/attempts/<int:attempt_id>`` -> ``/attempts/{attempt_id}``.

    Feature modules key their paths by the Flask rule, so a test can match them to the URL map.
    """
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _merged() -> tuple[dict, dict]:
    """Each feature's API module owns its paths and schemas; the document is their union."""
    from quizapp.api import practice, progress, writing

    paths, schemas = {openapi_path(k): v for k, v in PATHS.items()}, dict(SCHEMAS)
    for module in (writing, practice, progress):
        paths.update({openapi_path(k): v for k, v in module.PATHS.items()})
        schemas.update(module.SCHEMAS)
    return paths, schemas


def document() -> dict:
    paths, schemas = _merged()
    return {
        "openapi": "3.1.0",
        "info": {"title": "quizapp API", "version": "1"},
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "quizapp users token NAME"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "with an X-CSRFToken header on POST/PUT"},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
