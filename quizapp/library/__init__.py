from flask import Blueprint

bp = Blueprint("library", __name__)

from quizapp.library import routes  # noqa: E402,F401
