"""Errors a client caused, and how the web layer shows every error.

Services raise `ClientError` (or `NotFound`) and import no Flask; only the
handlers registered here and the views turn them into pages or JSON. A 500
rolls the session back first, so a half-done write in a failed request can
never be committed by a later one that reuses the session.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


class ClientError(ValueError):
    """Bad input from a client: becomes a 4xx with this message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


class NotFound(ClientError):
    """The object does not exist or belongs to someone else: both are a 404, so ids leak nothing."""

    def __init__(self, message: str = "not found") -> None:
        super().__init__(message, 404)


def wants_json() -> bool:
    from flask import request

    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _respond(code: int, name: str, message: str):
    from flask import jsonify, render_template

    if wants_json():
        return jsonify(error=name, message=message, status=code), code
    return render_template("errors/generic.html", code=code, name=name, message=message), code


# "\u0000" as a JSON escape: after an even run of backslashes (an odd one makes it a literal "\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def init_app(app: Flask) -> None:
    from flask import request
    from flask_wtf.csrf import CSRFError
    from werkzeug.exceptions import HTTPException, InternalServerError
    from werkzeug.exceptions import NotFound as PageNotFound

    from quizapp.extensions import db

    @app.before_request
    def refuse_nul():
        """PostgreSQL text cannot hold a NUL character (SQLite stores it), and no text a person writes has one:
        a request carrying one is refused before any view can try to store or look it up."""
        fields = [*request.args.values(), *request.form.values()]
        # A JSON body is read as text, not parsed: the body's own checks (size, nesting) come first in the view.
        raw = request.get_data(cache=True) if request.is_json else b""
        if any("\x00" in f for f in fields) or b"\x00" in raw or _JSON_NUL.search(raw):
            return _respond(400, "Bad Request", "The request holds a NUL character, which no field may contain.")
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        return _respond(400, "Bad Request", f"The form's security token is missing or wrong ({err.description}). Reload the page and try again.")

    @app.errorhandler(ClientError)
    def client_error(err: ClientError):
        # Views handle the errors they expect; one that escapes (a 404 from a service) is answered here.
        db.session.rollback()
        if err.status == 404 and not wants_json():
            return _respond(404, "Not Found", PageNotFound.description)
        return _respond(err.status, "Bad Request" if err.status == 400 else "Error", err.message)

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
