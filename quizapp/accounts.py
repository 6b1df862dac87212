"""Account operations shared by the web views and the CLI."""

from __future__ import annotations

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import ApiToken, User


class AccountError(ValueError):
    pass


def create_user(username: str, password: str) -> User:
    from quizapp.auth.forms import password_problems

    username = username.strip()
    problems = []
    if not username:
        problems.append("The username is empty.")
    elif db.session.scalar(sa.select(User.id).where(User.username_key == User.key_for(username))) is not None:
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


def issue_token(user: User, name: str = "") -> str:
    row, plain = ApiToken.issue(user, name)
    db.session.add(row)
    db.session.commit()
    return plain


def delete_user(user: User) -> None:
    """Delete the user and, through ON DELETE CASCADE, everything they own."""
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
