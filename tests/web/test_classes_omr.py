"""`quizapp results import CLASS_TEST FILE.csv`: OMR sheets ranked with the online sittings, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models.classes import ClassPaper, PaperItem, PaperResult
from tests.web.test_classes import T0, Person, code_of, schedule, seed_items, shown, wrong  # noqa: F401

CLOSED = T0 + dt.timedelta(hours=2)


@pytest.fixture
def paper(app, clock):
    keys = seed_items(app, n=4)
    teacher = Person(app, "guru", role="teacher")
    class_id = teacher.create_class()
    asha, bala = Person(app, "asha"), Person(app, "bala")
    for p in (asha, bala):
        p.join(code_of(app, class_id))
    paper_id = schedule(teacher, class_id, keys)
    attempt = asha.start(paper_id)  # asha sits online and gets 3 of 4 right
    asha.answer(attempt, {i: keys[i] if n < 3 else wrong(keys[i]) for n, i in enumerate(keys)})
    asha.submit(attempt)
    clock.at = CLOSED
    return paper_id, keys, teacher, asha, bala


def letters(keys: dict[str, int], right: int) -> list[str]:
    return ["ABCD"[k] if n < right else "ABCD"[wrong(k)] for n, k in enumerate(keys.values())]


def write(tmp_path, text: str):
    path = tmp_path / "omr.csv"
    path.write_text(text, encoding="utf-8")
    return path


def rows(app, paper_id):
    with app.app_context():
        return {r.name: (r.source, r.user_id is not None, r.rank, r.choices)
                for r in db.session.scalars(sa.select(PaperResult).where(PaperResult.paper_id == paper_id))}


def test_good_rows_are_matched_or_named_and_ranked_with_the_online_sitting(app, runner, tmp_path, paper):
    paper_id, keys, teacher, asha, bala = paper
    bala_row = ",".join(letters(keys, 4))
    path = write(tmp_path, f"roll,q1,q2,q3,q4\nBALA,{bala_row}\nR-1007,{','.join(letters(keys, 1)[:3])},\n")
    out = runner.invoke(args=["results", "import", str(paper_id), str(path)])
    assert out.exit_code == 0, out.output
    assert "Imported 2 sheet(s): 1 matched to learners, 1 kept as named rows." in out.output
    got = rows(app, paper_id)
    assert got["bala"][:3] == ("omr", True, 1)  # matched by username (case-insensitively): 4 of 4, first
    assert got["asha"][:3] == ("online", True, 2)
    assert got["R-1007"][:3] == ("omr", False, 3) and got["R-1007"][3][3] is None  # a blank cell is a blank
    assert shown(bala.text(f"/classes/papers/{paper_id}"), "my-rank") == "1 of 3"
    assert shown(asha.text(f"/classes/papers/{paper_id}"), "my-rank") == "2 of 3"
    with app.app_context():
        n = db.session.scalar(sa.select(PaperItem.n).where(PaperItem.paper_id == paper_id, PaperItem.position == 1))
        assert n == 3  # the OMR rows are in the item analysis too
    # Importing again replaces the earlier sheet rather than adding to it.
    assert runner.invoke(args=["results", "import", str(paper_id), str(write(tmp_path, f"roll,q1,q2,q3,q4\nbala,{bala_row}\n"))]).exit_code == 0
    assert set(rows(app, paper_id)) == {"asha", "bala"}


@pytest.mark.parametrize(("text", "problem"), [
    ("roll,q1,q2,q3,q4\nbala,A,B,C,D\nR-1,A,E,C,D\n", ":3: q2 is 'E': use one of A, B, C, D or leave it blank"),
    ("roll,q1,q2,q3,q4\nbala,A,B,C,D\nR-1,A,BC,C,D\n", ":3: q2 is 'BC'"),
    ("roll,q1,q2,q4\nbala,A,B,D\n", ":1: missing column q3 (the paper has 4 questions: q1 to q4)"),
    ("name,q1,q2,q3,q4\nbala,A,B,C,D\n", ":1: no roll number column"),
    ("roll,q1,q2,q3,q4\nbala,A,B,C,D\nBala,A,B,C,D\n", ":3: roll number Bala appears twice"),
    ("roll,q1,q2,q3,q4\nasha,A,B,C,D\n", ":2: asha sat this paper online; one sitting per candidate"),
    ("roll,q1,q2,q3,q4\nbala,A,B\n", ":2: 3 fields, the header has 5"),
    ("roll,q1,q2,q3,q4\n", ":2: no candidates"),
])
def test_a_malformed_sheet_is_refused_with_file_line_and_nothing_is_written(app, runner, tmp_path, paper, text, problem):
    paper_id = paper[0]
    good = write(tmp_path, "roll,q1,q2,q3,q4\nR-9,A,A,A,A\n")
    assert runner.invoke(args=["results", "import", str(paper_id), str(good)]).exit_code == 0
    before = rows(app, paper_id)
    path = write(tmp_path, text)
    out = runner.invoke(args=["results", "import", str(paper_id), str(path)])
    assert out.exit_code == 1
    assert f"{path}{problem}" in out.output and "nothing was imported" in out.output
    assert rows(app, paper_id) == before


def test_an_unknown_roll_number_is_kept_as_a_named_row_not_linked_to_anyone(app, runner, tmp_path, paper):
    paper_id, _keys = paper[0], paper[1]
    outsider = Person(app, "dev")  # a user, but not in the class: the sheet must not link to their account
    path = write(tmp_path, "roll,q1,q2,q3,q4\nZ-404,,,,\ndev,A,B,C,D\n")
    assert runner.invoke(args=["results", "import", str(paper_id), str(path)]).exit_code == 0
    got = rows(app, paper_id)
    assert got["Z-404"] == ("omr", False, 3, [None, None, None, None]) and got["dev"][1] is False
    assert outsider.get(f"/classes/papers/{paper_id}").status_code == 404


def test_unknown_paper_is_refused(app, runner, tmp_path, clock):
    out = runner.invoke(args=["results", "import", "999", str(write(tmp_path, "roll,q1\nx,A\n"))])
    assert out.exit_code == 1 and "No class test 999" in out.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClassPaper)) == 0
