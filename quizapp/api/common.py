"""What every API view needs: the caller, the JSON body, and errors as JSON."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request
from flask_login import current_user

from quizapp.api import bp
from quizapp.security import bearer_user_id
from quizapp.study.service import StudyError


@bp.before_request
def _require_user():
    if request.endpoint == "api.openapi_json":
        return None
    # Scripts send a token: resolve it to an id without loading a User (the
    # study loop's hot path). Browsers use the session cookie via Flask-Login.
    if request.headers.get("Authorization", "").startswith("Bearer "):
        g.api_user_id = bearer_user_id()
        if g.api_user_id is not None:
            return None
    elif current_user.is_authenticated:
        return None
    return jsonify(error="Unauthorized", message="log in or send Authorization: Bearer <token>", status=401), 401


@bp.errorhandler(StudyError)
def _study_error(err: StudyError):
    return jsonify(error="Bad Request" if err.status == 400 else "Error", message=err.message, status=err.status), err.status


def json_body() -> Any:
    if not request.is_json:
        raise StudyError("send a JSON body with Content-Type: application/json", 415)
    body = request.get_json(silent=True)
    if body is None:
        raise StudyError("the body is not valid JSON")
    return body


def user_id() -> int:
    api_user_id = g.get("api_user_id")
    return int(api_user_id if api_user_id is not None else current_user.id)
