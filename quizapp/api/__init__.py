"""The JSON API under /api/v1: session cookie plus X-CSRFToken, or a Bearer token.

Importing the package loads nothing: `quizapp.create_app` imports the endpoint
modules (`ENDPOINTS`) and registers `routes.bp`.
"""

ENDPOINTS = ("common", "openapi", "practice", "progress", "study", "writing")
