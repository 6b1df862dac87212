"""Issue 17, acceptance 4: a real ``quizapp worker`` killed with SIGKILL in the middle of a document's build.

The worker is started with ``--hold-mid-write``: on the first attempt the
build stops inside its write transaction, after the document and its facts
are flushed, and leaves a sign. The test then kills the worker: nothing of
the document may be left, the job still says running under a dead owner, and
a fresh worker's startup sweep builds it again, completely, with the same
items a build that was never interrupted makes.
"""

from __future__ import annotations

import signal

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.library import adding, build
from quizapp.models import Document, Fact, Item, User
from quizapp.tasks.jobs import DONE, FAILED, RUNNING, SqlJobStore, owner_alive
from quizapp.uploads import content_hash
from tests.buildqueue import RIVER_NOTE, Workers, build_queue  # noqa: F401  (fixture)
from tests.unit.tasks.common import wait_until

TEXT = RIVER_NOTE
FAST = ("-d", "0.05", "-m", "0.2")


@pytest.fixture
def workers(app, database_url, build_queue, tmp_path):  # noqa: F811
    w = Workers(database_url, build_queue, tmp_path)
    try:
        yield w
    finally:
        w.stop_all()


def _rows(app, doc_id: str) -> tuple[int, int, int]:
    with app.app_context():
        return (db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(Document.id == doc_id)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Fact).where(Fact.document_id == doc_id)),
                db.session.scalar(sa.select(sa.func.count()).select_from(Item).where(Item.document_id == doc_id)))


def _job(app, job_id: int):
    with app.app_context():
        return SqlJobStore(db.engine).get(job_id)


def _submit(app, username: str, text: str) -> tuple[int, int]:
    with app.app_context():
        uid = db.session.scalar(sa.select(User.id).where(User.username == username))
        job_id = adding.submit(db.engine, uid, adding.Confirmed(
            text=text, title="River links", publisher="Ministry of Jal Shakti", published=None, as_of=None,
            file="river.txt", url=None))
        return uid, job_id


def test_sigkill_mid_build_leaves_nothing_then_a_fresh_worker_builds_it_completely(app, auth, workers, tmp_path):
    auth.register("asha")
    hold = tmp_path / "hold"
    hold.mkdir()
    first = workers.start(*FAST, "--hold-mid-write", str(hold))
    uid, job_id = _submit(app, "asha", TEXT)
    doc_id = build.document_id(uid, content_hash(TEXT))

    wait_until(lambda: (hold / f"writing-{job_id}-1").exists() or first.poll() is not None, 120,
               "the build to be inside its write")
    assert first.poll() is None, workers.log()
    assert _rows(app, doc_id) == (0, 0, 0), "the write is not committed yet"

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=15)
    job = _job(app, job_id)
    assert (job.state, job.attempts) == (RUNNING, 1) and not owner_alive(job.owner)
    assert _rows(app, doc_id) == (0, 0, 0), "a killed build must leave no document, fact or item"

    workers.start(*FAST)  # its startup sweep re-queues the orphan
    done = wait_until(lambda: (j := _job(app, job_id)).state in (DONE, FAILED) and j, 120, "the retried build")
    assert done.state == DONE, (done.error, workers.log())
    assert done.attempts == 2

    # Fully built: exactly what a build that was never interrupted makes, private to the learner.
    with app.app_context():
        payload = {"user_id": uid, "text": TEXT, "sha256": content_hash(TEXT), "title": "River links",
                   "publisher": "Ministry of Jal Shakti", "published": None, "as_of": None, "file": "river.txt"}
        fresh = build.plan(db.session, payload, lambda *_: None)
        items = {i.id: i.status for i in db.session.scalars(sa.select(Item).where(Item.document_id == doc_id))}
        doc = db.session.get(Document, doc_id)
        assert doc.owner_id == uid and doc.title == "River links"
    assert items == {raw["id"]: raw["status"] for raw in fresh.items}
    assert _rows(app, doc_id) == (1, len(fresh.facts), len(fresh.items))
    assert done.result == {"document": doc_id, "title": "River links", "facts": len(fresh.facts),
                           "items": len(fresh.items), "by_status": done.result["by_status"]}

    # And the queue goes on cleanly: the same text again is recognised, another document builds at once.
    with app.app_context():
        assert adding.already_added(db.engine, db.session, uid, TEXT).document.id == doc_id
    other = TEXT.replace("April 1975", "May 1975").replace("July 1982", "August 1982")
    _, next_id = _submit(app, "asha", other)
    nxt = wait_until(lambda: (j := _job(app, next_id)).state in (DONE, FAILED) and j, 120, "the next build")
    assert nxt.state == DONE and nxt.attempts == 1, (nxt.error, workers.log())


def test_a_text_with_nothing_to_ask_fails_with_its_reason_and_writes_nothing(app, auth, client, workers):
    auth.register("asha")
    workers.start(*FAST)
    plain = "Rivers matter to farmers everywhere. Good planning helps them share water fairly and well."
    uid, job_id = _submit(app, "asha", plain)
    job = wait_until(lambda: (j := _job(app, job_id)).state in (DONE, FAILED) and j, 120, "the build to end")
    assert job.state == FAILED, workers.log()
    status = client.get(f"/library/add/builds/{job_id}.json").get_json()
    assert status["state"] == "failed" and status["document_url"] is None
    assert status["reason"] == "No dates, lists or figures were found in the text, so there is nothing to ask about."
    assert _rows(app, build.document_id(uid, content_hash(plain))) == (0, 0, 0)
    page = client.get(f"/library/add/builds/{job_id}").get_data(as_text=True)
    assert "Failed" in page and "nothing to ask about" in page
