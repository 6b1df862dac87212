"""Moodle XML, from Moodle's "Moodle XML format" page: each type, as a file."""

from __future__ import annotations

import base64

import pytest

from quizapp.formats import FormatError, Media, Question, moodle_xml

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def quiz(*questions: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n").encode()


def category(path: str) -> str:
    return f'<question type="category"><category><text>{path}</text></category></question>'


def answer(text: str, fraction: float, feedback: str = "", fmt: str = "html") -> str:
    return (f'<answer fraction="{fraction}" format="{fmt}"><text>{text}</text>'
            f'<feedback format="html"><text>{feedback}</text></feedback></answer>')


def question(qtype: str, text: str, *parts: str, name: str = "Q", extra: str = "") -> str:
    return (f'<question type="{qtype}">\n<name><text>{name}</text></name>\n'
            f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>\n'
            f'{extra}\n' + "\n".join(parts) + "\n</question>")


def line_of(data: bytes, needle: str) -> int:
    return data[: data.index(needle.encode())].count(b"\n") + 1


def read(data: bytes):
    return moodle_xml.read(data, "bank.xml")


def test_multichoice_single_with_feedback_tags_idnumber_and_general_feedback():
    xml = quiz(question(
        "multichoice", "<p>Which body <b>elects</b> the Vice-President?</p>",
        answer("Both Houses of Parliament", 100, "Right: Art. 66."),
        answer("Lok Sabha only", 0, "No."),
        answer("State legislatures", -33.33333),
        name="VP election",
        extra='<generalfeedback format="html"><text>Article 66(1).</text></generalfeedback>'
              "<idnumber>VP-1</idnumber><single>true</single>"
              "<tags><tag><text>polity</text></tag><tag><text>GS2</text></tag></tags>",
    ))
    [q] = read(xml).questions
    assert q.kind == "mcq"
    assert q.stem == "Which body elects the Vice-President?"
    assert q.options == ("Both Houses of Parliament", "Lok Sabha only", "State legislatures")
    assert q.answer == 0
    assert q.option_feedback == ("Right: Art. 66.", "No.", "")
    assert q.explanation == "Article 66(1)."
    assert q.tags == ("polity", "GS2")
    assert q.guid == "VP-1" and q.name == "VP election"
    assert q.line == 3


def test_nested_categories_become_topic_paths():
    result = read(quiz(
        category("$course$/top/GS2/Polity/Parliament"),
        question("essay", "Discuss anti-defection law."),
        category("$course$/top/GS3"),
        question("essay", "Discuss GST."),
    ))
    assert [q.topic for q in result.questions] == ["GS2/Polity/Parliament", "GS3"]


def test_multichoice_multiple_with_one_positive_fraction_is_an_mcq():
    [q] = read(quiz(question("multichoice", "Pick", answer("a", 0), answer("b", 100), answer("c", -50),
                             extra="<single>false</single>"))).questions
    assert q.answer == 1


def test_multichoice_multiple_with_partial_credit_is_skipped():
    result = read(quiz(question("multichoice", "Pick two", answer("a", 50), answer("b", 50), answer("c", 0),
                                extra="<single>false</single>")))
    assert result.questions == []
    assert result.skipped[0].format("bank.xml") == "bank.xml:3: skipped: multiple-response questions with partial credit are not supported"


def test_truefalse_with_both_feedbacks():
    [q] = read(quiz(question("truefalse", "The Speaker can vote in the first instance.",
                             answer("true", 0, "No: only a casting vote.", "moodle_auto_format"),
                             answer("false", 100, "Right.", "moodle_auto_format")))).questions
    assert q.options == ("True", "False") and q.answer == 1 and q.style == "true_false"
    assert q.option_feedback == ("No: only a casting vote.", "Right.")


def test_shortanswer_keeps_full_credit_answers():
    [q] = read(quiz(question("shortanswer", "Who presides over the Rajya Sabha?",
                             answer("Vice-President", 100, fmt="moodle_auto_format"),
                             answer("Vice President", 100, fmt="moodle_auto_format"),
                             answer("Chairman", 50, fmt="moodle_auto_format")))).questions
    assert q.kind == "fact" and q.answer == ("Vice-President", "Vice President")


def test_numerical_with_tolerance():
    [q] = read(quiz(question("numerical", "How many members can the Rajya Sabha have at most?",
                             '<answer fraction="100"><text>250</text><tolerance>0</tolerance></answer>',
                             '<answer fraction="50"><text>245</text><tolerance>5</tolerance></answer>'))).questions
    assert q.kind == "fact" and q.answer == ("250",) and q.numeric == ((250.0, 250.0),)


def test_essay_uses_general_feedback_or_grader_info():
    [q] = read(quiz(question("essay", "Examine the role of the Finance Commission.",
                             extra='<graderinfo format="html"><text>Art. 280.</text></graderinfo>'))).questions
    assert q.kind == "essay" and q.explanation == "Art. 280."


def test_matching_converts_to_match_the_lists():
    sub = "".join(f'<subquestion format="html"><text>{a}</text><answer><text>{b}</text></answer></subquestion>'
                  for a, b in [("Article 14", "Equality before law"), ("Article 21", "Life and liberty"),
                               ("Article 32", "Constitutional remedies"), ("", "Freedom of religion")])
    [q] = read(quiz(question("matching", "Match the articles.", sub))).questions
    assert q.style == "match"
    assert "List II\n1. Constitutional remedies\n2. Equality before law\n3. Freedom of religion\n4. Life and liberty" in q.stem
    assert q.options[q.answer] == "A-2, B-4, C-1"


def test_matching_with_shared_answers_is_skipped():
    sub = "".join(f'<subquestion format="html"><text>{a}</text><answer><text>{b}</text></answer></subquestion>'
                  for a, b in [("cat", "meat"), ("dog", "meat")])
    result = read(quiz(question("matching", "Match", sub)))
    assert result.skipped[0].reason.startswith("matching questions are not supported")


def test_cloze_gives_one_item_per_gap_with_the_others_filled_in():
    text = ("The {1:MULTICHOICE:=Lok Sabha#Right~Rajya Sabha#No} is dissolved, and money bills start in the "
            "{1:SHORTANSWER:=Lok Sabha~=House of the People}; its term is {2:NUMERICAL:=5:0} years.")
    result = read(quiz(question("multianswer", text, name="Houses")))
    assert [q.stem for q in result.questions] == [
        "The _____ is dissolved, and money bills start in the Lok Sabha; its term is 5 years.",
        "The Lok Sabha is dissolved, and money bills start in the _____; its term is 5 years.",
        "The Lok Sabha is dissolved, and money bills start in the Lok Sabha; its term is _____ years.",
    ]
    assert [q.answer for q in result.questions] == ["Lok Sabha", "Lok Sabha", "5"]
    assert result.questions[1].accepted == ("Lok Sabha", "House of the People")
    assert all(q.kind == "cloze" for q in result.questions)
    assert result.questions[0].name == "Houses (gap 1)"


def test_cloze_with_a_multiresponse_gap_is_skipped():
    result = read(quiz(question("multianswer", "Pick {1:MULTIRESPONSE:%50%a~%50%b~c}")))
    assert result.questions == []
    assert result.skipped[0].reason == "cloze gap 1: MULTIRESPONSE answers are not supported"


@pytest.mark.parametrize("qtype", ["calculated", "calculatedsimple", "calculatedmulti", "ddwtos", "gapselect", "random"])
def test_unsupported_types_are_skipped_by_name(qtype):
    result = read(quiz(question(qtype, "x")))
    assert result.skipped[0].reason == f"{qtype} questions are not supported"


def test_embedded_image_is_kept_as_media():
    b64 = base64.b64encode(PNG).decode()
    [q] = read(quiz(question(
        "shortanswer", 'Name this flag: <img src="@@PLUGINFILE@@/flag%20one.png" alt="flag">',
        f'<file name="flag one.png" path="/" encoding="base64">{b64}</file>',
        answer("India", 100),
    ).replace("</text></questiontext>", f'</text><file name="flag one.png" path="/" encoding="base64">{b64}</file></questiontext>'))).questions
    assert q.stem == "Name this flag: [image: flag one.png]"
    assert q.media == (Media("flag one.png", "image/png", PNG),)


def test_referenced_image_that_is_not_embedded_is_reported():
    result = read(quiz(question("essay", 'See <img src="@@PLUGINFILE@@/map.png">')))
    assert [n.format("bank.xml") for n in result.notices] == [
        "bank.xml:5: note: image 'map.png' is referenced but not embedded in the file"
    ]


def test_bad_base64_is_refused_with_line():
    xml = quiz(question("essay", "x").replace("</text></questiontext>",
                                              '</text>\n<file name="a.png" encoding="base64">!!!</file></questiontext>'))
    with pytest.raises(FormatError) as exc:
        read(xml)
    assert exc.value.line == 6 and "not valid base64" in exc.value.message


def test_external_entity_is_refused():
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
           b'<quiz><question type="essay"><questiontext><text>&xxe;</text></questiontext></question></quiz>')
    with pytest.raises(FormatError) as exc:
        read(xml)
    assert exc.value.line == 3
    assert "external entity 'xxe' refused (file:///etc/passwd)" in str(exc.value)


def test_internal_entity_expansion_is_refused():
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n'
           b"<quiz>&b;</quiz>")
    with pytest.raises(FormatError, match="entity declaration 'a' refused"):
        read(xml)


def test_plain_doctype_is_refused():
    with pytest.raises(FormatError, match="DTD refused") as exc:
        read(b'<?xml version="1.0"?>\n<!DOCTYPE quiz>\n<quiz></quiz>')
    assert exc.value.line == 2


def test_malformed_xml_gives_the_line():
    xml = quiz(question("essay", "ok"), "<question type='essay'><questiontext><text>bad</questiontext></question>")
    with pytest.raises(FormatError) as exc:
        read(xml)
    assert exc.value.line == line_of(xml, "<question type='essay'>") == 9
    assert str(exc.value).startswith("bank.xml:9: not well-formed XML (mismatched tag)")


def test_wrong_root_and_bad_fraction():
    with pytest.raises(FormatError, match="expected <quiz>"):
        read(b"<questions/>")
    with pytest.raises(FormatError) as exc:
        read(quiz(question("multichoice", "x", answer("a", "lots"), answer("b", 0))))
    assert exc.value.line == 7 and "fraction 'lots'" in exc.value.message


def test_mixed_file_reports_matching_and_multiple_response_and_imports_the_rest():
    sub = "".join(f'<subquestion format="html"><text>{a}</text><answer><text>{b}</text></answer></subquestion>'
                  for a, b in [("a", "x"), ("b", "x")])
    xml = quiz(
        question("essay", "First"),
        question("matching", "Match", sub),
        question("multichoice", "Pick two", answer("a", 50), answer("b", 50), extra="<single>false</single>"),
        question("truefalse", "Last", answer("true", 100), answer("false", 0)),
    )
    result = read(xml)
    assert [q.stem for q in result.questions] == ["First", "Last"]
    matching, multi = line_of(xml, 'type="matching"'), line_of(xml, 'type="multichoice"')
    assert (matching, multi) == (9, 15)
    assert result.report_lines("bank.xml") == [
        f"bank.xml:{matching}: skipped: matching questions are not supported (two List I entries share an answer)",
        f"bank.xml:{multi}: skipped: multiple-response questions with partial credit are not supported",
    ]


def test_round_trip_keeps_stems_options_keys_explanations_topics():
    items = [
        Question("mcq", "Which Schedule lists the languages?\nChoose one.", options=("Sixth", "Eighth", "Tenth", "Twelfth"),
                 answer=1, explanation="Eighth Schedule <22 languages> & more.", topic="GS2/Polity", tags=("polity",),
                 name="q_1", guid="q_1", option_feedback=("no", "yes", "", "")),
        Question("mcq", "Lok Sabha is permanent.", options=("True", "False"), answer=1, style="true_false",
                 topic="GS2/Polity", explanation="It is dissolved."),
        Question("fact", "Who appoints the CAG?", answer=("The President", "President"), topic="GS2/Bodies"),
        Question("fact", "Members of Rajya Sabha at most?", answer=("250",), numeric=((250.0, 250.0),), topic="GS2/Bodies"),
        Question("cloze", "The Rajya Sabha has _____ nominated members.", answer="12", accepted=("12", "twelve"),
                 topic="GS2/Bodies"),
        Question("essay", "Discuss cooperative federalism.", explanation="Mention GST Council.", topic=""),
        Question("mcq", "With media", options=("a", "b"), answer=0, media=(Media("p.png", "image/png", PNG),)),
    ]
    written = moodle_xml.write(items)
    assert written.skipped == []
    back = read(written.data).questions
    keys = ("kind", "stem", "options", "answer", "explanation", "topic", "tags", "accepted", "numeric", "option_feedback", "style", "media")
    assert [tuple(getattr(q, k) for k in keys) for q in back] == [tuple(getattr(q, k) for k in keys) for q in items]


def test_unknown_declared_encoding_is_an_error_not_a_crash():
    with pytest.raises(FormatError, match="bank.xml:1: unknown encoding"):
        read(b'<?xml version="1.0" encoding="UTF-18"?><quiz/>')


def test_question_html_is_sanitised_to_text():
    [q] = read(quiz(question("essay", '<p onclick="x()">Discuss <a href="javascript:alert(1)">this</a>'
                                     '<script>alert(2)</script><style>p{}</style>&nbsp;&amp; that.</p>'))).questions
    assert q.stem == "Discuss this & that."


def test_plain_text_format_is_kept_as_written():
    xml = quiz(question("essay", "x").replace('<questiontext format="html"><text><![CDATA[x]]>',
                                              '<questiontext format="plain_text"><text>a &lt;b&gt; c'))
    assert read(xml).questions[0].stem == "a <b> c"
