"""Practice tests: Prelims-style mock tests with UPSC marking and analysis.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp` and the progress providers.
"""
