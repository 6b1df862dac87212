"""Progress endpoints of the JSON API, with their OpenAPI paths and schemas."""

from __future__ import annotations

from flask import jsonify

from quizapp.api.common import user_id
from quizapp.api.routes import bp
from quizapp.progress import dashboard
from quizapp.web.appstate import now, progress_caches


@bp.get("/progress/summary")
def progress_summary():
    return jsonify(dashboard.build(user_id(), now(), progress_caches()))


def _obj(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


_SHARE = _obj({"passed": {"type": "integer"}, "total": {"type": "integer"}, "rate": {"type": ["number", "null"]}})
_DAYS = {"type": "array", "items": _obj({"date": {"type": "string", "format": "date"}, "value": {"type": "integer"}})}
_MASTERY = {"type": "array", "items": _obj({
    "key": {"type": "string"}, "name": {"type": "string"}, "seen": {"type": "integer"}, "mature": {"type": "integer"},
    "retrievability": {"type": ["number", "null"], "description": "mean FSRS recall probability now, seen cards"},
    "accuracy": {"type": ["number", "null"]}, "answers": {"type": "integer"}})}

PATHS: dict = {
    "/api/v1/progress/summary": {
        "get": {
            "summary": "Every figure of the progress dashboard, as of now, in the user's local days",
            "responses": {
                "200": {"description": "the dashboard",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProgressSummary"}}}},
                "401": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        }
    },
}

SCHEMAS: dict = {
    "ProgressSummary": _obj({
        "as_of": {"type": "string", "format": "date-time"},
        "today": {"type": "string", "format": "date", "description": "local date in `timezone`"},
        "timezone": {"type": "string"},
        "due": _obj({"new": {"type": "integer"}, "learning": {"type": "integer"}, "review": {"type": "integer"}}),
        "streak": _obj({"days": {"type": "integer"}, "includes_today": {"type": "boolean"}}),
        "heatmap": {**_DAYS, "description": "reviews per local day, the last 365 days, today last"},
        "forecast": {**_DAYS, "description": "cards due per day, today (overdue included) and the next 29 days"},
        "retention": _obj({"desired": {"type": "number"}, "last_7_days": _SHARE, "last_30_days": _SHARE,
                           "all_time": _SHARE}),
        "mastery": _obj({"topics": _MASTERY, "banks": _MASTERY}),
        "time_per_day": {"type": "array", "items": _obj({"date": {"type": "string"}, "minutes": {"type": "number"}})},
        "reviews_total": {"type": "integer"},
        "tests": {"type": "array", "items": {"type": "object"}, "description": "mock tests, oldest first"},
        "writing": {"type": "array", "items": {"type": "object"}, "description": "written answers, oldest first"},
    }),
}
