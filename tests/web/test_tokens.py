"""API tokens: listed and revoked from the CLI and the account page, revoked by a password change."""

from __future__ import annotations

import re

import sqlalchemy as sa

from quizapp.accounts import create_user, find_user, issue_token
from quizapp.extensions import db
from quizapp.models import ApiToken

PASSWORD = "monsoon-syllabus-42"
NEW_PASSWORD = "river-delta-plains-17"


def _api(client, token: str) -> int:
    return client.get("/api/v1/progress/summary", headers={"Authorization": f"Bearer {token}"}).status_code


def _setup(app, name="asha", labels=("laptop", "phone")):
    with app.app_context():
        user = create_user(name, PASSWORD)
        return [issue_token(user, label) for label in labels]


def _ids(app, name="asha"):
    with app.app_context():
        user = find_user(name)
        return list(db.session.scalars(sa.select(ApiToken.id).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def test_cli_lists_tokens_with_last_use_and_revokes_one(app, runner, client):
    plain = _setup(app)
    assert _api(client, plain[0]) == 200  # records the last use
    listing = runner.invoke(args=["users", "tokens", "ASHA"])
    assert listing.exit_code == 0, listing.output
    lines = listing.output.strip().splitlines()
    assert len(lines) == 2 and "laptop" in lines[0] and "phone" in lines[1]
    assert "last used never" in lines[1] and "last used never" not in lines[0]
    first, second = _ids(app)
    result = runner.invoke(args=["users", "revoke", "asha", str(first)])
    assert result.exit_code == 0, result.output
    assert _api(client, plain[0]) == 401 and _api(client, plain[1]) == 200
    assert _ids(app) == [second]


def test_cli_revoke_refuses_another_users_token(app, runner):
    _setup(app, "asha")
    _setup(app, "ravi", labels=("ci",))
    ravis = _ids(app, "ravi")[0]
    result = runner.invoke(args=["users", "revoke", "asha", str(ravis)])
    assert result.exit_code != 0 and f"no token {ravis}" in result.output
    assert _ids(app, "ravi") == [ravis]


def test_account_page_lists_tokens_and_revokes_with_csrf(app, client, auth):
    plain = _setup(app)
    auth.login()
    page = client.get("/auth/account").get_data(as_text=True)
    first, second = _ids(app)
    assert "laptop" in page and "phone" in page
    assert f'action="/auth/account/tokens/{first}/revoke"' in page
    assert client.post(f"/auth/account/tokens/{first}/revoke").status_code == 400  # no CSRF token
    assert _ids(app) == [first, second]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/auth/account/tokens/{first}/revoke", data={"csrf_token": token})
    assert response.status_code == 302
    assert _ids(app) == [second]
    assert _api(client.application.test_client(), plain[0]) == 401


def test_account_page_cannot_revoke_another_users_token(app, client, auth):
    _setup(app, "asha")
    _setup(app, "ravi", labels=("ci",))
    ravis = _ids(app, "ravi")[0]
    auth.login()
    response = client.post(f"/auth/account/tokens/{ravis}/revoke", data={"csrf_token": auth.csrf("/auth/account")})
    assert response.status_code == 404
    assert _ids(app, "ravi") == [ravis]


def _change_password(client, auth, keep: bool):
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": auth.csrf("/auth/account")}
    if keep:
        data["keep_tokens"] = "y"
    return client.post("/auth/account/password", data=data)


def test_password_change_revokes_every_token(app, client, auth):
    plain = _setup(app)
    auth.login()
    assert _change_password(client, auth, keep=False).status_code == 302
    other = app.test_client()
    assert [_api(other, p) for p in plain] == [401, 401]
    assert _ids(app) == []


def test_password_change_keeps_tokens_when_asked(app, client, auth):
    plain = _setup(app)
    auth.login()
    assert _change_password(client, auth, keep=True).status_code == 302
    other = app.test_client()
    assert [_api(other, p) for p in plain] == [200, 200]
