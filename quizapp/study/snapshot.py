"""Today's queue as three lists, and how one answer changes them.

Pure: no Flask, no database. `quizapp.study.store` builds a Snapshot from the
cards, stores it, and calls `after_answer` in the answer's transaction, so the
next request pops the head instead of re-counting and re-ranking what is due.
Anything `after_answer` cannot account for exactly makes it return False, and
the caller rebuilds from the cards instead: a wrong guess here would show a
card twice or hide one, so it never guesses.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizapp.enums import LEARNING, NEW, RELEARNING, REVIEW

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def stamp(at: dt.datetime) -> int:
    """Microseconds since the epoch: exact (no float rounding), orderable, and small in JSON."""
    return (at - EPOCH) // _MICROSECOND


@dataclass
class Snapshot:
    """Ordered card ids: what the study page shows next, and what the counters count.

    - ``learning``: (due stamp, card id) of every (re)learning card due before
      the day ends, soonest first. Shown once due, or up to the learn-ahead
      limit early when nothing else is left.
    - ``review``: the best-ranked due reviews (most overdue relative to their
      interval first), a window of at most a few hundred whatever the daily
      limit, so the stored row stays small. ``review_due`` counts every due,
      unburied review, window or not; ``review_left`` is the daily limit left.
    - ``new``: introduced new cards in their introduction order; ``new_left``
      may be shown, and ``new_more`` says unseen items may still be introduced.
    - ``new_done``, ``review_done``: today's new and review answers, so new
      cards are spread evenly among the reviews (Anki's "mix new and review")
      instead of all coming first or last, and a rebuild, which counts them
      again from the log, picks exactly what the stored queue would.
    - ``last``: the card answered last, which learn-ahead does not bring
      straight back while another learning card is waiting.
    """

    learning: list[tuple[int, int]] = field(default_factory=list)
    review: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    review_left: int = 0
    new_left: int = 0
    review_due: int = 0
    new_more: bool = False
    new_done: int = 0
    review_done: int = 0
    last: int | None = None

    def counts(self) -> dict[str, int]:
        return {"new": min(len(self.new), self.new_left), "learning": len(self.learning),
                "review": min(self.review_due, self.review_left)}

    def pick(self, now: dt.datetime, learn_ahead: dt.timedelta,
             skip: frozenset[int] = frozenset()) -> tuple[str, int, int | None] | None:
        """(list name, card id, due stamp for learning cards) of the card to show, or None when done.

        Due learning cards come first; then reviews and new cards, interleaved
        so that the share of today's new cards shown keeps pace with the share
        of today's reviews (a review first, and on ties); and only when none of those is left, a learning
        card due within ``learn_ahead``, never the card just answered while
        another learning card waits (Anki shows that one only if it is alone). Cards in ``skip``
        (those in a running mock test) are passed over, not removed.
        """
        learning = [e for e in self.learning if e[1] not in skip] if skip else self.learning
        review = [c for c in self.review if c not in skip] if skip else self.review
        new = [c for c in self.new if c not in skip] if skip else self.new
        if learning and learning[0][0] <= stamp(now):
            due, card_id = learning[0]
            return "learning", card_id, due
        reviews = min(self.review_due, self.review_left) if review else 0
        news = min(len(new), self.new_left)
        nd, rd = self.new_done, self.review_done
        if news > 0 and (reviews == 0 or nd * (rd + reviews) < rd * (nd + news)):
            return "new", new[0], None
        if reviews > 0:
            return "review", review[0], None
        horizon = stamp(now + learn_ahead)
        ahead = [(due, cid) for due, cid in learning if due <= horizon]
        others = [pair for pair in ahead if pair[1] != self.last]
        if others:
            due, card_id = others[0]
            return "learning", card_id, due
        if ahead and len(learning) == 1:
            due, card_id = ahead[0]
            return "learning", card_id, due
        return None

    def after_answer(self, card_id: int, state_before: int, state_after: int, due_after: dt.datetime,
                     day_end: dt.datetime, buried: Iterable[tuple[int, int, dt.datetime]] = (),
                     filtered: bool = False) -> bool:
        """Apply one answer; False (and unchanged) when the lists cannot account for it exactly.

        An answered card leaves the list its old state put it in, and a new or
        review card spends one unit of that day's limit, as the counters
        expect. A card still in (re)learning and due today goes back into
        ``learning``. ``buried`` are the siblings this answer buried, as
        (card id, state, due): due reviews among them leave the count, and
        they all leave the lists. In a ``filtered`` queue a buried due review
        may lie outside the filter, so it cannot be counted off: rebuild.
        """
        if state_before == NEW:
            index = _index(self.new, card_id) if self.new_left > 0 else None
        elif state_before == REVIEW:
            index = _index(self.review, card_id) if self.review_left > 0 else None
        else:
            index = next((i for i, (_, cid) in enumerate(self.learning) if cid == card_id), None)
        if index is None:
            return False
        if state_after == REVIEW and due_after < day_end:
            return False  # never happens with FSRS (a review interval is at least a day); don't pretend
        hidden = {cid for cid, _, _ in buried}
        buried_due = sum(1 for _, state, due in buried if state == REVIEW and due < day_end)
        if filtered and buried_due:
            return False
        review_due = self.review_due - buried_due
        review = [cid for cid in self.review if cid not in hidden]
        new = [cid for cid in self.new if cid not in hidden]
        review_left, new_left = self.review_left, self.new_left
        new_done, review_done = self.new_done, self.review_done
        if state_before == NEW:
            new.remove(card_id)
            new_left -= 1
            new_done += 1
        elif state_before == REVIEW:
            review.remove(card_id)
            review_left -= 1
            review_due -= 1
            review_done += 1
        if self.new_more and len(new) < new_left:
            return False  # the item to introduce in the buried one's place is not in memory
        if not review and min(review_due, review_left) > 0:
            return False  # the window is spent but reviews are still due: rank the rest
        if state_before not in (NEW, REVIEW):
            del self.learning[index]
        if state_after in (LEARNING, RELEARNING) and due_after < day_end:
            bisect.insort(self.learning, (stamp(due_after), card_id))
        self.review, self.new, self.review_left, self.new_left = review, new, review_left, new_left
        self.review_due, self.new_done, self.review_done = review_due, new_done, review_done
        self.last = card_id
        return True

    def to_json(self) -> dict[str, Any]:
        return {"learning": [list(pair) for pair in self.learning], "review": self.review, "new": self.new,
                "review_left": self.review_left, "new_left": self.new_left, "review_due": self.review_due,
                "new_more": self.new_more, "new_done": self.new_done,
                "review_done": self.review_done, "last": self.last}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        # Written by to_json only: the ids are ints already.
        return cls(learning=[(due, cid) for due, cid in data.get("learning", [])],
                   review=list(data.get("review", [])), new=list(data.get("new", [])),
                   review_left=int(data.get("review_left", 0)), new_left=int(data.get("new_left", 0)),
                   review_due=int(data.get("review_due", 0)), new_more=bool(data.get("new_more")),
                   new_done=int(data.get("new_done", 0)),
                   review_done=int(data.get("review_done", 0)), last=data.get("last"))


def _index(ids: list[int], card_id: int) -> int | None:
    try:
        return ids.index(card_id)
    except ValueError:
        return None
