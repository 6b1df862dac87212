"""The analysis figures for hand-built attempts, exact."""

import datetime as dt
from fractions import Fraction

from quizapp.practice.analysis import Question, Summary, Tally, analyse, compare, pct, seconds
from quizapp.practice.marking import scheme

UTC = dt.UTC


def q(pos, topic, key, choice, ms=0):
    return Question(pos, f"i{pos}", topic, key, choice, ms)


QUESTIONS = [
    q(1, "Polity", 0, 0, 30_000),      # right
    q(2, "Polity", 1, 2, 90_000),      # wrong
    q(3, "Polity", 2, None, 5_000),    # blank
    q(4, "Economy", 3, 3, 60_000),     # right
    q(5, "Economy", 0, 0, 45_000),     # right
    q(6, "History", 1, 0, 120_000),    # wrong
    q(7, "History", 2, 1, 10_000),     # wrong
    q(8, "Geography", 0, None, 0),     # blank, never opened
]


def test_every_figure_for_a_constructed_attempt():
    a = analyse(QUESTIONS, scheme("upsc"))
    assert (a.tally.correct, a.tally.wrong, a.tally.blank, a.tally.attempted) == (3, 3, 2, 6)
    assert a.score == 6 - 2 == Fraction(4)
    assert a.max_score == 16
    assert a.tally.accuracy == Fraction(1, 2)
    assert a.tally.attempt_rate == Fraction(3, 4)
    assert a.negative_lost == 2
    assert a.total_time_ms == 360_000 and a.mean_time_ms == 45_000
    assert a.mean_time_by_outcome == {"correct": 45_000, "wrong": 73_333, "blank": 2_500}
    assert [s.position for s in a.slowest] == [6, 2, 4, 5, 1]
    rows = [(r.topic, r.tally.correct, r.tally.attempted, r.tally.accuracy, r.marks) for r in a.topics]
    assert rows == [
        ("History", 0, 2, Fraction(0), Fraction(-4, 3)),
        ("Polity", 1, 2, Fraction(1, 2), Fraction(4, 3)),
        ("Economy", 2, 2, Fraction(1), Fraction(4)),
        ("Geography", 0, 0, None, Fraction(0)),
    ]


def test_nothing_attempted_has_no_accuracy_rather_than_zero():
    a = analyse([q(1, "Polity", 0, None)], scheme("upsc"))
    assert a.tally.accuracy is None and a.tally.attempt_rate == 0 and a.score == 0
    assert pct(a.tally.accuracy) == "–" and pct(a.tally.attempt_rate) == "0.0%"


def test_comparison_is_against_the_latest_earlier_attempt_on_a_shared_scale():
    t0 = dt.datetime(2026, 1, 1, tzinfo=UTC)
    first = Summary(1, t0, Fraction(10), Fraction(20), Tally(10, 6, 3))
    second = Summary(2, t0 + dt.timedelta(days=1), Fraction(100), Fraction(200), Tally(100, 60, 30))
    now = Summary(3, t0 + dt.timedelta(days=2), Fraction(15), Fraction(20), Tally(10, 8, 1))
    c = compare(now, [second, now, first])
    assert [s.attempt_id for s in c.previous] == [1, 2]
    assert c.score_share_change == Fraction(1, 4)
    assert c.accuracy_change == Fraction(8, 9) - Fraction(2, 3)
    assert c.attempt_rate_change == 0
    assert pct(c.accuracy_change, signed=True) == "+22.2%"
    assert compare(first, [first, second]).previous == []


def test_display_helpers():
    assert pct(Fraction(2, 3)) == "66.7%" and pct(Fraction(-1, 20), signed=True) == "−5.0%"
    assert seconds(72_400) == "1 min 12 s" and seconds(4_600) == "5 s" and seconds(None) == "–"
