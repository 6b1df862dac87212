"""The API blueprint; `quizapp.create_app` imports the endpoint modules and registers it under /api/v1."""

from flask import Blueprint

bp = Blueprint("api", __name__)
