"""Status values shared by the bank pipeline's output and the database.

One definition, so "what may a learner be served" is spelled once: every
serving query filters with ``Item.live()``, which reads ``SERVED_STATUSES``.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    GENERATED = "generated"
    REVIEWED = "reviewed"
    HELD = "held"
    RETIRED = "retired"


SERVED_STATUSES = (ItemStatus.GENERATED, ItemStatus.REVIEWED)
