from quizapp.writing.diff import word_diff


def test_word_diff_keeps_whitespace_and_marks_changes():
    assert word_diff("The monsoon is late.", "The monsoon is early this year.") == [
        ("same", "The monsoon is "), ("del", "late."), ("ins", "early this year."),
    ]


def test_identical_and_empty_texts():
    assert word_diff("a b", "a b") == [("same", "a b")]
    assert word_diff("", "new text") == [("ins", "new text")]
    assert word_diff("old", "") == [("del", "old")]
