"""Progress: due counts, retention, topic mastery and trends.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp`.
"""
