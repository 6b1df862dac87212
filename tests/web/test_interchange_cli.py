"""`quizapp import` / `quizapp export` through Click's runner, on files the tests write, against the real DB."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, Document, Item, ReviewLog

GIFT = """$CATEGORY: Polity/Parliament

::fc:: Which article provides for the Finance Commission? {=Article 280 #right ~Article 275 ~Article 360 ~Article 356}

::rs:: The Rajya Sabha is dissolved every five years. {FALSE#It is a permanent body.}

::primes:: Which two are primes? {~%50%2 ~%50%3 ~%-100%4}

::speaker:: Who presides over the Lok Sabha? {=Speaker =the Speaker}

::essay:: Discuss the role of the Speaker in a parliamentary democracy. {}
"""

MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>$course$/Economy/Banking</text></category></question>
<question type="multichoice"><name><text>repo</text></name>
<questiontext format="html"><text><![CDATA[<p>Which rate does the RBI lend to banks at overnight?</p>]]></text></questiontext>
<generalfeedback format="html"><text>The repo rate.</text></generalfeedback>
<single>true</single>
<answer fraction="100"><text>Repo rate</text></answer>
<answer fraction="0"><text>Reverse repo rate</text></answer>
<answer fraction="0"><text>Bank rate</text></answer>
</question>
<question type="multichoice"><name><text>multi</text></name>
<questiontext format="html"><text>Pick the two</text></questiontext>
<single>false</single>
<answer fraction="50"><text>a</text></answer>
<answer fraction="50"><text>b</text></answer>
<answer fraction="-100"><text>c</text></answer>
</question>
</quiz>
"""

AIKEN = """Which schedule of the Constitution lists the languages?
A. Seventh
B. Eighth
C. Ninth
D. Tenth
ANSWER: B

Who appoints the Chief Election Commissioner?
A. The Prime Minister
B. The President
ANSWER: B
"""

CSV = "stem,A,B,C,D,answer,explanation,topic,tags\nCapital of Assam?,Guwahati,Dispur,Shillong,Imphal,B,Dispur is the capital.,Geography,states; northeast\n"
ANKI_CSV = "#separator:tab\n#html:false\n#tags column:3\nChipko movement began in which state?\tUttarakhand\tenvironment\n"


def items(app, bank_like: str = "imp-%") -> list[Item]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Item).where(Item.document_id.like(bank_like)).order_by(Item.id)))


def n_items(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Item))


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def apkg_bytes(tmp_path, reviews=()) -> bytes:
    import genanki

    from tests.unit.formats.test_apkg import build

    notes = [genanki.Note(genanki.BASIC_MODEL, ["Who wrote the Arthashastra?", "Kautilya"], tags=["history"]),
             genanki.Note(genanki.BASIC_MODEL, ["Capital of the Mauryas?", "Pataliputra"])]
    return build(tmp_path, {"Ancient India": notes}, reviews=list(reviews))


CASES = [
    ("bank.gift", GIFT, {"mcq": 2, "fact": 1, "essay": 1}, 1),
    ("bank.xml", MOODLE, {"mcq": 1}, 1),
    ("bank.txt", AIKEN, {"mcq": 2}, 0),
    ("sheet.csv", CSV, {"mcq": 1}, 0),
    ("anki.txt", ANKI_CSV, {"fact": 1}, 0),
]


@pytest.mark.parametrize("name,text,by_type,n_skipped", CASES, ids=[c[0] for c in CASES])
def test_import_each_format_dry_run_then_real(app, runner, tmp_path, name, text, by_type, n_skipped):
    path = write(tmp_path, name, text)
    fmt = {"anki.txt": "csv", "bank.txt": "aiken"}.get(name, "auto")
    dry = runner.invoke(args=["import", str(path), "--format", fmt, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"would import {sum(by_type.values())} questions" in dry.output and "nothing written" in dry.output
    assert n_items(app) == 0
    real = runner.invoke(args=["import", str(path), "--format", fmt, "--bank", "My bank"])
    assert real.exit_code == 0, real.output
    assert real.output.count(": skipped: ") == n_skipped
    stored = items(app)
    assert {t: sum(i.type == t for i in stored) for t in by_type} == by_type
    assert len(stored) == sum(by_type.values())
    for item in stored:
        assert item.quote == "" and item.provenance["file"] == name and item.provenance["imported_at"]
    with app.app_context():
        doc = db.session.scalar(sa.select(Document).where(Document.kind == "import"))
        assert doc.title == "My bank" and doc.owner_id is None


def test_apkg_import_dry_run_then_real(app, runner, tmp_path):
    path = write(tmp_path, "deck.apkg", apkg_bytes(tmp_path))
    dry = runner.invoke(args=["import", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "would import 2 questions" in dry.output, dry.output
    assert n_items(app) == 0
    real = runner.invoke(args=["import", str(path)])
    assert real.exit_code == 0, real.output
    stored = items(app)
    assert sorted(i.answer for i in stored) == ["Kautilya", "Pataliputra"]
    with app.app_context():
        assert db.session.scalar(sa.select(Document.title).where(Document.kind == "import")) == "Ancient India"


def test_skipped_questions_are_each_on_their_own_line(app, runner, tmp_path):
    path = write(tmp_path, "bank.gift", GIFT)
    result = runner.invoke(args=["import", str(path)])
    lines = result.output.splitlines()
    assert "bank.gift:7: skipped: multiple-response questions with partial credit are not supported" in lines
    assert "skipped 1" in lines


@pytest.mark.parametrize("name,text,where", [
    ("bad.gift", "::a:: ok {=x ~y}\n\n::b:: broken {=x ~y\n", "bad.gift:3:"),
    ("bad.xml", "<?xml version='1.0'?>\n<quiz>\n<question type='multichoice'>\n</quiz>\n", "bad.xml:"),
    ("bad.txt", "Q?\nA. x\nB. y\nANSWER: E\n", "bad.txt:4:"),
    ("bad.csv", "stem,A,B,C,D,answer,explanation,topic,tags\nOK,a,b,c,d,A,,,\nBad,a,b,c,d,Z,,,\n", "bad.csv:3:"),
])
def test_malformed_file_writes_nothing_and_exits_1(app, runner, tmp_path, name, text, where):
    write(tmp_path, "good.gift", GIFT)
    runner.invoke(args=["import", str(tmp_path / "good.gift")])
    before = n_items(app)
    fmt = "aiken" if name.endswith(".txt") else "auto"
    result = runner.invoke(args=["import", str(write(tmp_path, name, text)), "--format", fmt])
    assert result.exit_code == 1
    assert f"Error: {where}" in result.output, result.output
    assert n_items(app) == before
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 1


def test_apkg_with_traversal_path_is_refused(app, runner, tmp_path):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../evil", b"x")
    result = runner.invoke(args=["import", str(write(tmp_path, "evil.apkg", buf.getvalue()))])
    assert result.exit_code == 1 and "evil.apkg: ../evil: unsafe path" in result.output
    assert n_items(app) == 0


def test_unknown_owner_is_refused_before_reading(app, runner, tmp_path):
    result = runner.invoke(args=["import", str(write(tmp_path, "bank.gift", GIFT)), "--owner", "nobody"])
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output
    assert n_items(app) == 0


def test_reimport_updates_the_same_bank_instead_of_duplicating(app, runner, tmp_path):
    path = write(tmp_path, "bank.gift", GIFT)
    runner.invoke(args=["import", str(path)])
    first = [i.id for i in items(app)]
    runner.invoke(args=["import", str(path)])
    assert [i.id for i in items(app)] == first


def _shape(item_rows):
    return sorted((i.type, i.stem, tuple(i.options), i.answer, i.explanation, i.topic.name if i.topic else None)
                  for i in item_rows)


@pytest.mark.parametrize("fmt,kinds", [
    ("gift", {"mcq", "fact", "essay"}), ("moodle-xml", {"mcq", "fact", "essay"}), ("csv", {"mcq"}), ("apkg", None),
])
def test_export_then_reimport_gives_the_same_items(app, runner, tmp_path, fmt, kinds):
    runner.invoke(args=["import", str(write(tmp_path, "bank.gift", GIFT)), "--bank", "Original"])
    with app.app_context():
        doc_id = db.session.scalar(sa.select(Document.id).where(Document.title == "Original"))
        original = list(db.session.scalars(sa.select(Item).where(Item.document_id == doc_id)))
        want = _shape(i for i in original if kinds is None or i.type in kinds)
    out = tmp_path / f"out.{fmt}"
    exported = runner.invoke(args=["export", "--bank", doc_id, "--format", fmt, "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    again = runner.invoke(args=["import", str(out), "--format", fmt, "--bank", "Again"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        doc2 = db.session.scalar(sa.select(Document.id).where(Document.title == "Again"))
        back = list(db.session.scalars(sa.select(Item).where(Item.document_id == doc2)))
        if fmt == "apkg":
            # Anki notes are front/back cards: each item comes back as a fact whose front starts
            # with the stem (options listed below it) and whose back starts with the key
            assert {i.type for i in back} == {"fact"} and len(back) == len(original)
            by_stem = {i.stem: i for i in original}
            for b in back:
                o = by_stem[b.stem.split("\n")[0]]
                key = o.options[o.answer] if o.type == "mcq" else (o.answer or "")
                assert key in b.answer and b.topic.name == o.topic.name
        else:
            assert _shape(back) == want


def test_apkg_export_is_a_collection_with_one_note_per_item(app, runner, tmp_path):
    runner.invoke(args=["import", str(write(tmp_path, "bank.txt", AIKEN)), "--format", "aiken"])
    runner.invoke(args=["import", str(write(tmp_path, "sheet.csv", CSV))])
    out = tmp_path / "all.apkg"
    result = runner.invoke(args=["export", "--library", "shared", "--format", "apkg", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        (tmp_path / "col.anki2").write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "col.anki2")
    try:
        assert con.execute("select count(*) from notes").fetchone()[0] == n_items(app) == 3
        fields = {row[0].split("\x1f")[0].split("<br>")[0] for row in con.execute("select flds from notes")}
    finally:
        con.close()
    assert "Capital of Assam?" in fields


def test_export_needs_exactly_one_source(app, runner, tmp_path):
    result = runner.invoke(args=["export", "--format", "gift", "--out", str(tmp_path / "x.gift")])
    assert result.exit_code == 2 and "exactly one of --bank" in result.output
    missing = runner.invoke(args=["export", "--bank", "nope", "--format", "gift", "--out", str(tmp_path / "x.gift")])
    assert missing.exit_code == 1 and "no bank 'nope'" in missing.output
    assert not (tmp_path / "x.gift").exists()


def test_with_history_replays_the_revlog_into_the_owners_cards(app, runner, tmp_path):
    """The owner's card equals the same reviews replayed through fsrs directly (fuzz off, as the tests run)."""
    import datetime as dt

    import fsrs

    runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="monsoon-syllabus-42\n")
    day, t0 = 86_400_000, 1_700_000_000_000
    # (revlog id = ms, card index, ease, type, time_ms): learn, learn, lapse, relearn, review, manual reschedule
    reviews = [(t0, 0, 3, 0, 9000), (t0 + 600_000, 0, 3, 0, 4000), (t0 + 3 * day, 0, 1, 1, 15000),
               (t0 + 3 * day + 600_000, 0, 3, 2, 6000), (t0 + 10 * day, 0, 4, 1, 2000), (t0 + 11 * day, 0, 0, 4, 0)]
    path = write(tmp_path, "deck.apkg", apkg_bytes(tmp_path, reviews))
    refused = runner.invoke(args=["import", str(path), "--with-history"])
    assert refused.exit_code == 1 and "needs --owner" in refused.output and n_items(app) == 0
    result = runner.invoke(args=["import", str(path), "--owner", "asha", "--with-history"])
    assert result.exit_code == 0, result.output
    assert "history: 5 reviews replayed into 1 cards" in result.output

    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=dt.datetime.fromtimestamp(t0 / 1000, tz=dt.UTC))
    for ms, _i, ease, _t, _time in reviews[:-1]:
        card, _ = scheduler.review_card(card, fsrs.Rating(ease), dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC))
    with app.app_context():
        [row] = db.session.scalars(sa.select(Card))
        assert (row.state, row.step, row.due, row.last_review) == (int(card.state), card.step, card.due, card.last_review)
        assert row.stability == pytest.approx(card.stability) and row.difficulty == pytest.approx(card.difficulty)
        assert row.reps == 5 and row.lapses == 1
        logs = list(db.session.scalars(sa.select(ReviewLog).order_by(ReviewLog.reviewed_at)))
        assert [log.rating for log in logs] == [3, 3, 1, 3, 4] and {log.origin for log in logs} == {"anki"}
        assert db.session.get(Item, row.item_id).answer == "Kautilya"
        assert db.session.scalar(sa.select(Document.owner_id)) == row.user_id


def test_banks_load_leaves_imported_banks_alone(app, runner, tmp_path):
    from quizapp.content.loader import load_banks
    from tests.web.test_library import BANKS, SOURCES

    runner.invoke(args=["import", str(write(tmp_path, "bank.gift", GIFT))])
    with app.app_context():
        load_banks(BANKS, SOURCES)
        assert {i.status for i in db.session.scalars(sa.select(Item).where(Item.provenance.is_not(None)))} == {"generated"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Item).where(Item.provenance.is_not(None))) == 4


def _moodle(questions: list[tuple[str, str, tuple[str, ...]]]) -> str:
    body = "".join(
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f"<questiontext><text>{stem}</text></questiontext><single>true</single>"
        '<answer fraction="100"><text>Yes</text></answer><answer fraction="0"><text>No</text></answer>'
        + ("<tags>" + "".join(f"<tag><text>{t}</text></tag>" for t in tags) + "</tags>" if tags else "")
        + "</question>"
        for name, stem, tags in questions)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>{body}</quiz>\n'


def test_reimport_rewrites_wording_and_tag_rows_revives_retired_and_keeps_held(app, runner, tmp_path):
    """The bulk write's update path: same ids, new wording, tag rows replaced only where the tags changed,
    a retired item served again, a held one left held, and no version row (versions start at the first edit)."""
    from quizapp.models import ItemTag, ItemVersion, Topic

    first = _moodle([("q1", "First stem?", ("a", "b")), ("q2", "Second stem?", ("a",)), ("q3", "Third?", ())])
    result = runner.invoke(args=["import", str(write(tmp_path, "bank.xml", first))])
    assert result.exit_code == 0, result.output
    by_name = {i.provenance["name"]: i.id for i in items(app)}
    with app.app_context():
        db.session.execute(sa.update(Item).where(Item.id == by_name["q2"]).values(status="retired"))
        db.session.execute(sa.update(Item).where(Item.id == by_name["q3"]).values(status="held"))
        db.session.commit()
    second = _moodle([("q1", "First stem, reworded?", ("a", "c")), ("q2", "Second stem?", ("a",)),
                      ("q3", "Third?", ()), ("q4", "Fourth?", ("d",))])
    result = runner.invoke(args=["import", str(write(tmp_path, "bank.xml", second))])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = {i.provenance["name"]: i for i in db.session.scalars(sa.select(Item))}
        assert {n: r.id for n, r in rows.items() if n != "q4"} == by_name
        assert rows["q1"].stem == "First stem, reworded?" and rows["q1"].tags == ["a", "c"]
        assert {n: r.status for n, r in rows.items()} == {"q1": "generated", "q2": "generated", "q3": "held",
                                                          "q4": "generated"}
        tags = {(t.item_id, t.tag) for t in db.session.scalars(sa.select(ItemTag))}
        assert tags == {(rows["q1"].id, "a"), (rows["q1"].id, "c"), (rows["q2"].id, "a"), (rows["q4"].id, "d")}
        assert [r.start for r in sorted(rows.values(), key=lambda r: r.provenance["name"])] == [0, 1, 2, 3]
        assert {r.topic.name for r in rows.values()} == {"bank"}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Topic)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemVersion)) == 0
        assert {r.version for r in rows.values()} == {1}


def test_with_history_twice_keeps_the_cards_already_replayed(app, runner, tmp_path):
    """The second import finds the cards studied (reps > 0) and leaves them and their logs as they were."""
    runner.invoke(args=["users", "create", "asha", "--password-stdin"], input="monsoon-syllabus-42\n")
    t0 = 1_700_000_000_000
    path = write(tmp_path, "deck.apkg", apkg_bytes(tmp_path, [(t0, 0, 3, 0, 9000), (t0 + 600_000, 1, 1, 0, 500)]))
    for _ in range(2):
        result = runner.invoke(args=["import", str(path), "--owner", "asha", "--with-history"])
        assert result.exit_code == 0, result.output
    assert "history" not in result.output.splitlines()[-1]
    with app.app_context():
        cards = list(db.session.scalars(sa.select(Card).order_by(Card.id)))
        assert len(cards) == 2 and [c.reps for c in cards] == [1, 1]
        logs = list(db.session.scalars(sa.select(ReviewLog).order_by(ReviewLog.reviewed_at)))
        assert [(log.rating, log.card_id) for log in logs] == [(3, cards[0].id), (1, cards[1].id)]
        assert logs[0].card_before["state"] == 0 and logs[0].card_before["reps"] == 0
        assert logs[0].card_before["due"] == logs[0].reviewed_at.isoformat()
