"""Adding a learner's own document: read what they gave, recognise it by hash, queue its build.

No Flask: the routes pass the user id, the app's engine and config. Reading
(:func:`read`) writes nothing, so every refusal from ``quizapp.uploads`` is
a message and nothing else; only :func:`submit` writes, one job row, and
the document itself appears only when the ``build_document`` job commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

import sqlalchemy as sa

from quizapp.library.build import KIND, document_id
from quizapp.models import Document
from quizapp.tasks.jobs import FAILED, QUEUED, RUNNING, Job, SqlJobStore
from quizapp.uploads import Extracted, FetchPolicy, UploadError, content_hash, fetch_url, read_paste, read_upload
from quizapp.uploads.limits import MAX_BYTES

__all__ = ["Already", "Confirmed", "UploadError", "already_added", "job_for", "read", "reason", "submit"]


def read(*, text: str | None = None, filename: str | None = None, stream: IO[bytes] | None = None,
         url: str | None = None, config: Mapping[str, Any] | None = None) -> Extracted:
    """Exactly one of pasted text, a file or a URL, as text; ``UploadError`` says what is wrong with it."""
    if url:
        return fetch_url(url, FetchPolicy.from_config(config or {}))
    if stream is not None:
        return read_upload(filename or "", stream)
    return read_paste(text or "")


@dataclass(frozen=True)
class Already:
    """The same text was added before: its document, or the build still working on it."""

    document: Document | None = None
    job_id: int | None = None


def already_added(engine: sa.Engine, session: Any, user_id: int, text: str) -> Already | None:
    sha = content_hash(text)
    doc_id = document_id(user_id, sha)
    doc = session.get(Document, doc_id)
    if doc is not None and doc.owner_id == user_id:
        return Already(document=doc)
    store = _store(engine)
    for state in (QUEUED, RUNNING):
        for job in store.in_state(state):
            if job.kind == KIND and job.payload.get("user_id") == user_id and job.payload.get("sha256") == sha:
                return Already(job_id=job.id)
    return None


@dataclass(frozen=True)
class Confirmed:
    text: str
    title: str
    publisher: str | None
    published: dt.date | None
    as_of: dt.date | None
    file: str | None
    url: str | None


def submit(engine: sa.Engine, user_id: int, doc: Confirmed) -> int:
    """One job row, then its queue message (a lost message is resent by the worker's startup sweep)."""
    if not doc.text.strip() or len(doc.text.encode("utf-8")) > MAX_BYTES:
        raise UploadError("The text to build from is missing or too large. Start again from the add page.")
    payload = {
        "user_id": user_id, "text": doc.text, "sha256": content_hash(doc.text), "title": doc.title,
        "publisher": doc.publisher, "published": doc.published.isoformat() if doc.published else None,
        "as_of": doc.as_of.isoformat() if doc.as_of else None, "file": doc.file or (doc.url or "pasted text")[:255],
        "url": doc.url,
    }
    job_id = _store(engine).create(KIND, payload)
    from quizapp.tasks import queue

    queue.run_job(job_id)
    return job_id


def job_for(engine: sa.Engine, user_id: int, job_id: int) -> Job | None:
    """This learner's build job, or None (another learner's job is as absent as a missing one)."""
    job = _store(engine).get(job_id)
    if job is None or job.kind != KIND or job.payload.get("user_id") != user_id:
        return None
    return job


def reason(job: Job) -> str | None:
    """Why a failed build failed, in the learner's words (the job keeps the exception's class name too)."""
    if job.state != FAILED or not job.error:
        return None
    name, sep, rest = job.error.partition(": ")
    return rest if sep and name in ("BuildRefused", "UploadError") else job.error


_ready: set[str] = set()


def _store(engine: sa.Engine) -> SqlJobStore:
    store = SqlJobStore(engine)
    key = engine.url.render_as_string(hide_password=True)
    if key not in _ready:
        store.create_tables()  # idempotent; the worker makes the table too, whichever starts first
        _ready.add(key)
    return store
