"""Forms of the answer-writing pages (the autosave itself is JSON, see quizapp.api.writing)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from quizapp.writing.rating import RUBRIC

try:  # WTForms 3.3 deprecates (value, label) tuples; 3.2 has no SelectChoice
    from wtforms.fields.choices import SelectChoice

    def _choices(pairs):
        return [SelectChoice(value, label) for value, label in pairs]
except ImportError:  # pragma: no cover - WTForms 3.2
    def _choices(pairs):
        return list(pairs)


SCALE = _choices([("", "Choose…"), (1, "1 – weak"), (2, "2 – fair"), (3, "3 – good"), (4, "4 – excellent")])
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


def _mark(value) -> int | None:
    """A rubric mark, or None for the blank "Choose…" (so a rating is never taken for granted)."""
    return None if value in ("", None) else int(value)


def _rubric_field(label: str) -> SelectField:
    return SelectField(label, choices=SCALE, coerce=_mark, default="",
                       validators=[InputRequired(f"Choose a mark for {label.lower()}.")])


class AssessForm(FlaskForm):
    """Every mark starts blank: a default of "1 – weak" got submitted unread (issue 20)."""

    content = _rubric_field("Content")
    structure = _rubric_field("Structure")
    examples = _rubric_field("Examples")
    presentation = _rubric_field("Presentation")
    submit = SubmitField("Save self-assessment and schedule")

    def marks(self) -> dict[str, int]:
        return {k: getattr(self, k).data for k in RUBRIC}
