"""Security headers, checked on the responses themselves (the CSP in Chromium is the template side's test)."""

from __future__ import annotations

import pytest

from quizapp import create_app
from quizapp.accounts import create_user, issue_token
from quizapp.extensions import db
from tests.conftest import make_config

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


def _directives(value: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in value.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", "/healthz", "/static/css/app.css", "/nowhere"])
def test_every_response_has_csp_nosniff_and_referrer_policy(client, path):
    response = client.get(path)
    response.close()
    assert _directives(response.headers["Content-Security-Policy"]) == _directives(CSP)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/study/", "/progress/", "/auth/account", "/library/"])
def test_pages_with_personal_data_are_not_stored(client, auth, path):
    auth.register()
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_api_answers_for_a_token_are_not_stored(app, client):
    with app.app_context():
        token = issue_token(create_user("asha", "monsoon-syllabus-42"))
    response = client.get("/api/v1/progress/summary", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_anonymous_pages_and_static_files_may_be_cached(client, auth):
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")
    auth.register()
    static = client.get("/static/css/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_hsts_only_with_secure_cookies(app, database_url, monkeypatch):
    assert "Strict-Transport-Security" not in app.test_client().get("/auth/login").headers
    monkeypatch.setenv("QUIZAPP_SECURE_COOKIES", "1")
    secure = create_app(make_config(database_url))
    try:
        hsts = secure.test_client().get("/auth/login").headers["Strict-Transport-Security"]
    finally:
        with secure.app_context():
            db.session.remove()
            db.engine.dispose()
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 15552000


def test_favicon_ico_answers_with_the_icon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml" and b"<svg" in r.data
