"""The stored queue's bookkeeping: what one answer does to the three lists."""

from __future__ import annotations

import datetime as dt

from quizapp.study.snapshot import LEARNING, NEW, RELEARNING, REVIEW, Snapshot, stamp

UTC = dt.UTC
NOW = dt.datetime(2026, 1, 5, 4, 0, tzinfo=UTC)
DAY_END = dt.datetime(2026, 1, 5, 18, 30, tzinfo=UTC)  # IST midnight
AHEAD = dt.timedelta(minutes=20)


def minutes(n: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=n)


def test_pick_follows_the_study_order():
    snap = Snapshot(learning=[(stamp(minutes(5)), 7)], review=[3, 4], new=[9], review_left=2, new_left=1, review_due=2)
    assert snap.pick(NOW, AHEAD) == ("review", 3, None)  # learning not due yet
    assert snap.pick(minutes(5), AHEAD) == ("learning", 7, stamp(minutes(5)))  # due learning first
    snap = Snapshot(learning=[(stamp(minutes(5)), 7)], review=[3], new=[9], review_left=0, new_left=1, review_due=1)
    assert snap.pick(NOW, AHEAD) == ("new", 9, None)  # the review limit is spent
    snap = Snapshot(learning=[(stamp(minutes(5)), 7)])
    assert snap.pick(NOW, AHEAD) == ("learning", 7, stamp(minutes(5)))  # learn ahead when nothing else is left
    assert Snapshot(learning=[(stamp(minutes(25)), 7)]).pick(NOW, AHEAD) is None


def test_a_review_answered_good_leaves_the_list_and_spends_one_review():
    snap = Snapshot(review=[3, 4, 5], new=[9], review_left=3, new_left=1, review_due=3)
    assert snap.after_answer(3, REVIEW, REVIEW, NOW + dt.timedelta(days=4), DAY_END)
    assert snap.review == [4, 5] and snap.counts() == {"new": 1, "learning": 0, "review": 2}


def test_again_on_a_review_moves_it_to_learning_in_due_order():
    snap = Snapshot(learning=[(stamp(minutes(3)), 1), (stamp(minutes(30)), 2)], review=[3, 4], review_left=2,
                    review_due=2)
    assert snap.after_answer(3, REVIEW, RELEARNING, minutes(10), DAY_END)
    assert snap.learning == [(stamp(minutes(3)), 1), (stamp(minutes(10)), 3), (stamp(minutes(30)), 2)]
    assert snap.review == [4]


def test_a_learning_step_due_after_the_day_ends_leaves_the_counts():
    snap = Snapshot(learning=[(stamp(NOW), 1)])
    assert snap.after_answer(1, LEARNING, LEARNING, DAY_END + dt.timedelta(minutes=1), DAY_END)
    assert snap.learning == []


def test_new_card_answered_goes_to_learning_and_its_siblings_are_buried():
    tomorrow = DAY_END + dt.timedelta(days=1)
    snap = Snapshot(review=[4, 8], new=[9, 10, 11], review_left=5, new_left=3, review_due=4)
    buried = [(10, NEW, NOW), (8, REVIEW, NOW), (12, REVIEW, NOW), (13, REVIEW, tomorrow)]  # 12: due, beyond the window
    assert snap.after_answer(9, NEW, LEARNING, minutes(1), DAY_END, buried=buried)
    assert snap.new == [11] and snap.review == [4] and snap.learning == [(stamp(minutes(1)), 9)]
    assert snap.review_due == 2  # 8 and 12 were due today; 13 was not
    assert snap.counts() == {"new": 1, "learning": 1, "review": 2} and snap.new_left == 2


def test_a_spent_window_with_reviews_still_due_asks_for_a_rebuild():
    """The window holds the best-ranked few; what ranks next is not in memory."""
    snap = Snapshot(review=[3], review_left=10, review_due=50)
    assert not snap.after_answer(3, REVIEW, REVIEW, NOW + dt.timedelta(days=2), DAY_END)
    assert snap.review == [3] and snap.review_due == 50  # unchanged
    snap = Snapshot(review=[3], review_left=10, review_due=1)  # the last one due: nothing to rank
    assert snap.after_answer(3, REVIEW, REVIEW, NOW + dt.timedelta(days=2), DAY_END)
    assert snap.counts()["review"] == 0


def test_new_cards_buried_below_the_limit_with_more_unseen_ask_for_a_rebuild():
    snap = Snapshot(new=[9, 10, 11], new_left=3, new_more=True)
    assert not snap.after_answer(9, NEW, LEARNING, minutes(1), DAY_END, buried=[(10, NEW, NOW)])
    assert snap.new == [9, 10, 11]
    snap = Snapshot(new=[9, 10, 11], new_left=3, new_more=False)  # nothing unseen left: [11] is all there is
    assert snap.after_answer(9, NEW, LEARNING, minutes(1), DAY_END, buried=[(10, NEW, NOW)])
    assert snap.counts()["new"] == 1


def test_an_answer_the_lists_cannot_account_for_changes_nothing():
    snap = Snapshot(learning=[(stamp(NOW), 1)], review=[3], new=[9], review_left=5, new_left=5, review_due=1)
    before = snap.to_json()
    assert not snap.after_answer(42, REVIEW, REVIEW, NOW + dt.timedelta(days=3), DAY_END)  # not queued today
    assert not snap.after_answer(3, NEW, LEARNING, minutes(1), DAY_END)  # state does not match its list
    assert not snap.after_answer(3, REVIEW, REVIEW, minutes(1), DAY_END)  # a same-day review interval: impossible
    assert snap.to_json() == before


def test_json_round_trip_is_exact():
    snap = Snapshot(learning=[(stamp(minutes(1.5)), 1)], review=[3, 4], new=[9], review_left=7, new_left=2,
                    review_due=40, new_more=True)
    assert Snapshot.from_json(snap.to_json()) == snap
    assert stamp(dt.datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC)) == 1


def test_learn_ahead_never_brings_back_the_card_just_answered_while_another_waits():
    """Issue 20.1: "Good 10m" cards came straight back; learn-ahead takes the other waiting card first."""
    snap = Snapshot(learning=[(stamp(minutes(5)), 7), (stamp(minutes(8)), 8)], last=7)
    assert snap.pick(NOW, AHEAD) == ("learning", 8, stamp(minutes(8)))
    snap = Snapshot(learning=[(stamp(minutes(5)), 7), (stamp(minutes(40)), 8)], last=7)
    assert snap.pick(NOW, AHEAD) is None  # the other is not close: wait rather than repeat the same card
    assert Snapshot(learning=[(stamp(minutes(5)), 7)], last=7).pick(NOW, AHEAD)[1] == 7  # alone: as Anki


def test_learn_ahead_only_when_no_new_card_is_left():
    snap = Snapshot(learning=[(stamp(minutes(5)), 7)], new=[9], new_left=1)
    assert snap.pick(NOW, AHEAD) == ("new", 9, None)


def test_an_answer_remembers_the_card_for_learn_ahead():
    snap = Snapshot(new=[1, 2], new_left=2, new_done=0)
    assert snap.after_answer(1, NEW, LEARNING, minutes(10), DAY_END)
    assert snap.last == 1 and snap.new_done == 1
    assert Snapshot.from_json(snap.to_json()) == snap


def _session(snap: Snapshot) -> str:
    """The kinds the queue serves, answering each card Good into review (days away)."""
    kinds = ""
    while (picked := snap.pick(NOW, AHEAD)) is not None:
        kind, card_id, _ = picked
        kinds += kind[0]
        before = NEW if kind == "new" else REVIEW
        assert snap.after_answer(card_id, before, REVIEW, DAY_END + dt.timedelta(days=3), DAY_END)
    return kinds


def test_new_cards_are_mixed_evenly_among_reviews():
    """Issue 20.1: Anki's "mix new and review", not all new first (nor all last)."""
    snap = Snapshot(review=list(range(100, 110)), new=[1, 2, 3, 4, 5], review_left=10, new_left=5, review_due=10)
    assert _session(snap) == "rnrrnrrnrrnrrnr"
    snap = Snapshot(review=[100, 101], new=[1, 2, 3, 4, 5, 6], review_left=2, new_left=6, review_due=2)
    assert _session(snap) == "rnnnrnnn"
