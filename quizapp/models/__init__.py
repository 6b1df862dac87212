"""Typed SQLAlchemy 2 models, one module per concept.

Importing this package registers every table on `db.metadata`, which Alembic
autogenerate and the test schema both rely on.
"""

from quizapp.models import classes, practice, writing  # noqa: F401  (each registers its own tables)
from quizapp.models.accounts import ApiToken, AuthThrottle, RevokedLogin, User
from quizapp.models.content import (
    RETIRED,
    UNSERVED,
    Document,
    Fact,
    Item,
    ItemTag,
    ItemVersion,
    KeyPoint,
    Topic,
    item_fact,
    key_point_item,
)
from quizapp.models.study import Card, ReviewLog, StudyQueue, StudySettings

__all__ = [
    "Card", "ReviewLog", "StudyQueue", "StudySettings",
    "RETIRED", "UNSERVED", "ApiToken", "AuthThrottle", "RevokedLogin", "Document", "Fact", "Item", "ItemTag", "ItemVersion", "KeyPoint", "Topic", "User", "item_fact", "key_point_item",
]
