"""/admin/users: every account with its role, and a form to change it (admins only; anyone else gets 404)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.admin.forms import RoleForm
from quizapp.auth.roles import ROLES, role_required
from quizapp.classes.groups import set_role
from quizapp.extensions import db
from quizapp.models import User

bp = Blueprint("admin", __name__)


@bp.get("/users")
@role_required("admin")
def users():
    rows = db.session.scalars(sa.select(User).order_by(User.username_key)).all()
    return render_template("admin/users.html", users=rows, form_for=_form_for)


def _form_for(user: User) -> RoleForm:
    return RoleForm(user_id=str(user.id), role=user.role or "learner", formdata=None)


@bp.post("/users")
@role_required("admin")
def change_role():
    form = RoleForm()
    if not form.validate_on_submit() or not str(form.user_id.data).isdigit():
        flash("Choose one of the roles: " + ", ".join(ROLES) + ".", "warning")
        return redirect(url_for("admin.users")), 303
    user = db.session.get(User, int(form.user_id.data))
    if user is None:
        abort(404)
    if user.id == current_user.id and form.role.data != "admin":
        flash("You cannot take away your own admin role (another admin can).", "warning")
        return redirect(url_for("admin.users")), 303
    set_role(user, form.role.data)
    flash(f"{user.username} is now a {form.role.data}.", "success")
    return redirect(url_for("admin.users"))
