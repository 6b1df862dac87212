"""Marking schemes: exact fractions, and the two-decimal figure a result sheet prints."""

from fractions import Fraction

import pytest

from quizapp.practice.marking import SCHEMES, fmt, max_score, scheme, score


def test_upsc_three_wrong_cost_exactly_one_right():
    upsc = scheme("upsc")
    assert score(upsc, [True, False, False, False]) == 0
    assert score(upsc, [True] * 7 + [False] * 2 + [None]) == Fraction(38, 3)
    assert fmt(Fraction(38, 3)) == "12.67"
    assert max_score(upsc, 100) == 200


@pytest.mark.parametrize("key, outcomes, expected", [
    ("upsc", [True, None, False], Fraction(4, 3)),
    ("quarter", [True, True, False, None], Fraction(7, 4)),
    ("none", [True, False, False, None], Fraction(2)),
    ("upsc", [False], Fraction(-2, 3)),
    ("upsc", [], Fraction(0)),
])
def test_scores(key, outcomes, expected):
    assert score(SCHEMES[key], outcomes) == expected


def test_format_rounds_half_away_from_zero_with_a_true_minus():
    assert fmt(Fraction(-2, 3)) == "−0.67"
    assert fmt(Fraction(1, 200)) == "0.01"
    assert fmt(Fraction(-1, 1000)) == "0.00"
    assert fmt(Fraction(4, 3), signed=True) == "+1.33"
    assert fmt(Fraction(200)) == "200.00"


def test_unknown_scheme_names_the_choices():
    with pytest.raises(ValueError, match="upsc, quarter, none"):
        scheme("cbse")
