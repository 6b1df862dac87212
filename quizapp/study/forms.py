"""Study settings: every value checked on the server, then by SrsSettings itself."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, ValidationError

from quizapp.srs.scheduler import MAX_RETENTION, MAX_STEP, MAX_STEPS, MIN_RETENTION_FORM
from quizapp.validators import InRange

STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Steps as the scheduler accepts them: each from 1 second to `MAX_STEP`, at most `MAX_STEPS` of them."""
    tokens = (text or "").split()
    if len(tokens) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} steps, not {len(tokens)}")
    steps = []
    for token in tokens:
        match = STEP.match(token.strip().lower())
        if not match:
            raise ValueError(f"{token[:20]!r} is not a step like 1m, 10m, 1h or 1d")
        try:
            step = timedelta(**{UNIT[match.group(2)]: float(match.group(1))})
        except OverflowError:
            step = MAX_STEP * 2
        if not timedelta(seconds=1) <= step <= MAX_STEP:
            raise ValueError(f"{token[:20]!r}: each step must be from 1s to {MAX_STEP.days}d")
        steps.append(step)
    return tuple(steps)


def format_steps(steps) -> str:
    out = []
    for step in steps:
        seconds = int(step.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
            if seconds % size == 0:
                out.append(f"{seconds // size}{unit}")
                break
    return " ".join(out)


class StepsField(StringField):
    def pre_validate(self, form) -> None:
        try:
            parse_steps(self.data)
        except ValueError as err:
            raise ValidationError(str(err)) from err


class SettingsForm(FlaskForm):
    desired_retention = DecimalField("Desired retention", places=2,
                                     validators=[DataRequired(), InRange(MIN_RETENTION_FORM, MAX_RETENTION,
                                                                         message=f"Choose from {MIN_RETENTION_FORM} to {MAX_RETENTION}.")])
    learning_steps = StepsField("Learning steps", validators=[DataRequired()])
    relearning_steps = StepsField("Relearning steps")
    maximum_interval = IntegerField("Maximum interval (days)", validators=[DataRequired(), InRange(1, 36500)])
    new_per_day = IntegerField("New items per day", validators=[InRange(0, 9999)])
    reviews_per_day = IntegerField("Reviews per day", validators=[InRange(0, 99999)])
    reschedule = BooleanField("Reschedule my existing cards with the new retention")
    submit = SubmitField("Save settings")


class OptimizeForm(FlaskForm):
    submit = SubmitField("Optimise my parameters")
