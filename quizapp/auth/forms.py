"""Account forms; every rule is checked on the server and shown beside its field."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from quizapp.extensions import db
from quizapp.models import User

MIN_PASSWORD = 10
# A short list is enough to stop the passwords people try first; length does the rest.
COMMON_PASSWORDS = frozenset(
    """password password1 password12 password123 passw0rd 1234567890 12345678901 qwertyuiop
    qwerty12345 iloveyou12 letmein123 welcome123 admin12345 abc1234567 1q2w3e4r5t 0987654321
    upscupsc12 upsc123456 india12345 iasofficer civilservices""".split()
)


def password_problems(password: str, username: str = "") -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"Use at least {MIN_PASSWORD} characters.")
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        problems.append("This password is too easy to guess.")
    if username and username.strip().casefold() in password.casefold():
        problems.append("The password must not contain your username.")
    return problems


class StrongPassword:
    def __init__(self, username_field: str | None = "username") -> None:
        self.username_field = username_field

    def __call__(self, form, field) -> None:
        username = ""
        if self.username_field and self.username_field in form:
            username = form[self.username_field].data or ""
        elif getattr(form, "user", None) is not None:
            username = form.user.username
        problems = password_problems(field.data or "", username)
        if problems:
            raise ValidationError(" ".join(problems))


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(min=3, max=40),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '.', '_' or '-' only."),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), StrongPassword()], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Create account")

    def validate_username(self, field) -> None:
        taken = db.session.scalar(sa.select(User.id).where(User.username_key == User.key_for(field.data or "")))
        if taken is not None:
            raise ValidationError("That username is taken. Choose another.")


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired()], render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField("Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()
    submit = SubmitField("Log in")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    password = PasswordField(
        "New password", validators=[DataRequired(), StrongPassword(None)], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current(self, field) -> None:
        if not self.user.check_password(field.data or ""):
            raise ValidationError("That is not your current password.")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"})
    confirm = StringField(
        'Type "delete my account"',
        validators=[DataRequired(), Regexp(r"^\s*delete my account\s*$", flags=re.I, message='Type "delete my account" to confirm.')],
    )
    submit = SubmitField("Delete my account and all my data")

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_password(self, field) -> None:
        if not self.user.check_password(field.data or ""):
            raise ValidationError("That is not your password.")


class EmptyForm(FlaskForm):
    """CSRF for POST-only buttons such as Log out."""

    submit = SubmitField("Submit")
