from quizapp.writing.limits import Limits, limits_for


def test_mains_defaults():
    assert limits_for(10) == Limits(150, 7)
    assert limits_for(15) == Limits(250, 11)
    assert limits_for(125) == Limits(1200, 90, word_min=1000)
    assert limits_for(None, essay_paper=True) == Limits(1200, 90, word_min=1000)


def test_item_fields_override_the_defaults():
    assert limits_for(15, word_limit=200, time_limit_minutes=9) == Limits(200, 9)
    assert limits_for(10, time_limit_minutes=8) == Limits(150, 8)


def test_unusual_marks_scale_and_missing_marks_default_to_15():
    assert limits_for(20) == Limits(330, 15)
    assert limits_for(None) == Limits(250, 11)
