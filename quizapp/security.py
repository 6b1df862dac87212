"""Login, CSRF and token authentication wired in one place.

Browser requests authenticate with the session cookie plus a CSRF token; API
scripts may instead send `Authorization: Bearer <token>`, which carries no
ambient authority and so is exempt from CSRF.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask, request
from flask_login import AnonymousUserMixin

from quizapp.extensions import csrf, db, login_manager
from quizapp.models import ApiToken, User
from quizapp.timeutil import utcnow

TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def init_security(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    # CSRF is checked by our own hook so that token-authenticated API calls can
    # skip it: a cross-site form cannot set an Authorization header.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def _csrf_protect() -> None:
        if not app.config.get("WTF_CSRF_ENABLED", True):
            return
        if request.method in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            return
        if _bearer_token() is not None:
            return
        csrf.protect()


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):].strip() or None
    return None


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    user_id, _, token = login_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    plain = _bearer_token()
    if plain is None:
        return None
    found = db.session.execute(
        sa.select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_hash == ApiToken.hash(plain))
    ).first()
    if found is None:
        return None
    row, user = found
    # Recorded at most every few minutes: a write per API call would serialise
    # every read behind SQLite's writer lock.
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now
        db.session.commit()
    return user


class Anonymous(AnonymousUserMixin):
    username = ""


login_manager.anonymous_user = Anonymous
