"""The add page's two forms: what to read (paste, file or link), then the metadata to confirm."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from quizapp.uploads.files import SUPPORTED


class AddForm(FlaskForm):
    text = TextAreaField("Paste text", validators=[Optional()], render_kw={"rows": 8})
    file = FileField("Or upload a file", description=f"{SUPPORTED}; up to 10 MB and 300 pages.")
    url = StringField("Or give a link", validators=[Optional(), Length(max=2000)],
                      description="An article or PDF on the web (http or https).")
    submit = SubmitField("Read it")

    def given(self) -> list[str]:
        out = []
        if (self.text.data or "").strip():
            out.append("text")
        if self.file.data and getattr(self.file.data, "filename", ""):
            out.append("file")
        if (self.url.data or "").strip():
            out.append("url")
        return out

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        given = self.given()
        if not given:
            self.text.errors = [*self.text.errors, "Paste some text, choose a file or give a link."]
            return False
        if len(given) > 1:
            self.text.errors = [*self.text.errors, "Give one thing at a time: pasted text, a file or a link."]
            return False
        return ok


class ConfirmForm(FlaskForm):
    """The guessed metadata, editable; the text rides along so nothing is stored before the build."""

    text = HiddenField(validators=[DataRequired("The text is missing. Start again from the add page.")])
    file = HiddenField()
    url = HiddenField()
    title = StringField("Title", validators=[DataRequired("Give the document a title."), Length(max=500)])
    publisher = StringField("Source (publisher)", validators=[Optional(), Length(max=255)],
                            description="Who issued it: a ministry, a newspaper, an institute.")
    published = DateField("Published on", validators=[Optional()])
    as_of = DateField("Figures as of", validators=[Optional()],
                      description="The date its figures speak for; questions say \u201cas reported on\u201d it.")
    submit = SubmitField("Build questions")

    def validate_as_of(self, field) -> None:
        if field.data and self.published.data and field.data > self.published.data:
            from wtforms.validators import ValidationError

            raise ValidationError("The figures cannot be as of a date after publication.")
