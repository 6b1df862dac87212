"""The import upload: CSRF and the file checks come from Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField


class ImportForm(FlaskForm):
    file = FileField("Export file (.json)", validators=[FileRequired("Choose a file exported from quizapp."),
                                                        FileAllowed(["json"], "Choose a .json file exported from quizapp.")])
    submit = SubmitField("Import my data")
