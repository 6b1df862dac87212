"""Forms of the answer-writing pages (the autosave itself is JSON, see quizapp.api.writing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField

from quizapp.writing.rating import RUBRIC

try:  # WTForms 3.3 deprecates (value, label) tuples; 3.2 has no SelectChoice
    from wtforms.fields.choices import SelectChoice

    def _choices(pairs):
        return [SelectChoice(value, label) for value, label in pairs]
except ImportError:  # pragma: no cover - WTForms 3.2
    def _choices(pairs):
        return list(pairs)


SCALE = _choices([(1, "1 – weak"), (2, "2 – fair"), (3, "3 – good"), (4, "4 – excellent")])
HINTS = {
    "content": "Did you answer every part of the question, with correct facts?",
    "structure": "An introduction, a body that argues, a conclusion.",
    "examples": "Data, cases, reports, committees, articles that back the points.",
    "presentation": "Headings, short paragraphs, within the word limit, legible flow.",
}


class StartForm(FlaskForm):
    mode = RadioField("Mode", choices=_choices([("timed", "Timed (exam conditions)"), ("practice", "Untimed practice")]),
                      default="timed")
    submit = SubmitField("Start writing")


class SubmitAnswerForm(FlaskForm):
    submit = SubmitField("Submit answer")


class AssessForm(FlaskForm):
    content = SelectField("Content", choices=SCALE, coerce=int)
    structure = SelectField("Structure", choices=SCALE, coerce=int)
    examples = SelectField("Examples", choices=SCALE, coerce=int)
    presentation = SelectField("Presentation", choices=SCALE, coerce=int)
    submit = SubmitField("Save self-assessment and schedule")

    def marks(self) -> dict[str, int]:
        return {k: getattr(self, k).data for k in RUBRIC}
