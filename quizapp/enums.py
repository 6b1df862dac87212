"""The app's one vocabulary: every state and status a row can be in, named once.

Pure (no Flask, no SQLAlchemy): the scheduler, the bank pipeline and the
models all import it. String enums compare equal to the strings stored in the
database and in exported files, so the stored values do not change.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

DEFAULT_TIMEZONE = "Asia/Kolkata"  # most aspirants' day; a user can choose another


class CardState(IntEnum):
    """`Card.state`: fsrs's three states, plus NEW for a card introduced but never answered."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


SEEN_STATES = (CardState.LEARNING, CardState.REVIEW, CardState.RELEARNING)
LEARNING_STATES = (CardState.LEARNING, CardState.RELEARNING)


class ItemStatus(StrEnum):
    GENERATED = "generated"
    REVIEWED = "reviewed"
    HELD = "held"
    RETIRED = "retired"


SERVED_STATUSES = (ItemStatus.GENERATED, ItemStatus.REVIEWED)
#: An editor's decision in a bank file: a rebuild keeps the item as the editor left it.
EDITOR_STATUSES = (ItemStatus.REVIEWED, ItemStatus.RETIRED)


class FlagReason(StrEnum):
    """Why a learner flags an item (F in study, the button on a test's review)."""

    WRONG_KEY = "wrong_key"
    UNCLEAR = "unclear"
    OUTDATED = "outdated"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class FlagKind(StrEnum):
    """Who raised an `item_flag`: a learner, the class statistics, or a rebuild of the item's document."""

    LEARNER = "learner"
    STATISTICS = "statistics"
    SOURCE_CHANGED = "source_changed"


class FlagStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class AttemptStatus(StrEnum):
    """A mock test or a written answer: open while the clock runs, then submitted for good."""

    OPEN = "open"
    SUBMITTED = "submitted"


class SubmittedBy(StrEnum):
    """Who closed an attempt: the user's button, or the server at the deadline."""

    USER = "user"
    DEADLINE = "deadline"


class WritingMode(StrEnum):
    TIMED = "timed"
    PRACTICE = "practice"


OPEN, SUBMITTED = AttemptStatus.OPEN, AttemptStatus.SUBMITTED
TIMED, PRACTICE = WritingMode.TIMED, WritingMode.PRACTICE

# Plain-int spellings for the study queue's hot path and SQL (same values, no Enum overhead).
NEW, LEARNING, REVIEW, RELEARNING = (int(s) for s in CardState)
