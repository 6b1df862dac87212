"""The package as the CLI and import page will use it: detect, read, limits, purity."""

from __future__ import annotations

import subprocess
import sys

import pytest

import quizapp.formats as formats
from quizapp.formats import FormatError, Question


@pytest.mark.parametrize("data,name,expected", [
    (b"PK\x03\x04rest", "deck.bin", "apkg"),
    (b'\xef\xbb\xbf<?xml version="1.0"?><quiz/>', "export.txt", "moodle-xml"),
    (b"<quiz></quiz>", "x", "moodle-xml"),
    (b"Q?\nA. a\nB. b\nANSWER: A\n", "questions.txt", "aiken"),
    (b"::q:: Q {=a ~b}", "questions.txt", "gift"),
    (b"#separator:tab\na\tb\n", "cards.txt", "csv"),
    (b"stem,A,B,answer\n", "sheet.txt", "csv"),
    (b"anything", "bank.gift", "gift"),
    (b"anything", "bank.csv", "csv"),
    (b"anything", "deck.apkg", "apkg"),
])
def test_detect(data, name, expected):
    assert formats.detect(data, name) == expected


def test_detect_unknown_says_to_pass_a_format():
    with pytest.raises(FormatError, match="notes.txt: cannot tell the format; pass --format"):
        formats.detect(b"just prose", "notes.txt")


def test_read_auto_dispatches():
    result = formats.read(b"Q?\nA. a\nB. b\nANSWER: B\n", "q.txt")
    assert result.format == "aiken" and result.questions[0].answer == 1


def test_files_over_50_mb_are_refused_before_parsing():
    big = b"Q {=a ~b}\n\n" * (50 * 1024 * 1024 // 11 + 1)
    with pytest.raises(FormatError, match=r"big.gift: file is 50.0 MB; the limit is 50 MB"):
        formats.read(big, "big.gift", "gift")


def test_more_than_20000_questions_are_refused_with_the_line():
    text = "\n\n".join(f"Q{i}? {{=a ~b}}" for i in range(20_001)).encode()
    with pytest.raises(FormatError) as exc:
        formats.read(text, "many.gift")
    assert exc.value.line == 2 * 20_000 + 1
    assert "more than 20,000 questions" in exc.value.message


def test_write_dispatches_each_format():
    q = [Question("mcq", "Q?", options=("a", "b"), answer=1, topic="T")]
    for fmt in ("gift", "moodle-xml", "aiken", "csv", "anki-csv"):
        data = formats.write(q, fmt).data
        back = formats.read(data, f"x.{ 'xml' if fmt == 'moodle-xml' else 'txt'}", "csv" if "csv" in fmt else fmt)
        assert back.questions[0].stem.startswith("Q?"), fmt
    assert formats.write(q, "apkg").data[:2] == b"PK"


def test_package_imports_no_flask_and_no_database():
    code = ("import sys, quizapp.formats; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_malformed_file_raises_and_yields_nothing():
    # all-or-nothing: a good question before the bad one is not returned either
    with pytest.raises(FormatError):
        formats.read(b"Good {=a ~b}\n\nBad {=a ~b\n", "x.gift")


def test_read_and_detect_take_a_path(tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text("Q? {=a ~b}\n")
    assert formats.detect(path) == "gift"
    result = formats.read(path)
    assert result.questions[0].options == ("a", "b")
    with pytest.raises(FormatError, match="missing.gift: cannot read the file"):
        formats.read(tmp_path / "missing.gift")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.xml"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is written or read
    with pytest.raises(FormatError, match=r"huge.xml: file is 50.0 MB; the limit is 50 MB"):
        formats.read(path)


@pytest.mark.parametrize("fmt", ["gift", "aiken", "csv", "anki-csv"])
def test_writers_without_files_report_each_image(fmt):
    from quizapp.formats import Media

    q = Question("mcq", "Whose flag?", options=("a", "b"), answer=0, name="q_1", line=4,
                 media=(Media("flag.png", "image/png", b"x"),))
    written = formats.write([q], fmt)
    assert [n.format("out") for n in written.notices] == [
        f"out:4: note: flag.png of q_1 is not written ({'CSV' if 'csv' in fmt else fmt.upper() if fmt == 'gift' else 'Aiken'} cannot hold files)"
    ]
