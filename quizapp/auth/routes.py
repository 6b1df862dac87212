"""Register, log in, log out, change password, delete account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quizapp import accounts
from quizapp.accounts import delete_user
from quizapp.auth import bp, throttle
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
    # A fresh session on login: nothing planted in the cookie before login survives it,
    # and a new device id, so logging out here can end exactly this login.
    session.clear()
    user.device = accounts.new_device()
    login_user(user, remember=remember)


def _too_many(template: str, form, seconds: int):
    minutes = max(1, -(-seconds // 60))
    message = f"Too many failed attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    return render_template(template, form=form, throttled=message), 429, {"Retry-After": str(seconds)}


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if request.method == "POST":
        key = throttle.address_key("register", request.remote_addr)
        wait = throttle.retry_after([key])
        if wait is not None:
            return _too_many("auth/register.html", form, wait)
        valid = form.validate_on_submit()
        if form.name_taken:
            throttle.record_failure([throttle.Rule(key, "QUIZAPP_REGISTER_TAKEN_LIMIT")])
    else:
        valid = False
    if valid:
        user = User(form.username.data.strip(), form.password.data)
        db.session.add(user)
        _browser_zone(user, form.timezone.data)
        db.session.commit()
        _start_session(user)
        flash(f"Welcome, {user.username}. Your account is ready.", "success")
        return redirect(url_for("main.index"))
    return render_template("auth/register.html", form=form), 200 if request.method == "GET" else 422


def _browser_zone(user: User, name: str | None) -> None:
    """Start the user in the browser's time zone when it sent a known one (issue 20)."""
    from quizapp.progress.zones import set_zone, valid_zone

    if valid_zone(name):
        db.session.flush()
        set_zone(user.id, name)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("main.index"))
    if request.method == "POST" and form.validate():
        rules = [
            throttle.Rule(throttle.account_key(form.username.data), "QUIZAPP_LOGIN_ACCOUNT_LIMIT"),
            throttle.Rule(throttle.address_key("address", request.remote_addr), "QUIZAPP_LOGIN_ADDRESS_LIMIT"),
        ]
        wait = throttle.retry_after([rule.key for rule in rules])
        if wait is not None:
            return _too_many("auth/login.html", form, wait)
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            throttle.record_failure(rules)
            form.password.errors.append("Wrong username or password.")
        else:
            throttle.forget(rules[0].key)
            _start_session(user, remember=form.remember.data)
            flash(f"Logged in as {user.username}.", "success")
            return redirect(safe_next(form.next.data) or url_for("main.index"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # Server-side, so a copied session or remember-me cookie is dead too.
            accounts.revoke_device(current_user._get_current_object(), current_user.device)
        logout_user()
        session.clear()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    form = EmptyForm()
    if form.validate_on_submit():
        accounts.log_out_everywhere(current_user._get_current_object())
        logout_user()
        session.clear()
        flash("You are logged out on every device.", "info")
    return redirect(url_for("auth.login"))


def _account_page(password_form=None, delete_form=None, status: int = 200):
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(current_user),
        delete_form=delete_form or DeleteAccountForm(current_user),
        button_form=EmptyForm(),
        tokens=accounts.list_tokens(current_user),
    ), status


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    if not accounts.revoke_token(current_user, token_id):
        abort(404)
    flash("The token is revoked.", "info")
    return redirect(url_for("auth.account"))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _account_page()


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(current_user)
    if form.validate_on_submit():
        current_user.set_password(form.password.data)  # also rotates the session token
        revoked = 0 if form.keep_tokens.data else accounts.revoke_all_tokens(current_user)
        db.session.commit()
        _start_session(current_user._get_current_object())
        message = "Password changed. Other devices have been logged out."
        if revoked:
            message += f" Your {revoked} API token{'s were' if revoked != 1 else ' was'} revoked."
        flash(message, "success")
        return redirect(url_for("auth.account"))
    return _account_page(password_form=form, status=422)


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
    return _account_page(delete_form=form, status=422)
