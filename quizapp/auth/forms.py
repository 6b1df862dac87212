"""Account forms; every rule is checked on the server and shown beside its field."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Regexp, ValidationError

from quizapp.accounts import username_problems, username_taken
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
        validators=[DataRequired()],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "maxlength": 40},
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), StrongPassword()], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    # Filled by static/js/timezone.js with the browser's zone; anything unknown falls back to the default.
    timezone = HiddenField(render_kw={"data-browser-zone": ""})
    submit = SubmitField("Create account")

    #: Set when the only answer is "taken": the view rate-limits that answer, which tells whether an account exists.
    name_taken = False

    def validate_username(self, field) -> None:
        problems = username_problems(field.data or "")
        if problems:
            raise ValidationError(" ".join(problems))
        if username_taken(field.data):
            self.name_taken = True
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
    keep_tokens = BooleanField("Keep my API tokens (otherwise a password change revokes them)")
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
