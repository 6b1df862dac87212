"""Typed SQLAlchemy 2 models, one module per concept.

Importing this package registers every table on `db.metadata`, which Alembic
autogenerate and the test schema both rely on.
"""

from quizapp.models.accounts import ApiToken, User

__all__ = ["ApiToken", "User"]
