"""Practice tests: Prelims-style mock tests with UPSC marking and analysis."""

from flask import Blueprint

bp = Blueprint("practice", __name__)

from quizapp.practice import routes  # noqa: E402,F401

from quizapp.practice import progress as _progress  # noqa: E402

_progress.register()
