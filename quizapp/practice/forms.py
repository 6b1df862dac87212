"""The forms of the practice pages; choices for banks and topics are filled per request from the database."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quizapp.practice.builder import MAX_MINUTES, MIN_MINUTES, SIZES
from quizapp.practice.marking import DEFAULT_SCHEME, SCHEMES
from quizapp.validators import InRange


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: a multiple <select> needs Ctrl-click, and nothing on the page says so."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewTestForm(FlaskForm):
    banks = CheckboxesField("Banks", choices=[])
    topics = CheckboxesField("Topics", choices=[])
    tags = StringField("Tags", description="comma-separated; any of them")
    size = RadioField("Questions", choices=[SelectChoice(str(n), str(n)) for n in SIZES], coerce=int, default=SIZES[0])
    scheme = RadioField("Marking", choices=[SelectChoice(k, s.label) for k, s in SCHEMES.items()], default=DEFAULT_SCHEME)
    minutes = IntegerField("Time limit in minutes", validators=[Optional(), InRange(MIN_MINUTES, MAX_MINUTES)])
    submit = SubmitField("Start the test")

    def tag_list(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in (self.tags.data or "").split(",") if t.strip())


class RetakeForm(FlaskForm):
    submit = SubmitField("Retake my mistakes")


class SubmitTestForm(FlaskForm):
    submit = SubmitField("Submit the test")
