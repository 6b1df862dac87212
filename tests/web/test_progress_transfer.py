"""Export and import: a round trip reproduces the dashboard; a bad file is refused and changes nothing."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, StudySettings, User
from quizapp.progress import dashboard, providers, transfer
from quizapp.web.appstate import progress_caches
from tests.conftest import AuthActions, csrf_from
from tests.web.test_progress import fake_tests
from tests.web.test_progress_history import NOW, seed_history

NOTES: dict[int, list] = {}  # a stand-in feature's storage, keyed by user


def _import_notes(user_id, value, missing_items):
    missing = missing_items(n["item_id"] for n in value)
    if missing:
        raise ValueError(f"unknown items {missing}")
    NOTES[user_id] = list(value)


NOTES_SPEC = providers.ExportSpec(
    "notes", export=lambda uid: NOTES.get(uid, []), import_=_import_notes, is_empty=lambda uid: not NOTES.get(uid),
    schema={"type": "array", "items": {"type": "object", "required": ["item_id"]}},
)


@pytest.fixture
def asha(app, auth):
    app.config["CLOCK"] = lambda: NOW
    auth.register()
    return seed_history(app)


@pytest.fixture
def notes():
    NOTES.clear()
    with providers.registered("notes", export=NOTES_SPEC):
        yield NOTES
    NOTES.clear()


@pytest.fixture
def ravi(app):
    other = app.test_client()
    AuthActions(other).register("ravi")
    with app.app_context():
        other.user_id = db.session.scalar(sa.select(User.id).where(User.username == "ravi"))
    return other


def upload(client, body: bytes, name: str = "export.json"):
    token = csrf_from(client.get("/progress/").get_data(as_text=True))
    return client.post("/progress/import", data={"file": (io.BytesIO(body), name), "csrf_token": token},
                       content_type="multipart/form-data")


def counts(app, user_id: int) -> tuple[int, int, bool]:
    with app.app_context():
        cards = db.session.scalar(sa.select(sa.func.count()).select_from(Card).where(Card.user_id == user_id))
        logs = db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog).where(ReviewLog.user_id == user_id))
        return cards, logs, db.session.get(StudySettings, user_id) is not None


def summary(app, user_id: int) -> dict:
    with app.app_context():
        return dashboard.build(user_id, NOW, progress_caches())


def resign(doc: dict) -> bytes:
    doc["sha256"] = transfer.digest(doc["payload"])
    return json.dumps(doc).encode()


def test_round_trip_into_a_new_account_gives_equal_summaries(app, client, asha, ravi, notes):
    notes[asha] = [{"item_id": "a1", "text": "Article 17"}]
    with app.app_context():
        db.session.add(StudySettings(user_id=asha, srs={"desired_retention": 0.85}))
        db.session.commit()
    exported = client.get("/progress/export")
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert exported.headers["Content-Disposition"] in {'attachment; filename=quizapp-asha-2026-03-10.json',
                                                        'attachment; filename="quizapp-asha-2026-03-10.json"'}
    doc = exported.json
    assert doc["format"] == transfer.FORMAT and doc["version"] == 1 and len(doc["sha256"]) == 64
    assert len(doc["payload"]["cards"]) == 5 and len(doc["payload"]["review_logs"]) == 11
    extensions = dict(doc["payload"]["extensions"])
    assert extensions.pop("notes") == [{"item_id": "a1", "text": "Article 17"}]
    assert all(rows == [] for rows in extensions.values())  # the real features' sections: nothing written yet

    response = upload(ravi, exported.data)
    assert response.status_code == 302
    assert "Imported 5 cards and 11 reviews." in ravi.get("/progress/").get_data(as_text=True)
    before, after = summary(app, asha), summary(app, ravi.user_id)
    assert before["retention"]["desired"] == 0.85
    assert after == before
    assert notes[ravi.user_id] == notes[asha]
    # And the copy exports to the same payload (a review card's empty step once came back as 0)...
    assert ravi.get("/progress/export").json["payload"] == doc["payload"]
    # ...and can be studied at once.
    assert ravi.get("/api/v1/study/next").status_code == 200


def test_round_trip_keeps_trends_from_providers(app, client, asha, ravi):
    with providers.registered("tests", trend=fake_tests):
        upload(ravi, client.get("/progress/export").data)
        assert summary(app, ravi.user_id)["tests"] == summary(app, asha)["tests"]


def test_tampered_file_is_refused_and_changes_nothing(app, client, asha, ravi):
    doc = client.get("/progress/export").json
    doc["payload"]["review_logs"][0]["rating"] = 4  # edited by hand, digest left as it was
    response = upload(ravi, json.dumps(doc).encode())
    assert response.status_code == 422
    assert "changed after it was exported" in response.get_data(as_text=True)
    assert counts(app, ravi.user_id) == (0, 0, False)


@pytest.mark.parametrize(("body", "message"), [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (json.dumps({"format": "anki-collection", "version": 11}).encode(), "not a quizapp progress export"),
    (json.dumps([1, 2]).encode(), "not a quizapp progress export"),
    (json.dumps({"format": transfer.FORMAT, "version": 99}).encode(), "version 99 is not supported"),
])
def test_malformed_or_foreign_files_are_refused(app, client, asha, ravi, body, message):
    response = upload(ravi, body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_schema_errors_are_listed_even_with_a_valid_digest(app, client, asha, ravi):
    doc = client.get("/progress/export").json
    del doc["payload"]["cards"][0]["due"]
    doc["payload"]["review_logs"][1]["rating"] = 9
    html = upload(ravi, resign(doc)).get_data(as_text=True)
    assert "does not match the export format" in html
    assert "payload/cards/0: &#39;due&#39; is a required property" in html
    assert "payload/review_logs/1/rating" in html
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_unknown_items_are_refused(app, client, asha, ravi):
    doc = client.get("/progress/export").json
    for row in doc["payload"]["cards"] + doc["payload"]["review_logs"]:
        if row["item_id"] == "a2":
            row["item_id"] = "gone-1"
    html = upload(ravi, resign(doc)).get_data(as_text=True)
    assert "1 items in the file do not exist here (e.g. gone-1)" in html
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_inconsistent_rows_are_refused(app, client, asha, ravi):
    doc = client.get("/progress/export").json
    doc["payload"]["review_logs"][0]["reviewed_at"] = "2026-03-01T10:00:00"  # no zone
    doc["payload"]["review_logs"][1]["answer_id"] = doc["payload"]["review_logs"][2]["answer_id"]
    html = upload(ravi, resign(doc)).get_data(as_text=True)
    assert "has no time zone" in html and "share an answer_id" in html
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_only_a_fresh_account_can_import(app, client, asha):
    body = client.get("/progress/export").data
    response = upload(client, body)
    assert response.status_code == 422
    assert "fresh account only; this one already has 5 cards, 11 reviews" in response.get_data(as_text=True)
    assert counts(app, asha)[:2] == (5, 11)


def test_a_failure_while_writing_rolls_everything_back(app, client, asha, ravi, notes):
    notes[asha] = [{"item_id": "no-such-item"}]  # the extension refuses only after cards and logs are written
    response = upload(ravi, client.get("/progress/export").data)
    assert response.status_code == 422
    assert "notes data cannot be imported: unknown items" in response.get_data(as_text=True)
    assert counts(app, ravi.user_id) == (0, 0, False)
    assert ravi.user_id not in notes


def test_import_needs_csrf_and_a_file(app, client, asha, ravi):
    body = client.get("/progress/export").data
    no_token = ravi.post("/progress/import", data={"file": (io.BytesIO(body), "e.json")}, content_type="multipart/form-data")
    assert no_token.status_code == 400
    token = csrf_from(ravi.get("/progress/").get_data(as_text=True))
    empty = ravi.post("/progress/import", data={"csrf_token": token}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Choose a file exported from quizapp." in empty.get_data(as_text=True)
    wrong = upload(ravi, body, name="export.csv")
    assert "Choose a .json file" in wrong.get_data(as_text=True)
    assert counts(app, ravi.user_id) == (0, 0, False)


def test_cli_export_and_import(app, client, asha, ravi, runner, tmp_path):
    path = tmp_path / "asha.json"
    assert runner.invoke(args=["progress", "export", "asha", str(path)]).exit_code == 0
    result = runner.invoke(args=["progress", "import", "ravi", str(path)])
    assert result.exit_code == 0 and "imported 5 cards and 11 reviews into ravi" in result.output
    assert summary(app, ravi.user_id) == summary(app, asha)
    again = runner.invoke(args=["progress", "import", "ravi", str(path)])
    assert again.exit_code != 0 and "fresh account only" in again.output
