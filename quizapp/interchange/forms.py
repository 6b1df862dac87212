"""The import page's form: CSRF and the file's presence come from Flask-WTF; everything else from formats/."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from quizapp import formats
from quizapp.interchange.service import EXPORT_FORMATS

FORMAT_LABELS = {"auto": "Detect from the file", "gift": "GIFT", "moodle-xml": "Moodle XML", "aiken": "Aiken",
                 "apkg": "Anki package (.apkg)", "csv": "CSV (Anki text or a plain mcq sheet)"}


class ImportForm(FlaskForm):
    file = FileField("Question file", validators=[FileRequired("Choose a file to import.")])
    format = SelectField("Format", choices=[(f, FORMAT_LABELS[f]) for f in ("auto", *formats.FORMATS)], default="auto")
    bank = StringField("Bank name", validators=[Optional(), Length(max=200)],
                       description="Default: the deck name, else the file name. The same name again updates that bank.")
    dry_run = BooleanField("Dry run: show what would be imported, write nothing")
    submit = SubmitField("Import")


class ExportForm(FlaskForm):
    """A GET form (nothing changes), so no CSRF token: the download is a plain link with a format."""

    class Meta:
        csrf = False

    format = SelectField("Format", choices=[("apkg", "Anki package (.apkg)"), ("gift", "GIFT"),
                                            ("moodle-xml", "Moodle XML"), ("csv", "CSV (mcq sheet)")], default="apkg")
    submit = SubmitField("Export")


assert {c[0] for c in ExportForm.format.kwargs["choices"]} == set(EXPORT_FORMATS)
