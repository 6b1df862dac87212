"""The JSON API under /api/v1: session cookie plus X-CSRFToken, or a Bearer token."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from quizapp.api import common, openapi, practice, progress, study, writing  # noqa: E402,F401
