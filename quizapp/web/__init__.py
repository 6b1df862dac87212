"""The web layer's own helpers: what request handlers, tasks and CLI commands read from the app for the services.

Importing the package loads nothing.
"""
