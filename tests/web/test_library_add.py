"""/library/add through the real pages: paste, file or link, confirm the metadata, a queued build job.

Bad input (issue 17, acceptance 5) gets a clear message and writes nothing:
every such test counts documents, facts, items and build jobs before and after.
The build itself runs here through the same ``plan``/``write`` the job uses
(the real consumer runs it in tests/browser and tests/unit/tasks).
"""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from quizapp.extensions import db
from quizapp.library import build
from quizapp.models import Document, Fact, Item, User
from quizapp.tasks.jobs import QUEUED, SqlJobStore, jobs_table
from tests.buildqueue import RIVER_NOTE, build_queue  # noqa: F401  (fixture: this test's own queue file and job table)
from tests.conftest import csrf_from
from tests.unit.uploads.builders import image_only_pdf, two_page_pdf

TEXT = RIVER_NOTE


def counts(app) -> tuple[int, int, int, int]:
    with app.app_context():
        SqlJobStore(db.engine).create_tables()
        return (db.session.scalar(sa.select(sa.func.count()).select_from(Document)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Fact)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Item)),
                db.session.scalar(sa.select(sa.func.count()).select_from(jobs_table)))


@pytest.fixture
def learner(client, auth, build_queue):  # noqa: F811
    auth.register("asha")
    return client


def token(client, path: str = "/library/add") -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


def add(client, **data):
    """The add form's POST, its multipart body built in memory (the test client spools big ones to a file
    it does not close when the app refuses the body unread)."""
    fields = {"csrf_token": token(client), **data}
    if "file" in data:
        name, body = data["file"]
        fields["file"] = FileStorage(io.BytesIO(body), filename=name, content_type="application/octet-stream")
    boundary, body = encode_multipart(fields)
    return client.post("/library/add", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def confirm_fields(html: str) -> dict[str, str]:
    import html as h
    import re

    out = {}
    for name in ("text", "file", "url"):
        m = re.search(rf'<input[^>]*name="{name}"[^>]*type="hidden" value="([^"]*)"', html, re.S) or \
            re.search(rf'<input[^>]*type="hidden"[^>]*name="{name}"[^>]*value="([^"]*)"', html, re.S) or \
            re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*type="hidden"', html, re.S)
        out[name] = h.unescape(m.group(1)) if m else ""
    for name in ("title", "publisher", "published", "as_of"):
        m = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html) or \
            re.search(rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', html)
        out[name] = h.unescape(m.group(1)) if m else ""
    return out


def test_pasted_text_shows_guesses_then_queues_one_build_job_and_nothing_else(app, learner, client, auth):
    before = counts(app)
    page = add(client, text=TEXT)
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[:500]
    fields = confirm_fields(html)
    assert fields["title"] == "River linking in India: a status note"
    assert fields["publisher"] == "Ministry of Jal Shakti"
    assert fields["published"] == "2024-07-14"
    assert counts(app) == before, "reading a document writes nothing"

    done = client.post("/library/add/confirm", data={**fields, "title": "River links", "csrf_token": token(client)})
    assert done.status_code == 303, done.get_data(as_text=True)[:800]
    job_path = done.headers["Location"]
    assert counts(app) == (before[0], before[1], before[2], before[3] + 1)
    with app.app_context():
        job = SqlJobStore(db.engine).in_state(QUEUED)[-1]
        uid = db.session.scalar(sa.select(User.id).where(User.username == "asha"))
    assert job.kind == "build_document" and job.payload["user_id"] == uid
    assert (job.payload["title"], job.payload["published"]) == ("River links", "2024-07-14")
    assert job_path.endswith(f"/library/add/builds/{job.id}")

    progress = client.get(job_path)
    assert progress.status_code == 200 and "build_progress.js" in progress.get_data(as_text=True)
    status = client.get(job_path + ".json").get_json()
    assert (status["state"], status["title"], status["reason"]) == ("queued", "River links", None)

    # The same text again, while it is still queued: recognised, and no second job.
    again = add(client, text=TEXT.replace("\n", "\r\n"))
    assert again.status_code == 409 and "still being built" in again.get_data(as_text=True)
    assert counts(app)[3] == before[3] + 1

    # Another learner's build is not there at all.
    auth.logout()
    auth.register("ravi")
    assert client.get(job_path).status_code == 404
    assert client.get(job_path + ".json").status_code == 404


def _build_now(app, username: str, text: str, title: str = "River links") -> dict:
    """What the build job does, in this process: plan, then write in one transaction."""
    from quizapp.uploads import content_hash

    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == username))
        payload = {"user_id": uid, "text": text, "sha256": content_hash(text), "title": title,
                   "publisher": None, "published": "2024-07-14", "as_of": "2024-07-14", "file": "notes.txt"}
        plan = build.plan(db.session, payload, lambda *_: None)
        result = build.write(db.session, plan)
        db.session.commit()
        return result


def test_a_built_document_is_private_its_items_wait_in_review_and_the_same_file_again_is_recognised(
        app, learner, client, auth):
    result = _build_now(app, "asha", TEXT)
    assert result["items"] >= 4 and result["by_status"].get("generated", 0) >= 3, result
    with app.app_context():
        doc = db.session.get(Document, result["document"])
        assert doc.owner_id is not None and doc.kind == "source"
        ids = set(db.session.scalars(sa.select(Item.id).where(Item.document_id == doc.id)))
    queue = client.get("/review/", query_string={"document": result["document"]}).get_data(as_text=True)
    assert sum(f'data-item="{i}"' in queue for i in ids) == result["items"]

    # The same text as an uploaded file: recognised by its hash, and says where it is.
    before = counts(app)
    again = add(client, file=("river.txt", TEXT.encode()))
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and "You have added this text before" in html
    assert f"/library/documents/{result['document']}" in html
    assert counts(app) == before

    # Another learner adding the same text gets a document of their own: ids never collide.
    auth.logout()
    auth.register("ravi")
    assert client.get(f"/library/documents/{result['document']}").status_code == 404
    theirs = _build_now(app, "ravi", TEXT)
    assert theirs["document"] != result["document"] and theirs["items"] == result["items"]


def test_an_upload_that_asks_what_a_studied_document_asks_is_held_duplicate_elsewhere(app, learner, client, auth):
    # the same note again with a line of its own: a second document, whose items repeat the first one's
    first = _build_now(app, "asha", TEXT)
    second = _build_now(app, "asha", TEXT + "\nThese notes were revised for the July batch.\n", title="River links, revised")

    def served(doc_id: str) -> dict[str, tuple[str, list[str]]]:
        with app.app_context():
            return {it.stem: (it.status, list(it.hold_reasons or []))
                    for it in db.session.scalars(sa.select(Item).where(Item.document_id == doc_id))}

    mine, again = served(first["document"]), served(second["document"])
    repeated = [stem for stem, (status, _r) in mine.items() if status == "generated" and stem in again]
    assert repeated, "the revised note asks none of the first note's questions"
    for stem in repeated:
        assert again[stem] == ("held", ["duplicate_elsewhere"]), (stem, again[stem])
    # another learner's document is not theirs to study: nothing of asha's holds ravi's items
    auth.logout()
    auth.register("ravi")
    theirs = served(_build_now(app, "ravi", TEXT)["document"])
    assert all(theirs[stem][0] == "generated" for stem in repeated)


# -- bad input: a clear message, nothing written ------------------------------------------------------


def _refused(app, client, expected: str, status: int = 422, **data) -> None:
    before = counts(app)
    page = add(client, **data)
    html = page.get_data(as_text=True)
    assert page.status_code == status, html[:500]
    assert expected in html, html[:2000]
    assert counts(app) == before, "a refused document must write nothing"


def test_an_empty_file_is_refused(app, learner, client):
    _refused(app, client, "This file is empty.", file=("empty.txt", b""))


def test_a_binary_file_is_refused(app, learner, client):
    _refused(app, client, "does not look like text", file=("blob.txt", bytes(range(256)) * 40))


def test_a_50_mb_file_is_refused_with_the_limit(app, learner, client):
    _refused(app, client, "This file is larger than 10 MB, the limit.", status=413,
             file=("huge.txt", b"word " * (10 * 1024 * 1024)))


def test_a_file_just_over_10_mb_is_refused_by_the_reader(app, learner, client):
    _refused(app, client, "This file is larger than 10 MB, the limit.", file=("big.txt", b"a" * (10 * 1024 * 1024 + 10)))


def test_a_pdf_with_no_text_layer_is_refused(app, learner, client):
    _refused(app, client, "This PDF has no text; scanned pages need OCR", file=("scan.pdf", image_only_pdf()))


def test_a_two_page_pdf_is_read_with_its_pages(app, learner, client):
    page = add(client, file=("release.pdf", two_page_pdf()))
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html[:800]
    assert "on 2 pages from <code>release.pdf</code>" in html


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A local server that accepts connections and never answers."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield srv.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        srv.close()


def test_a_url_that_times_out_is_refused(app, learner, client, silent_server):
    app.config.update(QUIZAPP_FETCH_ALLOW="127.0.0.0/8", QUIZAPP_FETCH_TIMEOUT="1")
    _refused(app, client, "did not answer within 1 seconds", url=f"http://127.0.0.1:{silent_server}/report.pdf")


def test_a_url_to_loopback_is_refused_when_not_allowed(app, learner, client, silent_server):
    assert not app.config.get("QUIZAPP_FETCH_ALLOW")
    _refused(app, client, "Links to private or local network addresses (127.0.0.1) are not allowed",
             url=f"http://127.0.0.1:{silent_server}/")


def test_nothing_given_or_two_things_at_once_is_refused(app, learner, client):
    _refused(app, client, "Paste some text, choose a file or give a link.")
    _refused(app, client, "Give one thing at a time", text=TEXT, url="https://example.org/")


def test_the_forms_need_their_csrf_token(app, learner, client):
    before = counts(app)
    assert client.post("/library/add", data={"text": TEXT}).status_code == 400
    assert client.post("/library/add/confirm", data={"text": TEXT, "title": "x"}).status_code == 400
    assert counts(app) == before
