"""The forms of the class pages (every one carries the CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from quizapp.classes.papers import UPSC_MINUTES, UPSC_QUESTIONS, UPSC_SCHEME
from quizapp.practice.builder import MAX_MINUTES, MIN_MINUTES
from quizapp.practice.marking import SCHEMES
from quizapp.validators import InRange


class NewClassForm(FlaskForm):
    name = StringField("Class name", validators=[DataRequired(), Length(max=120)])
    submit = SubmitField("Create the class")


class JoinForm(FlaskForm):
    code = StringField("Invite code", validators=[DataRequired(), Length(max=32)])
    submit = SubmitField("Join")


class ButtonForm(FlaskForm):
    """A bare button (leave, start): only the CSRF token."""


class AnonymousForm(FlaskForm):
    anonymous = BooleanField("Appear as “anonymous” on leaderboards")
    submit = SubmitField("Save")


class PaperForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    banks = SelectMultipleField("Banks", choices=[])
    topics = SelectMultipleField("Topics", choices=[])
    tags = StringField("Tags", description="comma-separated; any of them")
    size = IntegerField("Questions", default=UPSC_QUESTIONS, validators=[Optional(), InRange(1, 200)])
    item_ids = TextAreaField("Or pick questions by id", description="one item id per line, in paper order; "
                             "overrides the filters")
    scheme = RadioField("Marking", choices=[SelectChoice(k, s.label) for k, s in SCHEMES.items()], default=UPSC_SCHEME)
    minutes = IntegerField("Duration in minutes", default=UPSC_MINUTES,
                           validators=[DataRequired(), InRange(MIN_MINUTES, MAX_MINUTES)])
    opens_at = DateTimeLocalField("Opens at (UTC)", format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    closes_at = DateTimeLocalField("Closes at (UTC)", format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    results_at_once = BooleanField("Show each candidate's results as soon as they submit")
    leaderboard = BooleanField("Show a leaderboard with names (learners may still appear as anonymous)")
    submit = SubmitField("Schedule the paper")

    def tag_list(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in (self.tags.data or "").split(",") if t.strip())

    def id_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in (self.item_ids.data or "").splitlines() if line.strip())
