"""Each item type owns its grading and how the study page shows it.

A dict keyed by the `type` column and a small base class are enough: the
study API, mock tests and answer writing ask the registry instead of
switching on type names in several places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.srs.scheduler import Rating

FAST_MCQ_MS = 15_000  # right within this is rated Easy (UPSC allows ~72 s a question)


@dataclass(frozen=True)
class Grade:
    correct: bool | None  # None: the user judges (fact, cloze, essay)
    rating: Rating | None  # derived rating, if the type can derive one


class ItemType:
    name: ClassVar[str]
    reveal: ClassVar[str]  # "options" (pick one), "flip" (show, then rate) or "write" (an essay: answer on the writing page)
    self_rated: ClassVar[bool] = True

    def validate_response(self, options: list[str], response: Any) -> str | None:
        """A message if ``response`` cannot be an answer to this item, else None."""
        return None

    def grade(self, answer: Any, options: list[str], response: Any, duration_ms: int) -> Grade:
        return Grade(correct=None, rating=None)


class McqType(ItemType):
    name = "mcq"
    reveal = "options"
    self_rated = False

    def validate_response(self, options: list[str], response: Any) -> str | None:
        if response is None:
            return None
        if isinstance(response, bool) or not isinstance(response, int) or not 0 <= response < len(options):
            return f"response must be an option index from 0 to {len(options) - 1}"
        return None

    def grade(self, answer: Any, options: list[str], response: Any, duration_ms: int) -> Grade:
        if response is None:
            return Grade(correct=False, rating=Rating.AGAIN)
        correct = response == answer
        if not correct:
            return Grade(correct=False, rating=Rating.AGAIN)
        return Grade(correct=True, rating=Rating.EASY if duration_ms <= FAST_MCQ_MS else Rating.GOOD)


class FactType(ItemType):
    name = "fact"
    reveal = "flip"


class ClozeType(ItemType):
    name = "cloze"
    reveal = "flip"


class EssayType(ItemType):
    name = "essay"
    reveal = "write"


REGISTRY: dict[str, ItemType] = {t.name: t() for t in (McqType, FactType, ClozeType, EssayType)}


def item_type(name: str) -> ItemType:
    return REGISTRY[name]


def correct_from_rating(rating: Rating) -> bool:
    """For self-rated items: anything but Again counts as recalled (as FSRS does)."""
    return rating != Rating.AGAIN
