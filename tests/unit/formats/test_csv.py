"""CSV: Anki's text import headers (one test each) and the plain mcq sheet."""

from __future__ import annotations

import pytest

from quizapp.formats import FormatError, Question, csv_anki


def read(text: str):
    return csv_anki.read(text.encode(), "cards.csv")


@pytest.mark.parametrize("name,char", [
    ("Comma", ","), ("Semicolon", ";"), ("Tab", "\t"), ("Space", " "), ("Pipe", "|"), ("Colon", ":"),
    ("comma", ","), ("TAB", "\t"), ("|", "|"), ("~", "~"),
])
def test_separator_header(name, char):
    result = read(f"#separator:{name}\n" f"Capital{char}Delhi\n" f'"Big{char}river"{char}Ganga\n')
    # text fields have their whitespace normalised, so a quoted tab reads as a space
    assert [(q.stem, q.answer) for q in result.questions] == [("Capital", ("Delhi",)), (" ".join(f"Big{char}river".split()), ("Ganga",))]


def test_unknown_separator_name_is_an_error_with_line():
    with pytest.raises(FormatError) as exc:
        read("#html:false\n#separator:Slash\nx/y\n")
    assert str(exc.value).startswith("cards.csv:2: unknown separator 'Slash'")


def test_html_true_sanitises_and_false_keeps_text():
    html = read("#separator:tab\n#html:true\n<b>Who</b> wrote <i>Kamayani</i>?<script>x()</script>\tJaishankar &amp; co\n")
    assert html.questions[0].stem == "Who wrote Kamayani?"
    assert html.questions[0].answer == ("Jaishankar & co",)
    text = read("#separator:tab\n#html:false\n<b>Who</b>?\tA &amp; B\n")
    assert text.questions[0].stem == "<b>Who</b>?"
    assert text.questions[0].answer == ("A &amp; B",)


def test_html_header_takes_only_true_or_false():
    with pytest.raises(FormatError) as exc:
        read("#separator:tab\n#html:yes\na\tb\n")
    assert exc.value.line == 2


def test_tags_header_and_tags_column():
    result = read("#separator:tab\n#tags:gs2 polity\n#tags column:3\nQ\tA\tparliament lok_sabha\n")
    assert result.questions[0].tags == ("gs2", "polity", "parliament", "lok_sabha")


def test_columns_header_maps_fields_by_name():
    result = read("#separator:comma\n#columns:Back,Front,Extra\nDelhi,Capital?,Since 1911\n")
    q = result.questions[0]
    assert (q.stem, q.answer, q.explanation) == ("Capital?", ("Delhi",), "Since 1911")


def test_deck_and_notetype_headers():
    result = read("#separator:tab\n#deck:UPSC::Polity\n#notetype:Basic\nQ\tA\n")
    assert result.questions[0].bank == "UPSC::Polity"


def test_deck_column_guid_column_and_notetype_column():
    result = read(
        "#separator:tab\n#guid column:1\n#notetype column:2\n#deck column:3\n"
        "g1\tBasic\tHistory\tQuit India?\t1942\n"
        "g2\tCloze\tPolity\tThe {{c1::Rajya Sabha::house}} is never {{c2::dissolved}}.\tArt. 83\n"
    )
    fact, c1, c2 = result.questions
    assert (fact.guid, fact.bank, fact.kind, fact.stem) == ("g1", "History", "fact", "Quit India?")
    assert (c1.kind, c1.stem, c1.answer, c1.hint, c1.explanation, c1.bank, c1.guid) == (
        "cloze", "The _____ is never dissolved.", "Rajya Sabha", "house", "Art. 83", "Polity", "g2")
    assert (c2.stem, c2.answer) == ("The Rajya Sabha is never _____.", "dissolved")


def test_cloze_with_the_same_number_twice_is_skipped():
    result = read("#separator:tab\n#notetype:Cloze\n{{c1::a}} and {{c1::b}}\t\n")
    assert result.questions == []
    assert result.skipped[0].format("cards.csv") == "cards.csv:3: skipped: c1 blanks 2 places; a quizapp cloze has one blank"


@pytest.mark.parametrize("key", ["tags column", "guid column", "deck column", "notetype column"])
def test_column_headers_need_a_number(key):
    with pytest.raises(FormatError) as exc:
        read(f"#separator:tab\n#{key}:x\na\tb\n")
    assert exc.value.line == 2 and f"#{key}:" in exc.value.message


def test_comment_lines_and_unknown_headers():
    result = read("#separator:tab\n#colour:blue\nQ1\tA1\n# a comment\nQ2\tA2\n")
    assert [q.stem for q in result.questions] == ["Q1", "Q2"]
    assert result.report_lines("cards.csv") == ["cards.csv:2: note: header #colour: is not one of Anki's and was ignored"]


def test_empty_fields_are_reported():
    result = read("#separator:tab\n\tA\nQ\t\nQ2\tA2\n")
    assert [s.format("cards.csv") for s in result.skipped] == [
        "cards.csv:2: skipped: empty first field",
        "cards.csv:3: skipped: no answer (empty second field)",
    ]
    assert len(result.questions) == 1


def test_multiline_field_keeps_line_numbers():
    result = read('#separator:comma\n"line one\nline two",A\nQ3,B\n')
    assert [(q.stem, q.line) for q in result.questions] == [("line one\nline two", 2), ("Q3", 4)]


def test_broken_quoting_is_an_error_with_line():
    with pytest.raises(FormatError) as exc:
        read('#separator:comma\nQ1,A1\n"bad"x,A\n')
    assert exc.value.line == 3


def test_anki_csv_round_trip():
    items = [
        Question("fact", "Who appoints the CAG?", answer=("The President",), explanation="Art. 148", topic="GS2/Bodies",
                 tags=("polity", "cag"), bank="UPSC", name="q_1", source_quote="appointed by the President", source="NCERT"),
        Question("cloze", "The Rajya Sabha has _____ nominated members.", answer="12", topic="GS2", bank="UPSC", name="q_2"),
    ]
    back = read(csv_anki.write_anki(items).data.decode()).questions
    assert [(q.stem, q.answer, q.explanation, q.topic, q.tags, q.bank, q.guid, q.source_quote, q.source) for q in back] == [
        ("Who appoints the CAG?", ("The President",), "Art. 148", "GS2/Bodies", ("polity", "cag"), "UPSC", "q_1",
         "appointed by the President", "NCERT"),
        ("The Rajya Sabha has _____ nominated members.", ("12",), "", "GS2", (), "UPSC", "q_2", "", ""),
    ]


# ---------------------------------------------------------------- plain mcq sheet

SHEET = (
    "stem,A,B,C,D,answer,explanation,topic,tags\n"
    '"Which Article abolishes untouchability?",Art. 14,Art. 17,Art. 21,Art. 32,B,"Art. 17, Part III",GS2/Polity,rights; Part III\n'
    "True or false: the RBI was nationalised in 1949.,True,False,,,a,,GS3/Economy,\n"
)


def test_plain_mcq_sheet():
    first, second = read(SHEET).questions
    assert (first.stem, first.options, first.answer, first.explanation, first.topic, first.tags) == (
        "Which Article abolishes untouchability?", ("Art. 14", "Art. 17", "Art. 21", "Art. 32"), 1,
        "Art. 17, Part III", "GS2/Polity", ("rights", "Part III"))
    assert (second.options, second.answer, second.line) == (("True", "False"), 0, 3)


@pytest.mark.parametrize("row,message", [
    ("Q,a,b,c,d,E,,,", "answer 'E' is not the letter of a filled option"),
    ("Q,a,b,,,C,,,", "answer 'C'"),
    ("Q,a,,c,,A,,,", "option B is empty but a later one is not"),
    (",a,b,c,d,A,,,", "empty stem"),
    ("Q,a,,,,A,,,", "at least options A and B"),
])
def test_plain_sheet_errors_give_the_line(row, message):
    with pytest.raises(FormatError) as exc:
        read("stem,A,B,C,D,answer,explanation,topic,tags\nOK,a,b,c,d,A,,,\n" + row + "\n")
    assert exc.value.line == 3 and message in exc.value.message
    assert str(exc.value).startswith("cards.csv:3: ")


def test_plain_sheet_header_needs_the_columns():
    with pytest.raises(FormatError, match="cards.csv:1: header row has no 'answer' column"):
        read("stem,A,B\nQ,a,b\n")


def test_plain_sheet_round_trip_with_six_options():
    items = [
        Question("mcq", 'He said "no, never"', options=("a,1", "b", "c", "d", "e", "f"), answer=5,
                 explanation="multi\nline", topic="GS4/Ethics", tags=("ethics", "case study")),
        Question("mcq", "Two options", options=("Yes", "No"), answer=0),
    ]
    written = csv_anki.write_plain(items + [Question("essay", "x")])
    assert [s.reason for s in written.skipped] == ["essay items cannot be written to the mcq sheet"]
    back = read(written.data.decode()).questions
    keys = ("stem", "options", "answer", "explanation", "topic", "tags")
    assert [tuple(getattr(q, k) for k in keys) for q in back] == [tuple(getattr(q, k) for k in keys) for q in items]
