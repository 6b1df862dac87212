"""Accounts through the real forms, with CSRF on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import ApiToken, User


def test_register_logs_in_and_greets(client, auth):
    response = auth.register()
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="greeting-name">asha<' in page


def test_password_is_hashed_with_scrypt(app, auth):
    auth.register()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert user.password_hash.startswith("scrypt:")
        assert "monsoon" not in user.password_hash
        assert user.check_password("monsoon-syllabus-42")
        assert not user.check_password("monsoon-syllabus-43")


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("asha", "short1!", None, "Use at least 10 characters."),
        ("asha", "password123", None, "too easy to guess"),
        ("asha", "aaaaaaaaaaaa", None, "too easy to guess"),
        ("asha", "asha-is-my-name", None, "must not contain your username"),
        ("asha", "monsoon-syllabus-42", "monsoon-syllabus-43", "The two passwords do not match."),
        ("a", "monsoon-syllabus-42", None, "Use between 3 and 40 characters."),
        ("asha<script>", "monsoon-syllabus-42", None, "Use letters, digits"),
    ],
)
def test_register_rejects_bad_input_inline(app, client, auth, username, password, confirm, message):
    response = auth.register(username, password, confirm)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_duplicate_username_is_an_inline_error_case_insensitively(app, client, auth):
    auth.register("Asha")
    auth.logout()
    response = auth.register("asha")
    assert response.status_code == 422
    assert "That username is taken" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_wrong_password_is_an_inline_error(client, auth):
    auth.register()
    auth.logout()
    response = auth.login(password="not-the-password")
    assert response.status_code == 422
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert client.get("/").get_data(as_text=True).count("greeting-name") == 0


def test_logout_requires_post_and_ends_session(client, auth):
    auth.register()
    assert client.get("/auth/logout").status_code == 405
    assert "greeting-name" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "greeting-name" not in client.get("/").get_data(as_text=True)
    assert client.get("/study/").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("http:/evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/study?topic=x", "/study?topic=x"),
    ],
)
def test_next_redirect_stays_on_site(client, auth, next_url, expected):
    auth.register()
    auth.logout()
    response = auth.login(next=next_url)
    assert response.status_code == 302
    assert response.location == expected


def test_login_page_carries_next_from_query(client, auth):
    response = client.get("/study/")
    assert response.status_code == 302 and "/auth/login?next=%2Fstudy%2F" in response.location
    html = client.get("/auth/login?next=/study").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/study"' in html


def test_session_is_rotated_on_login(client, auth):
    client.get("/auth/login")
    client.set_cookie("session", "planted-by-attacker")
    auth.register()
    auth.logout()
    with client.session_transaction() as sess:
        sess["planted"] = "value"
    auth.login()
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["_user_id"].split(":")[0].isdigit()


def test_session_cookie_flags(client, auth):
    response = auth.register()
    cookie = response.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookieless_requests_build_no_signing_serializer_but_sessions_still_work(app, client, auth, monkeypatch):
    # API scripts send no cookie: opening their (empty) session must not pay
    # for an HMAC serializer, while a browser's signed cookie is still read.
    interface = app.session_interface
    built = []
    real = interface.get_signing_serializer
    monkeypatch.setattr(interface, "get_signing_serializer", lambda a: built.append(1) or real(a))
    assert client.get("/auth/login").status_code == 200
    assert built == [1]  # saving the new CSRF session signs it; nothing was opened with it
    built.clear()
    auth.register()
    built.clear()
    response = client.get("/auth/account")
    assert response.status_code == 200 and built  # the session cookie was verified
    client.delete_cookie("session")
    built.clear()
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/study/next").status_code == 401  # no cookie, no login
    assert built == []


def test_secure_cookies_when_configured(monkeypatch, database_url, _schema):
    from quizapp import create_app
    from tests.conftest import make_config  # noqa: F401  (importlib mode: resolved via rootdir)

    monkeypatch.setenv("QUIZAPP_SECURE_COOKIES", "1")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_change_password_logs_out_other_sessions(app, client, auth):
    auth.register()
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login()
    assert "greeting-name" in other.get("/").get_data(as_text=True)
    token = auth.csrf("/auth/account")
    bad = client.post("/auth/account/password", data={"current": "wrong", "password": "new-monsoon-99", "confirm": "new-monsoon-99", "csrf_token": token})
    assert bad.status_code == 422 and "That is not your current password." in bad.get_data(as_text=True)
    ok = client.post(
        "/auth/account/password",
        data={"current": "monsoon-syllabus-42", "password": "new-monsoon-99", "confirm": "new-monsoon-99", "csrf_token": token},
    )
    assert ok.status_code == 302
    assert "greeting-name" in client.get("/").get_data(as_text=True)
    assert "greeting-name" not in other.get("/").get_data(as_text=True)
    auth.logout()
    assert auth.login(password="monsoon-syllabus-42").status_code == 422
    assert auth.login(password="new-monsoon-99").status_code == 302


def test_delete_account_deletes_user_data(app, client, auth):
    auth.register()
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        row, _plain = ApiToken.issue(user)
        db.session.add(row)
        db.session.commit()
    token = auth.csrf("/auth/account")
    refused = client.post("/auth/account/delete", data={"password": "monsoon-syllabus-42", "confirm": "nope", "csrf_token": token})
    assert refused.status_code == 422
    response = client.post("/auth/account/delete", data={"password": "monsoon-syllabus-42", "confirm": "delete my account", "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert auth.login().status_code == 422


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/auth/register", {"username": "asha", "password": "monsoon-syllabus-42", "confirm": "monsoon-syllabus-42"}),
        ("/auth/login", {"username": "asha", "password": "monsoon-syllabus-42"}),
        ("/auth/logout", {}),
        ("/auth/account/password", {"current": "x", "password": "y", "confirm": "y"}),
        ("/auth/account/delete", {"password": "x", "confirm": "delete my account"}),
    ],
)
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_post_without_valid_csrf_is_400(app, client, path, data, token):
    if token is not None:
        data = {**data, "csrf_token": token}
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_csrf_error_is_json_for_api_clients(client):
    response = client.post("/auth/login", json={"username": "x"})
    assert response.status_code == 400
    assert response.json["status"] == 400


def _cookies(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token") if client.get_cookie(name)}


def _replay(app, cookies: dict[str, str]) -> int:
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other.get("/api/v1/progress/summary").status_code


@pytest.mark.parametrize("which", ["session", "remember_token"])
def test_logout_kills_replayed_session_and_remember_cookies(app, client, auth, which):
    auth.register()
    auth.logout()
    client.post("/auth/login", data={"username": "asha", "password": "monsoon-syllabus-42", "remember": "y",
                                     "csrf_token": auth.csrf()})
    cookies = _cookies(client)
    assert set(cookies) == {"session", "remember_token"}
    assert _replay(app, {which: cookies[which]}) == 200  # the copy works while logged in
    auth.logout()
    assert _replay(app, {which: cookies[which]}) in {401, 302}


def test_logout_ends_only_this_device_and_log_out_everywhere_ends_all(app, client, auth):
    auth.register()
    laptop = app.test_client()
    laptop_auth = type(auth)(laptop)
    laptop_auth.login()
    phone_cookies = _cookies(client)
    laptop_auth.logout()
    assert _replay(app, phone_cookies) == 200  # the other device is still logged in
    laptop_auth.login()
    laptop_cookies = _cookies(laptop)
    response = client.post("/auth/logout-everywhere", data={"csrf_token": auth.csrf("/auth/account")})
    assert response.status_code == 302
    assert _replay(app, phone_cookies) in {401, 302}
    assert _replay(app, laptop_cookies) in {401, 302}


def test_log_out_everywhere_needs_csrf(client, auth):
    auth.register()
    assert client.post("/auth/logout-everywhere").status_code == 400
    assert "greeting-name" in client.get("/").get_data(as_text=True)
