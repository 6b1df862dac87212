"""The import page's form: CSRF and the file's presence come from Flask-WTF; everything else from formats/."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from quizapp import formats
from quizapp.interchange.service import EXPORT_FORMATS

FORMAT_LABELS = {"auto": "Detect from the file", "gift": "GIFT", "moodle-xml": "Moodle XML", "aiken": "Aiken",
                 "apkg": "Anki package (.apkg)", "csv": "CSV (Anki text or a plain mcq sheet)"}


class ImportForm(FlaskForm):
    file = FileField("Question file", validators=[FileRequired("Choose a file to import.")])
    format = SelectField("Format", choices=[SelectChoice(f, FORMAT_LABELS[f]) for f in ("auto", *formats.FORMATS)], default="auto")
    bank = StringField("Bank name", validators=[Optional(), Length(max=200)],
                       description="Default: the deck name, else the file name. The same name again updates that bank.")
    dry_run = BooleanField("Dry run: show what would be imported, write nothing")
    submit = SubmitField("Import")


EXPORT_LABELS = {"apkg": "Anki package (.apkg)", "gift": "GIFT", "moodle-xml": "Moodle XML", "csv": "CSV (mcq sheet)"}
assert set(EXPORT_LABELS) == set(EXPORT_FORMATS)


class ExportForm(FlaskForm):
    """A GET form (nothing changes), so no CSRF token: the download is a plain link with a format."""

    class Meta:
        csrf = False

    format = SelectField("Format", choices=[SelectChoice(v, label) for v, label in EXPORT_LABELS.items()], default="apkg")
    submit = SubmitField("Export")

