"""Aiken, from Moodle's "Aiken format" page."""

from __future__ import annotations

import pytest

from quizapp.formats import FormatError, Question, aiken

SPEC_EXAMPLE = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""


def read(text: str):
    return aiken.read(text.encode(), "bank.txt")


def test_spec_example_with_dot_and_bracket_options():
    first, second = read(SPEC_EXAMPLE).questions
    assert first.stem == "What is the correct answer to this question?"
    assert first.options == ("Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!")
    assert first.answer == 3 and first.line == 1
    assert second.options[second.answer] == "Moodle" and len(second.options) == 6 and second.line == 8


def test_questions_without_blank_lines_between_them():
    result = read("Q1?\nA. x\nB. y\nANSWER: B\nQ2?\nA. p\nB. q\nANSWER: A\n")
    assert [(q.stem, q.answer) for q in result.questions] == [("Q1?", 1), ("Q2?", 0)]


def test_seven_options_are_skipped_not_dropped():
    text = "Q?\n" + "".join(f"{c}. o{c}\n" for c in "ABCDEFG") + "ANSWER: A\n"
    result = read(text)
    assert result.questions == [] and "7 options" in result.skipped[0].reason


@pytest.mark.parametrize("text,line,message", [
    ("Q?\nA. x\nB. y\nANSWER: E\n", 4, "answer E is not one of the options A, B"),
    ("Q?\nA. x\nB. y\n", 1, "no 'ANSWER: X' line"),
    ("Q?\nA. x\nANSWER: A\n", 3, "at least 2"),
    ("Q?\nA. x\nC. y\nANSWER: A\n", 3, "option C where B was expected"),
    ("Q1?\nA. x\nB. y\nANSWER: A\n\nANSWER: B\n", 6, "without a question"),
    ("Q?\nA. x\n\nB. y\nANSWER: A\n", 3, "blank line inside a question"),
    ("Q?\nA. x\nB. y\nstray text\nANSWER: A\n", 4, "expected another option"),
    ("Q?\nA. x\nB. y\nANSWER: AB\n", 4, "not one option letter"),
])
def test_malformed_files_give_the_line(text, line, message):
    with pytest.raises(FormatError) as exc:
        read(text)
    assert exc.value.line == line
    assert message in exc.value.message
    assert str(exc.value).startswith(f"bank.txt:{line}: ")


def test_round_trip():
    items = [Question("mcq", "Which is a fundamental duty?", options=("Vote", "Protect the environment", "Pay tax"), answer=1)]
    back = read(aiken.write(items).data.decode()).questions
    assert [(q.stem, q.options, q.answer) for q in back] == [(q.stem, q.options, q.answer) for q in items]


def test_lowercase_answer_letter_is_read():
    assert read("Q?\nA. x\nB. y\nANSWER: b\n").questions[0].answer == 1
