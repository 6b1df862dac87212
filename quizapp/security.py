"""Login, CSRF and token authentication wired in one place.

Browser requests authenticate with the session cookie plus a CSRF token; API
scripts may instead send `Authorization: Bearer <token>`, which carries no
ambient authority and so is exempt from CSRF.
"""

from __future__ import annotations

import datetime as dt
import os

import sqlalchemy as sa
from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import AnonymousUserMixin

from quizapp.extensions import csrf, db, login_manager
from quizapp.models import ApiToken, RevokedLogin, User
from quizapp.timeutil import utcnow

TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def init_security(app: Flask) -> None:
    from quizapp.auth import throttle

    throttle.configure(app)
    hops = int(os.environ.get("QUIZAPP_PROXY_HOPS", "").strip() or app.config.get("QUIZAPP_PROXY_HOPS", 0))
    if hops:
        # Behind nginx every request comes from 127.0.0.1: take the client's
        # address from X-Forwarded-For, trusting only the proxies we run.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = CookieSessions()
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


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus a signing serializer built for requests that carry no cookie.

    Flask builds that serializer (an HMAC key derivation) on every request
    before looking for the cookie; API scripts never send one, and it was about
    6 % of an authenticated API call.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[len("Bearer "):].strip() or None
    return None


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    """The user a session or remember-me cookie names, unless it was logged out since.

    The id is ``user:session_token:device``: "log out everywhere" (and a
    password change) rotates the token, logging out this one device records
    its id in `revoked_login`; one statement checks both.
    """
    parts = login_id.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 18 or not parts[1] or not parts[2]:
        return None
    user_id, token, device = parts
    user = db.session.scalar(
        sa.select(User).where(
            User.id == int(user_id), User.session_token == token,
            ~sa.exists().where(RevokedLogin.device == device),
        )
    )
    if user is not None:
        user.device = device
    return user


_TOKEN = ApiToken.__table__
_TOKEN_LOOKUP = sa.select(_TOKEN.c.id, _TOKEN.c.user_id, _TOKEN.c.last_used_at).where(
    _TOKEN.c.token_hash == sa.bindparam("token_hash"))
_TOKEN_TOUCH = sa.update(_TOKEN).where(_TOKEN.c.id == sa.bindparam("b_id")).values(last_used_at=sa.bindparam("b_at"))


def token_user_id(plain: str) -> int | None:
    """The owner of a personal access token, in one prebuilt Core statement.

    Every API call of a script pays this, so it loads no ORM objects; views
    that need the `User` itself go through Flask-Login, which calls
    :func:`load_user_from_token`.
    """
    conn = db.session.connection()
    found = conn.execute(_TOKEN_LOOKUP, {"token_hash": ApiToken.hash(plain)}).first()
    if found is None:
        return None
    # Recorded at most every few minutes: a write per API call would serialise
    # every read behind SQLite's writer lock.
    now = utcnow()
    if found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_INTERVAL:
        conn.execute(_TOKEN_TOUCH, {"b_id": found.id, "b_at": now})
        db.session.commit()
    return int(found.user_id)


def bearer_user_id() -> int | None:
    """The caller's id if the request carries a valid ``Authorization: Bearer`` token."""
    plain = _bearer_token()
    return None if plain is None else token_user_id(plain)


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    user_id = bearer_user_id()
    return None if user_id is None else db.session.get(User, user_id)


class Anonymous(AnonymousUserMixin):
    username = ""


login_manager.anonymous_user = Anonymous
