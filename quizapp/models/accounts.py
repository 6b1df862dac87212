"""Accounts: who owns every card, log, draft and attempt in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.timeutil import UTCDateTime, utcnow

PASSWORD_METHOD = "scrypt"


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40))
    # Uniqueness is case-insensitive ("Asha" and "asha" are one person), portably
    # across SQLite and PostgreSQL, by a unique lower-cased copy.
    username_key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # Part of the login id: changing it (password change, "log out everywhere")
    # invalidates every other session and remember-me cookie at once.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=_new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # learner / teacher / editor / admin (`quizapp users role NAME ROLE`); teachers and editors may run classes.
    role: Mapped[str] = mapped_column(sa.String(12), default="learner", server_default="learner")

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def __init__(self, username: str, password: str | None = None, **kwargs) -> None:
        super().__init__(username=username, username_key=self.key_for(username), **kwargs)
        if password is not None:
            self.set_password(password)

    @staticmethod
    def key_for(username: str) -> str:
        return username.strip().casefold()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
        self.rotate_session_token()

    def rotate_session_token(self) -> None:
        self.session_token = _new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    #: This login's own random id (set at login, read back from the cookie), so
    #: one device can be logged out without touching the others.
    device: str = ""

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}:{self.device}"

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class ApiToken(db.Model):
    """A personal access token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        """Return the row and the one-time plaintext token (shown once, never stored)."""
        plain = "qa_" + secrets.token_urlsafe(32)
        return cls(user=user, token_hash=cls.hash(plain), name=name), plain


class RevokedLogin(db.Model):
    """A device id logged out before its cookies expired: replaying them finds this row.

    Kept for as long as a remember-me cookie can live, then pruned.
    """

    __tablename__ = "revoked_login"

    device: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class AuthThrottle(db.Model):
    """Failed-attempt counters for logins and name probes, shared by every worker and process.

    ``key`` names what is counted ("account:asha", "address:10.0.0.7",
    "register:10.0.0.7"); a row past its window is stale and starts again.
    """

    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
