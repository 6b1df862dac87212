from flask import Blueprint

bp = Blueprint("study", __name__)

from quizapp.study import routes  # noqa: E402,F401
