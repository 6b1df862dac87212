"""Brute-force protection: throttled logins and name probes, counted in the database."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import sqlalchemy as sa

from quizapp.accounts import create_user
from quizapp.extensions import db

PASSWORD = "monsoon-syllabus-42"
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def _clock(app):
    at = {"now": T0}
    app.config["CLOCK"] = lambda: at["now"]
    return at


def _make_user(app, name="asha"):
    with app.app_context():
        create_user(name, PASSWORD)


def test_account_locks_with_429_and_retry_after_then_right_password_works_after_lock(app, client, auth):
    at = _clock(app)
    _make_user(app)
    for _ in range(app.config["QUIZAPP_LOGIN_ACCOUNT_LIMIT"]):
        assert auth.login(password="not-the-password").status_code == 422
    locked = auth.login()  # the right password, but the account is locked
    assert locked.status_code == 429
    wait = int(locked.headers["Retry-After"])
    assert 0 < wait <= app.config["QUIZAPP_LOGIN_LOCK_SECONDS"]
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert "greeting-name" not in client.get("/").get_data(as_text=True)
    at["now"] = T0 + dt.timedelta(seconds=wait + 1)
    assert auth.login().status_code == 302
    assert "greeting-name" in client.get("/").get_data(as_text=True)


def test_lock_grows_after_each_further_failure(app, auth):
    at = _clock(app)
    _make_user(app)
    limit, base = app.config["QUIZAPP_LOGIN_ACCOUNT_LIMIT"], app.config["QUIZAPP_LOGIN_LOCK_SECONDS"]
    for _ in range(limit):
        auth.login(password="wrong-password-x")
    first = int(auth.login(password="wrong-password-x").headers["Retry-After"])
    at["now"] += dt.timedelta(seconds=first + 1)
    assert auth.login(password="wrong-password-x").status_code == 422  # counted, now locked longer
    second = int(auth.login(password="wrong-password-x").headers["Retry-After"])
    assert first == base and second == 2 * base


def test_one_address_guessing_many_accounts_is_locked(app, auth):
    _clock(app)
    _make_user(app)
    for n in range(app.config["QUIZAPP_LOGIN_ADDRESS_LIMIT"]):
        assert auth.login(username=f"guess{n}", password="wrong-password-x").status_code == 422
    response = auth.login()
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_unknown_user_costs_a_password_hash_like_a_known_one(app, auth):
    _clock(app)
    _make_user(app)

    def fastest(username):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert auth.login(username=username, password="wrong-password-x").status_code == 422
            times.append(time.perf_counter() - start)
        return min(times)

    auth.login(username="nobody-here", password="wrong-password-x")  # warm the dummy hash once
    known, unknown = fastest("asha"), fastest("nobody-here")
    # scrypt dominates both; without the dummy hash the unknown path was ~17x faster.
    assert unknown > 0.6 * known, (known, unknown)


def test_register_taken_name_answers_are_rate_limited(app, auth):
    _clock(app)
    _make_user(app)
    for _ in range(app.config["QUIZAPP_REGISTER_TAKEN_LIMIT"]):
        response = auth.register("ASHA")
        assert response.status_code == 422 and "That username is taken" in response.get_data(as_text=True)
    response = auth.register("someone-new")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "taken" not in response.get_data(as_text=True)


# --- across processes: two real gunicorn servers on one database -------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())


def _post_login(base_url: str, password: str) -> tuple[int, dict]:
    opener = _browser()
    html = opener.open(base_url + "/auth/login", timeout=10).read().decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"username": "asha", "password": password, "csrf_token": token}).encode()
    try:
        with opener.open(base_url + "/auth/login", data=body, timeout=30) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers)


def test_limit_holds_across_two_gunicorn_processes_and_lock_ends(app, database_url, tmp_path):
    from quizapp.models import AuthThrottle
    from tests.browser.conftest import LiveServer

    _make_user(app)
    servers = [LiveServer(database_url, tmp_path / f"instance{i}", tmp_path / f"gunicorn{i}.log") for i in (0, 1)]
    try:
        for server in servers:
            server.start()
        limit = app.config["QUIZAPP_LOGIN_ACCOUNT_LIMIT"]
        # Alternate servers: neither process alone sees enough failures to lock.
        for n in range(limit):
            assert _post_login(servers[n % 2].url, "wrong-password-x")[0] == 422
        for server in servers:
            status, headers = _post_login(server.url, PASSWORD)
            assert status == 429 and int(headers["Retry-After"]) > 0
        # The lock ending: move it into the past, as time passing would.
        with app.app_context():
            db.session.execute(sa.update(AuthThrottle).values(
                locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
            db.session.commit()
        assert _post_login(servers[1].url, PASSWORD)[0] == 302
    finally:
        for server in servers:
            server.stop()
