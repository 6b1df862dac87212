"""Account operations shared by the web views and the CLI.

The rules for a username live here, once, so the registration form and
`quizapp users create` cannot drift apart (a 41-character name used to pass the
CLI and then fail PostgreSQL's VARCHAR(40)).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models import ApiToken, RevokedLogin, User
from quizapp.models.accounts import PASSWORD_METHOD
from quizapp.timeutil import utcnow

USERNAME_MIN, USERNAME_MAX = 3, 40
USERNAME_CHARS = re.compile(r"[A-Za-z0-9_.-]+")
#: How long a logged-out device id is remembered: at least as long as a remember-me cookie lives.
REVOKED_KEEP = dt.timedelta(days=400)


class AccountError(ValueError):
    pass


def username_problems(username: str) -> list[str]:
    """What is wrong with a new username (empty list if nothing)."""
    if not username:
        return ["The username is empty."]
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        return [f"Use between {USERNAME_MIN} and {USERNAME_MAX} characters."]
    if not USERNAME_CHARS.fullmatch(username):
        return ["Use letters, digits, '.', '_' or '-' only."]
    return []


def username_taken(username: str) -> bool:
    return db.session.scalar(sa.select(User.id).where(User.username_key == User.key_for(username))) is not None


def create_user(username: str, password: str) -> User:
    from quizapp.auth.forms import password_problems

    username = username.strip()
    problems = username_problems(username)
    if not problems and username_taken(username):
        problems.append(f"The username {username!r} is taken.")
    problems += password_problems(password, username)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(username, password)
    db.session.add(user)
    db.session.commit()
    return user


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username_key == User.key_for(username)))


_dummy_hash: str | None = None


def authenticate(username: str, password: str) -> User | None:
    """The user if the password is theirs; an unknown name costs the same scrypt, so timing tells nothing."""
    global _dummy_hash
    user = find_user(username)
    if user is None:
        if _dummy_hash is None:
            _dummy_hash = generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)
        check_password_hash(_dummy_hash, password)
        return None
    return user if user.check_password(password) else None


def new_device() -> str:
    return secrets.token_urlsafe(16)


def device_revoked(device: str) -> bool:
    return db.session.get(RevokedLogin, device) is not None


def revoke_device(user: User, device: str) -> None:
    """Log out one device: its session and remember-me cookies stop working everywhere they are replayed."""
    if device and not device_revoked(device):
        db.session.add(RevokedLogin(device=device, user_id=user.id, revoked_at=utcnow()))
    db.session.execute(sa.delete(RevokedLogin).where(RevokedLogin.revoked_at < utcnow() - REVOKED_KEEP))
    db.session.commit()


def log_out_everywhere(user: User) -> None:
    """Rotate the session token: every session and remember-me cookie of the user stops working."""
    user.rotate_session_token()
    db.session.execute(sa.delete(RevokedLogin).where(RevokedLogin.user_id == user.id))
    db.session.commit()


def issue_token(user: User, name: str = "") -> str:
    row, plain = ApiToken.issue(user, name)
    db.session.add(row)
    db.session.commit()
    return plain


def list_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(user: User, token_id: int) -> bool:
    """Delete one of the user's tokens; False if the user has no token with that id."""
    done = db.session.execute(sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    db.session.commit()
    return bool(done.rowcount)


def revoke_all_tokens(user: User) -> int:
    done = db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    return int(done.rowcount or 0)


def delete_user(user: User) -> None:
    """Delete the user and, through ON DELETE CASCADE, everything they own."""
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
