"""The review queue's forms: every field checked here, the bank checks in the service."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from quizapp.enums import FlagReason

LETTERS = "ABCD"


class ActionForm(FlaskForm):
    """Approve, retire, bulk approve, publish: the CSRF token and where to go back to."""

    back = HiddenField()


class HoldForm(ActionForm):
    reason = StringField("Why hold it", validators=[DataRequired("Say why the item is held."), Length(max=300)])


class ResolveForm(ActionForm):
    resolution = StringField("What was done", validators=[DataRequired("Say what was done about the flag."),
                                                          Length(max=1000)])


class FlagForm(ActionForm):
    item_id = HiddenField(validators=[DataRequired(), Length(max=40)])
    reason = SelectField("Reason", choices=[SelectChoice(r.value, r.label) for r in FlagReason])
    note = StringField("Note (optional)", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Flag")


class EditForm(FlaskForm):
    stem = TextAreaField("Stem", validators=[DataRequired("The stem cannot be empty."), Length(max=4000)])
    option_a = StringField("Option A", validators=[Optional(), Length(max=500)])
    option_b = StringField("Option B", validators=[Optional(), Length(max=500)])
    option_c = StringField("Option C", validators=[Optional(), Length(max=500)])
    option_d = StringField("Option D", validators=[Optional(), Length(max=500)])
    key = SelectField("Key", choices=[SelectChoice(str(i), letter) for i, letter in enumerate(LETTERS)], validate_choice=False)
    answer = StringField("Answer", validators=[Optional(), Length(max=500)])
    explanation = TextAreaField("Explanation", validators=[Optional(), Length(max=4000)])
    start = IntegerField("Quote starts at character", validators=[NumberRange(min=0)])
    end = IntegerField("Quote ends at character", validators=[NumberRange(min=1)])
    back = HiddenField()
    submit = SubmitField("Save")

    def options(self) -> list[str]:
        return [(f.data or "").strip() for f in (self.option_a, self.option_b, self.option_c, self.option_d)]
