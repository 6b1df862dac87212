"""Error pages for people and JSON errors for programs.

A 500 rolls the session back first, so a half-done write in a failed request
can never be committed by a later one that reuses the session.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.extensions import db

def wants_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _respond(code: int, name: str, message: str):
    if wants_json():
        return jsonify(error=name, message=message, status=code), code
    return render_template("errors/generic.html", code=code, name=name, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return _respond(400, "Bad Request", f"The form's security token is missing or wrong ({err.description}). Reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if err.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            msg = f"The request is larger than the {limit // 1024} KiB this server accepts." if limit else err.description
            return _respond(413, "Payload Too Large", msg)
        return _respond(err.code or 500, err.name, err.description or err.name)

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _respond(500, "Internal Server Error", InternalServerError.description)
