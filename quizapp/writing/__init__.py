"""Answer writing: timed Mains-style answers with key-point feedback.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp` and the progress providers.
"""
