"""Study: the FSRS review queue over the database, its pages and settings.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp`.
"""
