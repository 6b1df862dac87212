"""Security headers on every response, in one after-request hook.

Why a hook and not flask-talisman: the policy is a handful of fixed headers,
and Talisman's HTTPS redirect and session-cookie rewriting would fight our
own cookie settings. The CSP allows only the app's own scripts and styles,
so an injected `<script>` or inline handler cannot run even if escaping
ever slipped; pages that show personal data are never cached.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors for browsers without CSP 2
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", HSTS)
        if _personal(response):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
            headers.pop("ETag", None)
        return response


def _personal(response: Response) -> bool:
    """An answer for a logged-in user (cookie or token), except the shared static files."""
    return request.endpoint != "static" and bool(current_user.is_authenticated)
