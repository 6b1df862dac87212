"""Progress: Due counts, retention, topic mastery and trends."""

from flask import Blueprint

bp = Blueprint("progress", __name__)

from quizapp.progress import routes  # noqa: E402,F401
