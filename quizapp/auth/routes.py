"""Register, log in, log out, change password, delete account."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.accounts import delete_user
from quizapp.auth import bp
from quizapp.auth.forms import ChangePasswordForm, DeleteAccountForm, EmptyForm, LoginForm, RegisterForm
from quizapp.extensions import db
from quizapp.models import User


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative `//`."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _start_session(user: User, remember: bool = False) -> None:
    # A fresh session on login: nothing planted in the cookie before login survives it.
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        user = User(form.username.data.strip(), form.password.data)
        db.session.add(user)
        db.session.commit()
        _start_session(user)
        flash(f"Welcome, {user.username}. Your account is ready.", "success")
        return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("main.index"))
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.username_key == User.key_for(form.username.data)))
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append("Wrong username or password.")
        else:
            _start_session(user, remember=form.remember.data)
            flash(f"Logged in as {user.username}.", "success")
            return redirect(safe_next(form.next.data) or url_for("main.index"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return render_template(
        "auth/account.html",
        password_form=ChangePasswordForm(current_user),
        delete_form=DeleteAccountForm(current_user),
    )


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(current_user)
    if form.validate_on_submit():
        current_user.set_password(form.password.data)  # also rotates the session token
        db.session.commit()
        _start_session(current_user._get_current_object())
        flash("Password changed. Other devices have been logged out.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", password_form=form, delete_form=DeleteAccountForm(current_user)), 422


@bp.post("/account/delete")
@login_required
def delete_account():
    form = DeleteAccountForm(current_user)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        logout_user()
        delete_user(user)
        session.clear()
        flash("Your account and all your data have been deleted.", "info")
        return redirect(url_for("auth.register"))
    return render_template("auth/account.html", password_form=ChangePasswordForm(current_user), delete_form=form), 422
