"""Study settings: every value checked on the server, then by SrsSettings itself."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, NumberRange, ValidationError

STEP = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")
UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_steps(text: str) -> tuple[timedelta, ...]:
    steps = []
    for token in (text or "").split():
        match = STEP.match(token.strip().lower())
        if not match:
            raise ValueError(f"{token!r} is not a step like 1m, 10m, 1h or 1d")
        steps.append(timedelta(**{UNIT[match.group(2)]: float(match.group(1))}))
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
                                     validators=[DataRequired(), NumberRange(min=0.70, max=0.99, message="Choose from 0.70 to 0.99.")])
    learning_steps = StepsField("Learning steps", validators=[DataRequired()])
    relearning_steps = StepsField("Relearning steps")
    maximum_interval = IntegerField("Maximum interval (days)", validators=[DataRequired(), NumberRange(min=1, max=36500)])
    new_per_day = IntegerField("New items per day", validators=[NumberRange(min=0, max=9999)])
    reviews_per_day = IntegerField("Reviews per day", validators=[NumberRange(min=0, max=99999)])
    reschedule = BooleanField("Reschedule my existing cards with the new retention")
    submit = SubmitField("Save settings")


class OptimiseForm(FlaskForm):
    submit = SubmitField("Optimise my parameters")
