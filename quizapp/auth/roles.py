"""Who may do what, checked on the server: the one place a role name is compared.

A page a role may not use answers 404, as a page that does not exist would:
telling a learner "forbidden" confirms the page (and the object) is there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

ROLES = ("learner", "teacher", "editor", "admin")
EDITING_ROLES = ("editor", "admin")  # curate the shared library: review, edit, publish, resolve flags


def role_of(user: Any) -> str:
    return (getattr(user, "role", None) or "learner") if getattr(user, "is_authenticated", False) else ""


def has_role(user: Any, *roles: str) -> bool:
    return role_of(user) in roles


def is_editor(user: Any) -> bool:
    return has_role(user, *EDITING_ROLES)


def is_admin(user: Any) -> bool:
    return has_role(user, "admin")


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Log in first, then 404 for anyone whose role is not one of ``roles``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not has_role(current_user, *roles):
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorate
