"""What every API view needs: the caller, the JSON body, and errors as JSON."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from quizapp.api import bp
from quizapp.study.service import StudyError


@bp.before_request
def _require_user():
    if request.endpoint == "api.openapi_json":
        return None
    if not current_user.is_authenticated:
        return jsonify(error="Unauthorized", message="log in or send Authorization: Bearer <token>", status=401), 401
    return None


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
    return int(current_user.id)
