"""What every API view needs: the caller, and errors as JSON."""

from __future__ import annotations

from flask import g, jsonify, request
from flask_login import current_user

from quizapp.api.routes import bp
from quizapp.errors import ClientError
from quizapp.security import bearer_user_id


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


@bp.errorhandler(ClientError)
def _client_error(err: ClientError):
    return jsonify(error="Bad Request" if err.status == 400 else "Error", message=err.message, status=err.status), err.status


def user_id() -> int:
    api_user_id = g.get("api_user_id")
    return int(api_user_id if api_user_id is not None else current_user.id)
