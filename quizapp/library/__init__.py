"""The library: documents and items with their sources.

Importing the package loads nothing: `quizapp.create_app` registers `routes.bp`.
"""
