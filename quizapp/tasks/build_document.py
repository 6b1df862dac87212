"""The ``build_document`` job: a learner's added document through the bank pipeline, in the background.

Registered in :data:`quizapp.tasks.HANDLERS` at import; the pipeline and the
models are imported only when a job runs, so importing ``quizapp.tasks``
stays free of Flask. The payload carries the text and the confirmed metadata
(the add page wrote nothing else); the job row's state is the document's
build state: running, done (everything written in the one transaction that
marked it done) or failed with the reason shown on the progress page.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from quizapp.tasks.jobs import Handler, Job, Progress

KIND = "build_document"

#: Set by ``quizapp worker --hold-mid-write DIR`` (for the crash test): on a job's first attempt the
#: write step stops after the document and its facts are flushed, inside the uncommitted transaction,
#: leaves DIR/writing-<job>-<attempt> as a sign, and waits there to be killed.
HOLD_DIR: Path | None = None
HOLD_SECONDS = 120.0


def _compute(job: Job, progress: Progress) -> Any:
    from quizapp.library import build
    from quizapp.tasks import app_store

    with Session(app_store().engine) as session:  # reads only; closed before the write transaction opens
        return build.plan(session, job.payload, progress)


def _write(session: Session, job: Job, built: Any) -> Any:
    from quizapp.library import build

    return build.write(session, built, between=lambda: _hold(job))


def _hold(job: Job) -> None:
    if HOLD_DIR is None:
        return
    (HOLD_DIR / f"writing-{job.id}-{job.attempts}").write_text("mid-write")
    if job.attempts == 1:
        threading.Event().wait(HOLD_SECONDS)


HANDLER = Handler(compute=_compute, write=_write)
