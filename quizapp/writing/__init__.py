"""Answer writing: Timed Mains-style answers with key-point feedback."""

from flask import Blueprint

bp = Blueprint("writing", __name__)

from quizapp.writing import routes  # noqa: E402,F401

from quizapp.writing import progress as _progress  # noqa: E402

_progress.register()
