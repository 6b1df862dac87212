"""The home page and health check.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp`.
"""
