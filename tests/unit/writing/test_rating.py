import pytest

from quizapp.srs.scheduler import Rating
from quizapp.writing.rating import rate

GOOD_SELF = {"content": 4, "structure": 4, "examples": 4, "presentation": 3}  # mean 3.75


@pytest.mark.parametrize("covered,expected", [(0, Rating.AGAIN), (3, Rating.AGAIN), (4, Rating.HARD), (5, Rating.HARD),
                                              (6, Rating.GOOD), (8, Rating.GOOD), (9, Rating.EASY), (10, Rating.EASY)])
def test_coverage_sets_the_base(covered, expected):
    assert rate(covered, 10, GOOD_SELF, 200, 250)[0] == expected


def test_empty_answer_is_again():
    assert rate(10, 10, GOOD_SELF, 0, 250) == (Rating.AGAIN, ["The answer is empty."])


def test_low_self_assessment_caps_at_hard():
    poor = {"content": 1, "structure": 2, "examples": 1, "presentation": 2}  # mean 1.5
    rating, reasons = rate(10, 10, poor, 200, 250)
    assert rating == Rating.HARD and "at most Hard" in reasons[-1]
    assert rate(2, 10, poor, 200, 250)[0] == Rating.AGAIN  # never raises a rating


def test_middling_self_assessment_turns_easy_into_good():
    middling = {"content": 3, "structure": 3, "examples": 3, "presentation": 4}  # mean 3.25
    assert rate(10, 10, middling, 200, 250)[0] == Rating.GOOD
    assert rate(7, 10, middling, 200, 250)[0] == Rating.GOOD


def test_far_over_the_word_limit_caps_at_good():
    rating, reasons = rate(10, 10, GOOD_SELF, 276, 250)
    assert rating == Rating.GOOD and "10 % over" in reasons[-1]
    assert rate(10, 10, GOOD_SELF, 275, 250)[0] == Rating.EASY


def test_no_key_points_rates_on_self_assessment_only():
    assert rate(0, 0, GOOD_SELF, 100, 250)[0] == Rating.EASY


def test_bad_self_assessment_lists_every_problem():
    with pytest.raises(ValueError, match="content must be one of 1-4; examples must be one of 1-4"):
        rate(5, 10, {"content": 0, "structure": 2, "examples": "3", "presentation": 2}, 100, 250)
