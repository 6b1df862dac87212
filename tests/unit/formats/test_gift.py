"""GIFT, from Moodle's "GIFT format" page: each example there, as a file."""

from __future__ import annotations

import pytest

from quizapp.formats import FormatError, gift


def read(text: str):
    return gift.read(text.encode("utf-8"), "bank.gift")


def only(text: str):
    result = read(text)
    assert not result.skipped, result.skipped
    assert len(result.questions) == 1, result.questions
    return result.questions[0]


def test_multiple_choice_with_one_right_answer_and_feedback():
    q = only("::Colours:: What's between orange and green in the spectrum?\n"
             "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }")
    assert q.kind == "mcq"
    assert q.name == "Colours"
    assert q.stem == "What's between orange and green in the spectrum?"
    assert q.options == ("yellow", "red", "blue")
    assert q.answer == 0
    assert q.option_feedback == ("right; good!", "wrong, it's yellow", "wrong, it's yellow")


def test_key_need_not_be_first():
    q = only("Who's buried in Grant's tomb? {~Lincoln ~Washington =Grant ~Nobody}")
    assert q.options[q.answer] == "Grant"
    assert q.answer == 2


def test_negative_weights_on_wrong_answers_still_one_key():
    q = only("Capital of India? {=New Delhi ~%-100%Mumbai ~%-50%Kolkata}")
    assert (q.kind, q.answer, q.options) == ("mcq", 0, ("New Delhi", "Mumbai", "Kolkata"))


def test_weighted_full_credit_answer_is_the_key():
    q = only("Pick one {~%100%right ~wrong ~%-25%worse}")
    assert q.answer == 0


def test_multiple_response_with_partial_credit_is_skipped_with_line():
    result = read("\n\n// a comment line\nWhich two are primes? {~%50%2 ~%50%3 ~%-100%4}\n")
    assert result.questions == []
    [skip] = result.skipped
    assert skip.line == 4
    assert skip.format("bank.gift") == "bank.gift:4: skipped: multiple-response questions with partial credit are not supported"


def test_single_partial_answer_without_full_credit_is_skipped():
    result = read("Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee ~Nazareth}")
    assert result.questions == [] and len(result.skipped) == 1


def test_seven_options_are_skipped():
    result = read("Pick {=a ~b ~c ~d ~e ~f ~g}")
    assert "7 options" in result.skipped[0].reason


@pytest.mark.parametrize("word,key", [("T", 0), ("TRUE", 0), ("F", 1), ("FALSE", 1)])
def test_true_false_words(word, key):
    q = only(f"Grant is buried in Grant's tomb. {{{word}}}")
    assert q.options == ("True", "False")
    assert q.answer == key
    assert q.style == "true_false"


def test_true_false_feedbacks_wrong_then_right():
    # Moodle: the first feedback is for a wrong response, the second for a right one.
    q = only("The sun rises in the west. {FALSE#No, it rises in the east.#Yes, the east.}")
    assert q.answer == 1
    assert q.option_feedback == ("No, it rises in the east.", "Yes, the east.")
    q = only("The sun rises in the east. {T#Think again.#Right.}")
    assert q.option_feedback == ("Right.", "Think again.")


def test_short_answer_with_several_accepted_answers():
    q = only("Who's buried in Grant's tomb? {=Grant =Ulysses S. Grant =Ulysses Grant}")
    assert q.kind == "fact"
    assert q.answer == ("Grant", "Ulysses S. Grant", "Ulysses Grant")


def test_short_answer_partial_credit_answers_are_not_keys():
    q = only("Jesus was from {=Nazareth =%75%Nazereth =%25%Bethlehem}")
    assert q.answer == ("Nazareth",)


def test_missing_word_multiple_choice_becomes_a_blank_in_the_stem():
    q = only("Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.")
    assert q.kind == "mcq"
    assert q.stem == "Moodle costs _____ to download from moodle.org."
    assert q.options[q.answer] == "nothing"


def test_missing_word_short_answer_becomes_cloze():
    q = only("Two plus {=two =2} equals four.")
    assert q.kind == "cloze"
    assert q.stem == "Two plus _____ equals four."
    assert q.answer == "two"
    assert q.accepted == ("two", "2")


def test_numerical_with_tolerance():
    q = only("When was Ulysses S. Grant born? {#1822:5}")
    assert q.kind == "fact"
    assert q.answer == ("1822",)
    assert q.numeric == ((1817.0, 1827.0),)


def test_numerical_range():
    q = only("What is a number from 1 to 5? {#1..5}")
    assert q.numeric == ((1.0, 5.0),)


def test_numerical_multiple_answers_keeps_full_credit_only():
    q = only("When was Ulysses S. Grant born? {#\n    =1822:0      # Correct! Full credit.\n"
             "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n}")
    assert q.answer == ("1822",)
    assert q.numeric == ((1822.0, 1822.0),)


def test_numerical_not_a_number_is_an_error_with_line():
    with pytest.raises(FormatError) as exc:
        read("Q1 {=a ~b}\n\nWhat? {#abc}")
    assert exc.value.line == 3
    assert str(exc.value).startswith("bank.gift:3: numerical answer 'abc'")


def test_essay():
    q = only("Write a short biography of Dag Hammarskjöld. {}")
    assert q.kind == "essay" and q.answer is None


def test_general_feedback():
    q = only("What's 2 plus 2? {=4 ~3 ####The answer is four: 2 + 2 = 4.}")
    assert q.explanation == "The answer is four: 2 + 2 = 4."


def test_essay_with_general_feedback():
    q = only("Describe federalism. {####Mention the Seventh Schedule.}")
    assert q.kind == "essay" and q.explanation == "Mention the Seventh Schedule."


def test_matching_with_distinct_answers_becomes_match_the_lists_mcq():
    q = only("Match the following countries with their corresponding capitals. {\n"
             "=Canada -> Ottawa\n=Italy -> Rome\n=Japan -> Tokyo\n=India -> New Delhi\n}")
    assert q.kind == "mcq" and q.style == "match"
    assert "List I\nA. Canada\nB. Italy\nC. Japan\nD. India" in q.stem
    assert "List II\n1. New Delhi\n2. Ottawa\n3. Rome\n4. Tokyo" in q.stem
    assert q.options[q.answer] == "A-2, B-3, C-4, D-1"
    assert len(q.options) == 4 and len(set(q.options)) == 4


def test_matching_that_cannot_be_converted_is_skipped():
    result = read("Which animal eats which food? { =cat -> food =dog -> food }")
    [skip] = result.skipped
    assert skip.reason.startswith("matching questions are not supported")


def test_comments_names_and_categories():
    result = read(
        "// top comment\n$CATEGORY: $course$/top/GS2/Polity/Parliament\n\n"
        "::Q1:: // not a comment mid-line? it is text\nA? {=a ~b}\n\n"
        "$CATEGORY: GS3/Economy\n\n::Q2::B? {=x ~y}\n"
    )
    q1, q2 = result.questions
    assert q1.topic == "GS2/Polity/Parliament"
    assert q2.topic == "GS3/Economy"
    assert (q1.name, q2.name) == ("Q1", "Q2")
    assert q1.line == 4 and q2.line == 9


def test_comment_line_inside_a_question_is_dropped():
    q = only("::Q:: Who\n// hidden\nis it? {=me ~you}")
    assert q.stem == "Who\nis it?"


@pytest.mark.parametrize("marker,expected", [
    ("[html]", "Bold & brave"),
    ("[moodle]", "Bold & brave"),
    ("[plain]", "<b>Bold</b> &amp; brave"),
    ("[markdown]", "<b>Bold</b> &amp; brave"),
])
def test_format_markers(marker, expected):
    q = only(f"::N::{marker}<b>Bold</b> &amp; brave {{=a ~b}}")
    assert q.stem == expected


def test_html_is_sanitised_to_text():
    q = only("[html]<p>Who <script>alert(1)</script>wrote <i>Discovery</i>?</p><img src=\"x.png\"> {=Nehru ~Gandhi}")
    assert q.stem == "Who wrote Discovery?\n[image: x.png]"
    assert "alert" not in q.stem


def test_escapes():
    q = only(r"::Esc\:1:: Which is \{braced\}, a\:b, 1 \= 1, \# and \~? {=\{x\} ~a\~b ~c\#d #fb \= ok}")
    assert q.name == "Esc:1"
    assert q.stem == "Which is {braced}, a:b, 1 = 1, # and ~?"
    assert q.options == ("{x}", "a~b", "c#d")
    assert q.option_feedback[2] == "fb = ok"


def test_escaped_newline():
    q = only(r"Line one\nline two {=a ~b}")
    assert q.stem == "Line one\nline two"


def test_description_without_answers_is_skipped_not_dropped():
    result = read("Just some instructions.\n\nQ {=a ~b}")
    assert len(result.questions) == 1
    assert result.skipped[0].kind == "description"


@pytest.mark.parametrize("text,line,message", [
    ("A {=a ~b}\n\nB {=a ~b\n", 3, "not closed"),
    ("A {=a ~b}\n\n\nB =a ~b}\n", 4, "without an opening"),
    ("::Name without end A {=a}", 1, "not closed"),
    ("A {=a}\n\nB {=a} and {=b}", 3, "more than one answer block"),
    ("A {=a}\n\nB {maybe}", 3, "unknown answer 'maybe'"),
    ("A {=a}\n\n{=a ~b}", 3, "no text"),
])
def test_malformed_files_give_the_line(text, line, message):
    with pytest.raises(FormatError) as exc:
        read(text)
    assert exc.value.line == line
    assert message in exc.value.message
    assert str(exc.value).startswith(f"bank.gift:{line}: ")


def test_not_utf8_gives_line():
    with pytest.raises(FormatError) as exc:
        gift.read(b"A {=a ~b}\n\nB \xff {=a ~b}", "bank.gift")
    assert exc.value.line == 3


def test_mixed_file_reports_each_skip_on_its_own_line_and_imports_the_rest():
    result = read(
        "::ok1:: Capital of France? {=Paris ~Rome}\n\n"
        "::match:: Pair them {=a -> x =b -> x}\n\n"
        "::multi:: Two right {~%50%a ~%50%b ~c}\n\n"
        "::ok2:: The Earth is flat. {F}\n"
    )
    assert [q.name for q in result.questions] == ["ok1", "ok2"]
    lines = result.report_lines("bank.gift")
    assert lines == [
        "bank.gift:3: skipped: matching questions are not supported (two List I entries share an answer)",
        "bank.gift:5: skipped: multiple-response questions with partial credit are not supported",
    ]


def test_round_trip_keeps_stems_options_keys_explanations_topics():
    source = (
        "$CATEGORY: GS2/Polity\n\n"
        "::a:: Which article: 370 \\{temporary\\}? {=Art. 370 #yes ~Art. 356 ~Art. 352 ####J\\&K \\= special}\n\n"
        "::b:: The Rajya Sabha can be dissolved. {F#It is permanent.#Right.}\n\n"
        "$CATEGORY: GS1/History\n\n"
        "::c:: Year of the Quit India movement? {#1942}\n\n"
        "::d:: The Dandi march began in {=1930 =March 1930} from Sabarmati.\n\n"
        "::e:: Who wrote Gitanjali? {=Tagore =Rabindranath Tagore}\n\n"
        "::f:: Discuss the doctrine of basic structure. {####Kesavananda Bharati (1973).}\n"
    )
    first = read(source)
    assert len(first.questions) == 6
    written = gift.write(first.questions)
    assert written.skipped == []
    again = gift.read(written.data, "out.gift")
    keys = ("kind", "stem", "options", "answer", "explanation", "topic", "accepted", "option_feedback", "name", "numeric")
    assert [tuple(getattr(q, k) for k in keys) for q in again.questions] == [
        tuple(getattr(q, k) for k in keys) for q in first.questions
    ]


def test_writer_escapes_control_characters():
    from quizapp.formats import Question

    q = Question("mcq", "a{b}c~d=e#f:g", options=("x=y", "~z"), answer=1, explanation="see #4", name="n:1")
    data = gift.write([q]).data.decode()
    assert r"a\{b\}c\~d\=e\#f\:g" in data
    back = gift.read(data.encode(), "x.gift").questions[0]
    assert (back.stem, back.options, back.answer, back.explanation, back.name) == (q.stem, q.options, 1, q.explanation, "n:1")


def test_text_before_the_first_matching_answer_is_an_error_not_a_crash():
    with pytest.raises(FormatError, match=r"bank.gift:1: text before the first answer: 'x'"):
        read("Match {x =a -> b =c -> d}")


def test_a_file_as_moodle_exports_it():
    result = read(
        "// question: 0  name: Switch category to $course$/top/Default for UPSC/Polity\n"
        "$CATEGORY: $course$/top/Default for UPSC/Polity\n\n\n"
        "// question: 1234  name: Q1\n"
        '::Q1::[html]<p dir\\="ltr" style\\="text-align\\: left;">Who <b>appoints</b> the CAG?</p>{\n'
        "\t=<p>The President</p>#<p>Yes\\: Art. 148</p>\n\t~<p>The PM</p>\n\t~%-50%<p>Parliament</p>\n"
        "\t####<p>Art. 148(1)</p>\n}\n"
    )
    [q] = result.questions
    assert (q.topic, q.stem, q.options, q.answer) == ("Polity", "Who appoints the CAG?", ("The President", "The PM", "Parliament"), 0)
    assert q.option_feedback == ("Yes: Art. 148", "", "") and q.explanation == "Art. 148(1)"
    assert q.line == 6


def test_answer_block_first_makes_a_leading_blank():
    q = only("{=Two =2} plus two equals four.")
    assert (q.kind, q.stem, q.answer) == ("cloze", "_____ plus two equals four.", "Two")
